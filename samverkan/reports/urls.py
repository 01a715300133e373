from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.issued_list, name="issued"),
    path("<int:pk>/", views.issued_detail, name="issued_detail"),
    path("<int:pk>/fil/", views.issued_file, name="issued_file"),
    path("mote/<int:pk>/paket/", views.pack, name="pack"),
    path("mote/<int:pk>/analyser/", views.choose_analyses, name="analyses"),
    path("mote/<int:pk>/utskrift/", views.print_view, name="print"),
    path("mall/", views.template_upload, name="template"),
]
