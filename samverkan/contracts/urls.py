from django.urls import path

from samverkan.core.routing import child

from . import views

app_name = "contracts"


urlpatterns = [
    path("", views.ContractListView.as_view(), name="contracts"),
    path("ny/", views.ContractEditView.as_view(), name="contract_add"),
    path("<int:pk>/", views.ContractDetailView.as_view(), name="contract"),
    path("<int:pk>/andra/", views.ContractEditView.as_view(), name="contract_edit"),
    path("<int:pk>/arkivera/", views.ContractArchiveView.as_view(), name="contract_archive"),
    *child("<int:parent>/parter", "party", views.PartyEditView, views.PartyDeleteView),
    *child("<int:parent>/optioner", "option", views.OptionEditView, views.OptionDeleteView),
    *child("<int:parent>/dokument", "document", views.DocumentEditView, views.DocumentDeleteView),
    path("<int:parent>/dokument/<int:pk>/fil/", views.document_download, name="document_file"),
    path("leverantorer/<int:pk>/", views.SupplierContractsView.as_view(), name="supplier"),
    path("kalender/", views.calendar, name="calendar"),
    path("kalender/prenumeration/", views.calendar_tokens, name="calendar_tokens"),
    path("kalender/<str:token>.ics", views.calendar_feed_view, name="calendar_feed"),
]
