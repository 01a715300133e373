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
    path("ta-fram/<slug:kind>/", views.make, name="make"),
    path("utskrift/<slug:kind>/", views.print_document, name="print_document"),
    path("mall/", views.template_upload, name="template"),
]
