from django.urls import path

from samverkan.core.routing import child, governed

from . import views

app_name = "portfolio"


urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("system/import/", views.SystemImportView.as_view(), name="system_import"),
    path("system/import/<int:pk>/", views.SystemImportPreviewView.as_view(),
         name="system_import_preview"),
    *governed("system", "system", "systems", views.SystemListView, views.SystemDetailView,
              views.SystemEditView, views.SystemArchiveView),
    *child("system/<int:parent>/anvandning", "usage", views.UsageEditView, views.UsageDeleteView),
    *child("system/<int:parent>/integrationer", "integration", views.IntegrationEditView,
           views.IntegrationDeleteView),
    path("objekt/import/", views.ManagementObjectImportView.as_view(), name="object_import"),
    path("objekt/import/<int:pk>/", views.ManagementObjectImportPreviewView.as_view(),
         name="object_import_preview"),
    *governed("objekt", "object", "objects", views.ManagementObjectListView,
              views.ManagementObjectDetailView, views.ManagementObjectEditView,
              views.ManagementObjectArchiveView),
    *child("objekt/<int:parent>/roller", "role", views.ObjectRoleEditView,
           views.ObjectRoleDeleteView),
    *child("objekt/<int:parent>/styrgrupp", "steering", views.SteeringEditView,
           views.SteeringDeleteView),
    *child("objekt/<int:parent>/dokument", "document", views.DocumentEditView,
           views.DocumentDeleteView),
    path("objekt/<int:parent>/dokument/<int:pk>/fil/", views.document_download,
         name="document_file"),
    *governed("leverantorer", "supplier", "suppliers", views.SupplierListView, views.SupplierDetailView,
              views.SupplierEditView, views.SupplierArchiveView),
    *governed("produkter", "product", "products", views.ProductListView, views.ProductDetailView,
              views.ProductEditView, views.ProductArchiveView),
    *governed("omraden", "capability", "capabilities", views.CapabilityListView, views.CapabilityDetailView,
              views.CapabilityEditView, views.CapabilityArchiveView),
]
