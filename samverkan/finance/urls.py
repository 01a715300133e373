from django.urls import path

from samverkan.core.routing import child, governed

from . import views

app_name = "finance"


urlpatterns = [
    path("", views.overview, name="overview"),
    path("sammanstallning/", views.summary_page, name="summary"),
    *governed("nycklar", "key", "keys", views.AllocationKeyListView, views.AllocationKeyDetailView,
              views.AllocationKeyEditView, views.AllocationKeyArchiveView, add=views.KeyCreateView),
    path("nycklar/<int:parent>/versioner/ny/", views.KeyVersionEditView.as_view(),
         name="version_add"),
    path("nycklar/<int:parent>/versioner/<int:pk>/", views.KeyVersionEditView.as_view(),
         name="version_edit"),
    *governed("pooler", "pool", "pools", views.CostPoolListView, views.CostPoolDetailView,
              views.CostPoolEditView, views.CostPoolArchiveView),
    path("pooler/<int:pk>/faststall/", views.approve_pool, name="pool_approve"),
    *child("pooler/<int:parent>/deltagare", "participant", views.ParticipantEditView,
           views.ParticipantDeleteView),
    path("fordelningar/", views.DistributionListView.as_view(), name="distributions"),
    path("fordelningar/<int:pk>/", views.distribution_detail, name="distribution"),
    path("underlag/", views.InvoicingBasisListView.as_view(), name="bases"),
    path("underlag/skapa/", views.IssueBasesView.as_view(), name="bases_issue"),
    path("underlag/<int:pk>/", views.basis_detail, name="basis"),
    path("underlag/<int:pk>/<str:fmt>/", views.basis_export, name="basis_export"),
    path("konton/", views.InvoiceAccountsListView.as_view(), name="accounts"),
    path("konton/ny/", views.InvoiceAccountsEditView.as_view(), name="accounts_add"),
    path("konton/<int:pk>/", views.InvoiceAccountsEditView.as_view(), name="accounts_edit"),
    path("konton/<int:pk>/arkivera/", views.InvoiceAccountsArchiveView.as_view(),
         name="accounts_archive"),
    *governed("tjanster", "service", "services", views.ServiceListView, views.ServiceDetailView,
              views.ServiceEditView, views.ServiceArchiveView),
    *child("tjanster/<int:parent>/priser", "price", views.ServicePriceEditView,
           views.ServicePriceDeleteView),
    path("volymer/", views.VolumeListView.as_view(), name="volumes"),
    path("volymer/ny/", views.VolumeEditView.as_view(), name="volume_add"),
    path("volymer/<int:pk>/", views.VolumeEditView.as_view(), name="volume_edit"),
    path("volymer/import/", views.VolumeImportView.as_view(), name="volume_import"),
    path("volymer/import/<int:pk>/", views.VolumeImportPreviewView.as_view(),
         name="volume_import_preview"),
    path("jamforelse/", views.comparison, name="comparison"),
    *governed("budgetar", "budget", "budgets", views.BudgetListView, views.BudgetDetailView,
              views.BudgetEditView, views.BudgetArchiveView),
    *child("budgetar/<int:parent>/rader", "budget_line", views.BudgetLineEditView,
           views.BudgetLineDeleteView),
]
