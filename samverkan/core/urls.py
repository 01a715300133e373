from django.urls import path

from . import views_pages

app_name = "core"

urlpatterns = [
    path("sok/", views_pages.global_search, name="search"),
    path("importer/", views_pages.import_list, name="imports"),
    path("meny/<slug:slug>/", views_pages.menu_page, name="menu"),
]
