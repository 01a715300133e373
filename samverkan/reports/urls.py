from django.urls import path

from . import basis_views, views

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
    path("jobb/<int:pk>/", views.job, name="job"),
    path("mall/", views.template_upload, name="template"),
    path("beslutsunderlag/<int:pk>/", basis_views.basis_detail, name="basis"),
    path("beslutsunderlag/<int:pk>/status/", basis_views.basis_state, name="basis_state"),
    path("punkt/<int:item>/beslutsunderlag/", basis_views.basis_for_item, name="basis_for_item"),
    path("punkt/<int:parent>/beslutsunderlag/skriv/", basis_views.DecisionBasisEditView.as_view(),
         name="basis_edit"),
]
