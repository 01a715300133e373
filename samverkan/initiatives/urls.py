from django.urls import path

from samverkan.core.routing import child

from . import views

app_name = "initiatives"

urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="initiatives"),
    path("steg/", views.pipeline, name="pipeline"),
    path("nyttor/", views.benefit_follow_up, name="benefits"),
    path("prioritering/<int:pk>/", views.priorities, name="priorities"),
    path("ny/", views.InitiativeAddView.as_view(), name="initiative_add"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="detail"),
    path("<int:pk>/andra/", views.InitiativeEditView.as_view(), name="initiative_edit"),
    path("<int:pk>/arkivera/", views.InitiativeArchiveView.as_view(),
         name="initiative_archive"),
    path("<int:pk>/intresse/", views.register_interest, name="interest"),
    path("<int:pk>/steg/<slug:action>/", views.change_stage, name="stage"),
    path("deltagande/<int:pk>/teckna/", views.sign, name="sign"),
    path("deltagande/<int:pk>/dokument/", views.agreement_document, name="agreement_document"),
    path("<int:pk>/fakturera/<slug:budget>/", views.invoice, name="invoice"),
    path("<int:pk>/beslutsunderlag/<int:organisation>/", views.member_basis,
         name="member_basis"),
    *child("<int:parent>/nyttor", "benefit", views.BenefitEditView, views.BenefitDeleteView),
    *child("nyttor/<int:parent>/ar", "benefit_year", views.BenefitYearEditView,
           views.BenefitYearDeleteView),
    *child("<int:parent>/kostnader", "cost_year", views.CostYearEditView,
           views.CostYearDeleteView),
    *child("<int:parent>/externa-parter", "party", views.ExternalPartyEditView,
           views.ExternalPartyDeleteView),
    *child("<int:parent>/utbetalningar", "payment", views.PaymentEditView,
           views.PaymentDeleteView),
]
