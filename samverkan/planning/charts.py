"""Chart specifications for the plan page (plotly JSON, drawn by core/samverkan.js): hours
budget against outcome and forecast by category. The table beside it carries the exact figures."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverkan.portfolio.charts import bar


def hours(result) -> dict:
    rows = result.by_category
    labels = [str(label) for label, _f, _d in rows]
    spec = bar(labels, {
        _("Budget"): [float(f.budget) for _l, f, _d in rows],
        _("Utfall"): [float(f.outcome) for _l, f, _d in rows],
        _("Prognos"): [float(f.forecast) if f.forecast is not None else None
                       for _l, f, _d in rows],
    }, _("Timmar: budget, utfall och prognos"))
    spec["layout"]["xaxis"] = {"title": {"text": _("timmar")}, "tickformat": ",.1f"}
    return spec
