from django.urls import path
from django.views.generic import RedirectView

from samverkan.core.routing import governed

from . import views

app_name = "ledger"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="ledger:reconciliation"), name="home"),
    path("avstamning/", views.reconciliation_view, name="reconciliation"),
    path("kostnadsrader/", views.CostLineListView.as_view(), name="lines"),
    path("kostnadsrader/<int:pk>/", views.line_detail, name="line"),
    path("kostnadsrader/<int:pk>/matcha/", views.MatchLineView.as_view(), name="line_match"),
    path("verifikation/<int:batch>/", views.voucher_view, name="voucher"),
    path("omatchade/", views.UnmatchedListView.as_view(), name="unmatched"),
    path("importer/", views.import_list, name="imports"),
    path("importer/ny/", views.UploadView.as_view(), name="import_upload"),
    path("importer/<int:pk>/", views.ImportView.as_view(), name="import"),
    path("importer/<int:pk>/kolumner/", views.ColumnsView.as_view(), name="import_columns"),
    path("importer/<int:pk>/status/", views.import_status, name="import_status"),
    *governed("regler", "rule", "rules", views.RuleListView, views.RuleDetailView,
              views.RuleEditView, views.RuleArchiveView),
    *governed("kontoindelning", "account_category", "account_categories",
              views.AccountCategoryListView, None, views.AccountCategoryEditView,
              views.AccountCategoryArchiveView),
    # budgets are kept under Finansiering (one budget per object and year, with its outcome)
    path("budget/", RedirectView.as_view(pattern_name="finance:budgets"), name="budget"),
]
