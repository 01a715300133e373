"""Pages for budgets and their lines, with the follow-up."""

import datetime

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core import permissions
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import charts, exports, forms, services
from ..filtersets import (
    BudgetFilterSet,
)
from ..models import (
    Budget,
    BudgetLine,
)
from ..tables import (
    BudgetTable,
)
from .common import export_format

# -- budgets ---------------------------------------------------------------------------------------

class BudgetListView(ObjectListView):
    template_name = "finance/list.html"
    model = Budget
    queryset = Budget.objects.select_related("management_object__organisation", "key").annotate(
        total=Sum("lines__amount_ore"))
    table_class = BudgetTable
    filterset_class = BudgetFilterSet
    title = gettext_lazy("Budgetar per förvaltningsobjekt")
    add_url_name = "finance:budget_add"
    export_name = "budgetar"


class BudgetDetailView(ObjectDetailView):
    model = Budget
    queryset = Budget.objects.select_related("management_object__organisation", "key")
    template_name = "finance/budget_detail.html"

    def get(self, request, *args, **kwargs):
        fmt = export_format(request)
        if fmt:
            return self.export(self.get_object(), fmt)
        return super().get(request, *args, **kwargs)

    def follow_up(self, obj):
        result = services.budget_follow_up(obj, self.request.user)
        owner = obj.management_object.organisation_id
        result.members = services.visible_rows(self.request.user, owner, result.members)
        return result

    def extra_context(self, obj):
        result = self.follow_up(obj)
        return {
            "follow_up": result, "lines": obj.lines.all(),
            "everyone": permissions.reads_for(self.request.user, obj.management_object.organisation_id),
            "category_chart": charts.budget_by_category(result.categories) if result.categories
            else None,
            "member_chart": charts.budget_by_member(result.members) if result.members else None,
        }

    def export(self, budget, fmt):
        result = self.follow_up(budget)
        closed = result.closed
        header = [_("Kostnadsslag / medlem"), _("Budget (kr)"), _("Prognos helår (kr)"),
                  _("Utfall (kr)") if closed else _("Utfall hittills (kr)"),
                  _("Avvikelse utfall − budget (kr)") if closed
                  else _("Avvikelse prognos − budget (kr)")]
        known = result.ledger_loaded

        def outcome(ore):  # an outcome without an imported ledger is unknown, not zero
            return exports.kronor(ore) if known else _("ingen bokföring inläst")

        def deviation(outcome_variance, forecast_variance):
            if not closed:
                return exports.kronor(forecast_variance)
            return exports.kronor(outcome_variance) if known else ""

        rows = [[c.label, exports.kronor(c.budget_ore), exports.kronor(c.effective_forecast_ore),
                 outcome(c.outcome_ore),
                 deviation(c.outcome_variance_ore, c.forecast_variance_ore)]
                for c in result.categories]
        rows.append([_("Summa"), exports.kronor(result.budget_ore), exports.kronor(result.forecast_ore),
                     outcome(result.outcome_ore),
                     "" if result.variance_ore is None else exports.kronor(result.variance_ore)])
        rows += [[str(m.organisation), exports.kronor(m.budget_ore), exports.kronor(m.forecast_ore),
                  outcome(m.outcome_ore), deviation(m.variance_ore, m.forecast_variance_ore)]
                 for m in result.members]
        rows += [[note, "", "", "", ""] for note in result.population.notes]
        return exports.rows_response(f"budget-{budget.pk}-{budget.year}", header, rows, fmt,
                                     title=_("Budget"))


class BudgetEditView(ObjectEditView):
    model = Budget
    form_class = forms.BudgetForm

    def may_add(self):
        return permissions.is_editor_anywhere(self.request.user)

    def initial(self) -> dict:
        """From the object's page: the object and this year filled in."""
        chosen = self.request.GET.get("management_object", "")
        return {"management_object": chosen, "year": datetime.date.today().year} \
            if chosen.isdigit() else {}


class BudgetArchiveView(ObjectArchiveView):
    model = Budget


class BudgetLineEditView(ChildEditView):
    parent_model = Budget
    model = BudgetLine
    form_class = forms.BudgetLineForm
    parent_field = "budget"


class BudgetLineDeleteView(ChildDeleteView, BudgetLineEditView):
    pass
