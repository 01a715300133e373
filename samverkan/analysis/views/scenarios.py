"""Scenario pages: a scenario's ordered steps with their savings per municipality, adding a
step, and all scenarios side by side with the recommended one marked."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.services import StaleVersionError
from samverkan.core.views import ObjectDetailView, ObjectEditView, save_or_report

from .. import forms
from ..models import Scenario, ScenarioStep
from ..services import calculations
from .calculations import may_add


class ScenarioDetailView(ObjectDetailView):
    model = Scenario
    queryset = Scenario.objects.select_related("organisation", "owner")
    template_name = "analysis/scenario_detail.html"

    def extra_context(self, obj) -> dict:
        return {"summary": _summary(obj), "step_form": forms.StepForm(user=self.request.user)}


def _summary(scenario):
    try:
        return calculations.summary(scenario)
    except (ValueError, calculations.MissingRate):
        return None


class ScenarioEditView(ObjectEditView):
    model = Scenario
    form_class = forms.ScenarioForm

    def save(self, form):
        if not form.instance.pk:
            form.instance.owner = self.request.user
        return super().save(form)


@require_POST
def add_step(request, pk):
    scenario = get_object_or_404(Scenario.objects.for_user(request.user), pk=pk)
    form = forms.StepForm(request.POST, user=request.user)
    if not permissions.can(request.user, permissions.CHANGE, scenario):
        raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
    if form.is_valid():
        saved = save_or_report(form, lambda: calculations.add_step(
            request.user, scenario, form.cleaned_data["name"], form.cleaned_data["calculation"]))
        if saved is not None:
            messages.success(request, _("Sparat: %(name)s") % {"name": saved})
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return HttpResponseRedirect(scenario.get_absolute_url())


def _step(request, pk, step_pk):
    scenario = get_object_or_404(Scenario.objects.for_user(request.user), pk=pk)
    step = get_object_or_404(ScenarioStep, scenario=scenario, pk=step_pk)
    if not permissions.can(request.user, permissions.CHANGE, scenario):
        raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
    return scenario, step


@require_POST
def move_step(request, pk, step_pk, direction):
    """Move a step one place up or down (`upp`, `ned`)."""
    scenario, step = _step(request, pk, step_pk)
    offset = {"upp": -1, "ned": 1}.get(direction)
    if offset is None:
        raise Http404
    _run(request, lambda version: calculations.move_step(request.user, step, offset,
                                                         expected_version=version),
         _("Steget är flyttat: %(name)s") % {"name": step.name})
    return HttpResponseRedirect(scenario.get_absolute_url())


@require_POST
def remove_step(request, pk, step_pk):
    scenario, step = _step(request, pk, step_pk)
    _run(request, lambda version: calculations.remove_step(request.user, step,
                                                           expected_version=version),
         _("Steget är borttaget: %(name)s") % {"name": step.name})
    return HttpResponseRedirect(scenario.get_absolute_url())


def _run(request, change, done: str) -> None:
    """Make a step's change with the version its form was read at; a form without one is
    refused, as every form that changes a record is."""
    value = request.POST.get("expected_version", "")
    if not value.isdigit():
        messages.error(request, _("Formuläret saknar postens version. Ladda om sidan och gör "
                                  "ändringen igen."))
        return
    try:
        change(int(value))
    except StaleVersionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)


def compare_scenarios(request):
    scenarios = Scenario.objects.for_user(request.user).filter(
        archived_at__isnull=True).select_related("organisation")
    summaries = [s for s in (_summary(scenario) for scenario in scenarios) if s is not None]
    members = sorted({name for s in summaries for name in s.per_member})
    rows = [(name, [s.per_member.get(name) for s in summaries]) for name in members]
    return render(request, "analysis/scenario_compare.html",
                  {"summaries": summaries, "rows": rows, "can_add": may_add(request.user)})
