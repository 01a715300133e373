"""Pages for status reports: create one as of a date, read it as it was frozen, send it."""

from __future__ import annotations

import datetime

from django import forms as django_forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.forms import style
from samverkan.core.views import save_or_report

from .. import reporting
from ..forms import DATE
from ..models import Plan, StatusReport
from .common import run


class StatusReportForm(django_forms.Form):
    as_of = django_forms.DateField(label=gettext_lazy("Per datum"), widget=DATE)
    comment = django_forms.CharField(label=gettext_lazy("Objektledarens kommentar"),
                                     required=False, widget=django_forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


def _plan(request, parent, action=permissions.VIEW) -> Plan:
    plan = get_object_or_404(Plan.objects.for_user(request.user), pk=parent)
    if action != permissions.VIEW and not permissions.can(request.user, action, plan):
        raise PermissionDenied(_("Du har inte behörighet att ändra den här planen."))
    return plan


def create(request, parent):
    plan = _plan(request, parent, permissions.CHANGE)
    form = StatusReportForm(request.POST or None, initial={"as_of": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        report = save_or_report(form, lambda: reporting.create_report(
            request.user, plan, form.cleaned_data["as_of"], form.cleaned_data["comment"]))
        if report is not None:
            return HttpResponseRedirect(report.get_absolute_url())
    return render(request, "core/object_form.html", {
        "form": form, "title": _("Ny statusrapport för %(plan)s") % {"plan": plan},
        "cancel_url": plan.get_absolute_url(), "model": StatusReport,
    }, status=400 if request.method == "POST" else 200)


def detail(request, parent, pk):
    plan = _plan(request, parent)
    report = get_object_or_404(StatusReport.objects.select_related("created_by"), pk=pk,
                               plan=plan)
    return render(request, "planning/status_report.html", {
        "object": report, "plan": plan, "data": report.snapshot,
        "can_send": permissions.can(request.user, permissions.CHANGE, plan)
        and not report.is_frozen})


@require_POST
def send(request, parent, pk):
    plan = _plan(request, parent, permissions.CHANGE)
    report = get_object_or_404(StatusReport, pk=pk, plan=plan)
    return run(request, lambda: reporting.send(request.user, report),
               _("Rapporten är skickad och låst."), report.get_absolute_url())
