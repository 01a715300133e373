"""Chart specifications for the analysis pages (plotly JSON drawn by core's script); every chart
has a table beside it with the same figures, so the page works without JavaScript."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverkan.finance.charts import kr
from samverkan.portfolio.charts import bar

from .calculators import hosting, procurement
from .services import benchmarks


def procurement_chart(result: procurement.Result) -> dict:
    labels = [r.activity.name for r in result.rows]
    return bar(labels, {
        _("Alla var för sig"): [float(r.figures.hours_separately) for r in result.rows],
        _("Alla i samverkan"): [float(r.figures.hours_together) for r in result.rows],
    }, _("Timmar per aktivitet"))


def hosting_chart(result: hosting.Result) -> dict:
    years = [_("År %(n)s") % {"n": i + 1} for i in range(len(result.outcomes[0].years))]
    return bar(years, {o.alternative.name: [kr(v) for v in o.years] for o in result.outcomes},
               _("Kostnad per år"), horizontal=False)


def consolidation_chart(group, installations=None) -> dict:
    """Yearly cost per installation of one capability (or of the installations given: the page
    shown): only the amounts the reader sees."""
    installations = group.installations if installations is None else installations
    labels = [f"{i.system.name} ({i.system.organisation.name})" for i in installations]
    return bar(labels, {
        _("Avtalat"): [kr(i.contracted.ore) for i in installations],
        _("Fakturerat"): [kr(i.invoiced.ore) for i in installations],
    }, _("Kostnad per år: %(capability)s") % {"capability": group.capability.name})


def benchmark_chart(table) -> dict:
    """Cost per inhabitant per municipality (kronor), own and external, lowest first."""
    rows = [r for r in (*table.rows, *table.external) if r.per_inhabitant is not None]
    rows.sort(key=lambda r: r.per_inhabitant)
    labels = [f"{r.name} ({r.external})" if r.external else r.name for r in rows]
    return bar(labels, {_("IT-kostnad per invånare (kr)"): [
        benchmarks.rounded_ore(r.per_inhabitant) / 100 for r in rows]},
        _("IT-kostnad per invånare %(year)s") % {"year": table.year})


def trend_chart(result) -> dict:
    """Cost per inhabitant over the years, one line per municipality (gaps where no ledger)."""
    years = sorted(result.years)
    data = [{"type": "scatter", "mode": "lines+markers", "name": name, "x": years,
             "y": [benchmarks.rounded_ore(r.per_inhabitant) / 100
                   if r is not None and r.per_inhabitant is not None else None for r in rows]}
            for name, rows in result.trend]
    return {"data": data, "layout": {
        "title": {"text": _("IT-kostnad per invånare över åren (kr)"), "font": {"size": 14}},
        "height": 360, "margin": {"l": 60, "r": 20, "t": 40, "b": 40},
        "xaxis": {"type": "category"}, "legend": {"orientation": "h"}, "separators": ", "}}
