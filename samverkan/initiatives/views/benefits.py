"""Benefit follow-up (nyttorealisering, B6–B9) for a cooperation – the benefits of its
initiatives – or for a municipality – the benefits that arise with it: each year's target and
realised value, what is overdue, and money benefits against costs per year as a chart with its
table; the rows export to Excel and CSV."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.core.exports import csv_response, xlsx_response
from samverkan.organisations.models import Organisation
from samverkan.portfolio.charts import bar

from ..models import Benefit, CostYear
from ..services import benefits as benefit_rules


def _scope(request):
    """(organisation or None, benefits, costs, whether the costs are the initiatives')."""
    user = request.user
    found = Benefit.objects.for_user(user).filter(initiative__archived_at__isnull=True)
    costs = CostYear.objects.for_user(user).filter(initiative__archived_at__isnull=True)
    chosen = request.GET.get("organisation", "")
    organisation = Organisation.objects.filter(pk=int(chosen)).first() if chosen.isdigit() \
        else None
    if organisation is None:
        return None, found, costs, True
    if organisation.is_cooperation:
        return (organisation, found.filter(initiative__organisation=organisation),
                costs.filter(initiative__organisation=organisation), True)
    # a municipality's benefits; the initiatives' costs are shared, so none are set beside them
    return organisation, found.filter(organisation=organisation), costs.none(), False


def _kronor(benefit, value):
    if value is None:
        return None
    return value / 100 if benefit.kind == Benefit.Kind.MONEY else value


def export_rows(result) -> tuple[list[str], list[list]]:
    header = [_("Initiativ"), _("Nytta"), _("Uppstår hos"), _("Typ"), _("Indikator"),
              _("Säkerhet"), _("Nyttoägare"), _("År"), pgettext("målvärde", "Mål"), _("Realiserat"),
              _("Andel av målet (%)"), _("Försenad")]
    rows = [[r.benefit.initiative.name, r.benefit.name, r.benefit.organisation.name,
             r.benefit.get_kind_display(), r.benefit.indicator,
             r.benefit.get_confidence_display(), r.benefit.owner.name if r.benefit.owner else "",
             r.year.year, _kronor(r.benefit, r.year.target), _kronor(r.benefit, r.year.realised),
             r.share, _("ja") if r.overdue else ""] for r in result.rows]
    return header, rows


def chart(result) -> dict | None:
    if not result.money_by_year:
        return None
    years = [str(y) for y, *_rest in result.money_by_year]
    spec = bar(years, {
        _("Planerad nytta"): [t / 100 for _y, t, _r, _c in result.money_by_year],
        _("Realiserad nytta"): [r / 100 for _y, _t, r, _c in result.money_by_year],
        _("Kostnad"): [c / 100 for _y, _t, _r, c in result.money_by_year],
    }, _("Ekonomisk nytta och kostnad per år (kr)"), horizontal=False)
    spec["layout"]["yaxis"] = {"tickformat": ",.0f"}
    return spec


def benefit_follow_up(request):
    organisation, found, costs, with_costs = _scope(request)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        header, rows = export_rows(benefit_rules.follow_up(found, costs))
        name = f"nyttor-{organisation.pk}" if organisation else "nyttor"
        if fmt == "csv":
            return csv_response(name, header, rows)
        return xlsx_response(name, header, rows, title=_("Nyttor"))
    visible = Organisation.objects.filter(
        pk__in=Benefit.objects.for_user(request.user).values("initiative__organisation")) | \
        Organisation.objects.filter(pk__in=Benefit.objects.for_user(request.user).values(
            "organisation"))
    result = benefit_rules.follow_up_page(found, costs, request.GET.get("page"))
    return render(request, "initiatives/benefit_follow_up.html", {
        "title": _("Nyttouppföljning"), "organisation": organisation,
        "organisations": visible.distinct().order_by("name"), "result": result,
        "with_costs": with_costs, "chart": chart(result),
        "query": f"organisation={organisation.pk}&" if organisation else "",
    })
