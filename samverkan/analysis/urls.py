from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("", views.index, name="index"),
    path("berakningar/ny/<slug:kind>/", views.CalculationEditView.as_view(),
         name="calculation_add"),
    path("berakningar/<int:pk>/", views.CalculationDetailView.as_view(), name="calculation"),
    path("berakningar/<int:pk>/andra/", views.CalculationEditView.as_view(),
         name="calculation_edit"),
    path("berakningar/<int:pk>/arkivera/", views.CalculationArchiveView.as_view(),
         name="calculation_archive"),
    path("timkostnad/ny/", views.HourlyCostEditView.as_view(), name="hourly_cost_add"),
    path("timkostnad/<int:pk>/andra/", views.HourlyCostEditView.as_view(),
         name="hourly_cost_edit"),
    path("licenser/", views.licence_comparison, name="licences"),
    path("konsolidering/", views.consolidation_finder, name="consolidation"),
    path("konsolidering/<int:capability>/initiativ/", views.consolidation_initiative,
         name="consolidation_initiative"),
    path("jamforelse/", views.benchmark, name="benchmarks"),
    path("jamforelse/kategorier/ny/", views.ITCostCategoryEditView.as_view(),
         name="it_category_add"),
    path("jamforelse/kategorier/<int:pk>/andra/", views.ITCostCategoryEditView.as_view(),
         name="it_category_edit"),
    path("jamforelse/kategorier/<int:pk>/arkivera/", views.ITCostCategoryArchiveView.as_view(),
         name="it_category_archive"),
    path("jamforelse/import/", views.KeyFigureImportView.as_view(), name="keyfigure_import"),
    path("jamforelse/import/<int:pk>/", views.KeyFigureImportPreviewView.as_view(),
         name="keyfigure_import_preview"),
    path("scenarier/", views.compare_scenarios, name="scenarios"),
    path("scenarier/nytt/", views.ScenarioEditView.as_view(), name="scenario_add"),
    path("scenarier/<int:pk>/", views.ScenarioDetailView.as_view(), name="scenario"),
    path("scenarier/<int:pk>/andra/", views.ScenarioEditView.as_view(), name="scenario_edit"),
    path("scenarier/<int:pk>/steg/", views.add_step, name="scenario_step"),
    path("scenarier/<int:pk>/steg/<int:step_pk>/flytta/<slug:direction>/", views.move_step,
         name="scenario_step_move"),
    path("scenarier/<int:pk>/steg/<int:step_pk>/ta-bort/", views.remove_step,
         name="scenario_step_remove"),
]
