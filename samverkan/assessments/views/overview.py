"""The TIME chart with its data table, the members' spread, and the systems not yet assessed;
scoped to a cooperation or an organisation, the tables paged, the result table as XLSX/CSV."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from samverkan.core import exports
from samverkan.core.params import optional_int
from samverkan.organisations.models import Organisation

from ..services import overview, time_figures

PER_PAGE = 100
NOT_ASSESSED_PER_PAGE = 100


def _scope(request) -> overview.Scope:
    cooperation = optional_int(request.GET.get("samverkan"))
    organisation = optional_int(request.GET.get("organisation"))
    return overview.Scope(
        get_object_or_404(Organisation.active_cooperations(), pk=cooperation)
        if cooperation is not None else None,
        get_object_or_404(Organisation.objects.for_user(request.user), pk=organisation)
        if organisation is not None else None,
        datetime.date.today())


def _export(rows, fmt: str):
    header = [_("System"), _("Kommun"), _("Verksamhetsvärde"), _("Teknik och leverantör"),
              _("TIME"), _("Legala krav"), _("Beroenden"), _("Årlig kostnad (tkr)"),
              _("Kritikalitet"), _("Planerad åtgärd")]
    lines = ([r.system_name, r.organisation_name, r.business_value, r.technical_fit,
              r.disposition_label, _("Brister") if r.legal_knock_out else _("Ingen flagga"),
              r.dependencies, r.yearly_cost_tkr, r.criticality_label, r.planned_label]
             for r in rows)
    if fmt == "csv":
        return exports.csv_response("time", header, lines)
    return exports.xlsx_response("time", header, lines, _("TIME"))


@login_required
def time_overview(request):
    scope = _scope(request)
    ids = scope.ids
    export = request.GET.get("export")
    if export in ("xlsx", "csv"):
        return _export(overview.all_result_rows(request.user, ids), export)
    shown = time_figures.page(request.user, ids)
    page = Paginator(shown.table, PER_PAGE).get_page(request.GET.get("sida"))
    not_assessed = Paginator(overview.not_assessed(request.user, ids),
                             NOT_ASSESSED_PER_PAGE).get_page(request.GET.get("ej_sida"))
    chosen = {"samverkan": scope.cooperation.pk if scope.cooperation else "",
              "organisation": scope.organisation.pk if scope.organisation else ""}
    return render(request, "assessments/time.html", {
        "scope": scope, "scope_size": None if ids is None else len(ids),
        "rows": overview.result_rows(list(page.object_list)), "page": page,
        "chart": shown.chart, "spreads": shown.spreads, "not_assessed": not_assessed,
        "cooperations": Organisation.active_cooperations().values_list("pk", "name"),
        "organisations": Organisation.objects.for_user(request.user).filter(
            archived_at__isnull=True).exclude(kind__in=Organisation.JOINT_KINDS)
        .order_by("name", "pk").values_list("pk", "name"),
        "query": urlencode(chosen),
        "rows_query": urlencode({**chosen, "ej_sida": not_assessed.number}),
        "not_assessed_query": urlencode({**chosen, "sida": page.number}),
    })
