"""Pages of the calculators: the overview, a saved calculation with its computed table, its
form (the inputs as rows), the cooperation's hourly costs and the licence comparison."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from samverkan.core import permissions
from samverkan.core.views import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ScopedMixin,
    form_title,
    save_or_report,
)
from samverkan.finance.allocation import AllocationError
from samverkan.ledger import reconciliation

from .. import charts, exports, forms
from ..calculators import hosting, procurement
from ..models import Calculation, HourlyCost, Scenario
from ..services import calculations
from ..services import licences as licence_service


def may_add(user) -> bool:
    """Whether the user may add calculations, scenarios and hourly costs: an editor somewhere."""
    return user.is_superuser or bool(permissions.organisations_where(user,
                                                                     permissions.Role.EDITOR))


def index(request):
    user = request.user
    context = {
        "calculations": Calculation.objects.for_user(user).filter(archived_at__isnull=True)
        .select_related("organisation", "owner"),
        "scenarios": Scenario.objects.for_user(user).filter(archived_at__isnull=True)
        .select_related("organisation"),
        "hourly_costs": HourlyCost.objects.for_user(user).filter(archived_at__isnull=True)
        .select_related("organisation"),
        "kinds": Calculation.Kind.choices,
        "can_add": may_add(user),
    }
    return render(request, "analysis/index.html", context)


class CalculationDetailView(ObjectDetailView):
    model = Calculation
    queryset = Calculation.objects.select_related("organisation", "owner")
    template_name = "analysis/calculation_detail.html"

    def get(self, request, *args, **kwargs):
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            calculation = self.get_object()
            return exports.calculation_response(calculation, _compute(calculation)[0], export)
        return super().get(request, *args, **kwargs)

    def extra_context(self, obj) -> dict:
        result, error = _compute(obj)
        context = {"error": error, "result": result, "members": calculations.members(obj),
                   "share_key": calculations.share_key(obj)}
        if isinstance(result, procurement.Result):
            context["template"] = "analysis/_procurement.html"
            context["chart"] = charts.procurement_chart(result)
        elif isinstance(result, hosting.Result):
            context["template"] = "analysis/_hosting.html"
            context["chart"] = charts.hosting_chart(result)
        return context


def _compute(calculation):
    try:
        return calculations.result(calculation), ""
    except (calculations.MissingRate, procurement.InputError, hosting.InputError,
            AllocationError) as exc:
        return None, str(exc)


class CalculationEditView(ScopedMixin, View):
    model = Calculation
    template_name = "analysis/calculation_form.html"

    def instance(self):
        if "pk" in self.kwargs:
            return self.get_object(permissions.CHANGE)
        kind = self.kwargs.get("kind")
        if kind not in (Calculation.Kind.PROCUREMENT, Calculation.Kind.HOSTING):
            raise Http404
        if not may_add(self.request.user):
            raise PermissionDenied(_("Du har inte behörighet att lägga till poster."))
        return Calculation(kind=kind, year=datetime.date.today().year)

    def formset(self, calculation, data=None):
        if calculation.kind == Calculation.Kind.PROCUREMENT:
            return forms.ActivityFormSet(data, prefix="rad",
                                         initial=forms.activity_initial(calculation.inputs))
        return forms.CostLineFormSet(data, prefix="rad",
                                     initial=forms.line_initial(calculation.inputs))

    def get(self, request, *args, **kwargs):
        calculation = self.instance()
        form = forms.CalculationForm(instance=calculation, user=request.user,
                                     kind=calculation.kind)
        return self.render(calculation, form, self.formset(calculation))

    def post(self, request, *args, **kwargs):
        calculation = self.instance()
        form = forms.CalculationForm(request.POST, instance=calculation, user=request.user,
                                     kind=calculation.kind)
        rows = self.formset(calculation, request.POST)
        if form.is_valid() and rows.is_valid():
            inputs = form.common_inputs()
            if calculation.kind == Calculation.Kind.PROCUREMENT:
                inputs["activities"] = forms.activities_from(rows)
            else:
                inputs["alternatives"] = forms.alternatives_from(rows)
            saved = save_or_report(form, lambda: calculations.save_calculation(
                request.user, form.save(commit=False), inputs,
                expected_version=form.cleaned_data.get("expected_version")))
            if saved is not None:
                messages.success(request, _("Sparat: %(name)s") % {"name": saved})
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render(calculation, form, rows, status=400)

    def render(self, calculation, form, rows, status=200):
        cancel = calculation.get_absolute_url() if calculation.pk else reverse("analysis:index")
        return render(self.request, self.template_name, {
            "form": form, "rows": rows, "object": calculation if calculation.pk else None,
            "title": form_title(calculation), "kind": calculation.get_kind_display(),
            "cancel_url": cancel}, status=status)


class CalculationArchiveView(ObjectArchiveView):
    model = Calculation


class HourlyCostEditView(ObjectEditView):
    model = HourlyCost
    form_class = forms.HourlyCostForm

    def success_url(self, obj) -> str:
        return reverse("analysis:index")

    def cancel_url(self, instance) -> str:
        return reverse("analysis:index")


def licence_comparison(request):
    years = reconciliation.available_years()
    try:
        year = int(request.GET.get("ar") or (years[0] if years else datetime.date.today().year))
    except ValueError:
        raise Http404 from None
    table = licence_service.comparison(request.user, year)
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        return exports.licence_response(table, year, export)
    return render(request, "analysis/licences.html",
                  {"table": table, "year": year, "years": years})
