"""Chart specifications for the finance pages (plotly JSON, drawn by core/samverkan.js). Every
chart has a table beside it with the same figures."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from samverkan.core.formatting import ore_to_kronor
from samverkan.portfolio.charts import bar


def kr(ore: int | None) -> float | None:
    """Plotly takes floats; the tables carry the exact figures."""
    return None if ore is None else float(ore_to_kronor(ore) or Decimal(0))


def money_bar(labels, series: dict[str, list], title: str) -> dict:
    spec = bar(labels, {name: [kr(v) for v in values] for name, values in series.items()}, title)
    spec["layout"]["xaxis"] = {"title": {"text": "kr"}, "tickformat": ",.0f",
                               "separatethousands": True}
    for trace in spec["data"]:
        trace["hovertemplate"] = "%{y}: %{x:,.2f} kr<extra>" + trace["name"] + "</extra>"
    return spec


def who_pays(lines) -> dict:
    return money_bar([str(line.organisation) for line in lines],
                     {_("Att betala"): [line.amount_ore for line in lines]}, _("Vem betalar vad"))


def year_on_year(rows, year: int) -> dict:
    return money_bar([str(r.organisation) for r in rows], {
        str(year - 1): [r.previous_ore or 0 for r in rows],
        str(year): [r.total_ore for r in rows],
    }, _("Vem betalar vad, jämfört med föregående år"))


def budget_by_category(categories) -> dict:
    series = {_("Budget"): [c.budget_ore for c in categories],
              _("Prognos"): [c.effective_forecast_ore for c in categories]}
    series[_("Utfall")] = [c.outcome_ore for c in categories]
    return money_bar([c.label for c in categories], series, _("Budget och utfall per kostnadsslag"))


def budget_by_member(members) -> dict:
    series = {_("Budget"): [m.budget_ore for m in members],
              _("Prognos"): [m.forecast_ore for m in members]}
    series[_("Utfall")] = [m.outcome_ore for m in members]
    return money_bar([str(m.organisation) for m in members], series,
                     _("Budget och utfall per medlem"))


def comparison(rows, with_actual: bool) -> dict:
    series = {_("Budgetandel i förskott"): [r.budget_share_ore for r in rows],
              _("Volym × pris"): [r.volume_charge_ore for r in rows]}
    if with_actual:
        series[_("Faktisk kostnad efter förbrukning")] = [r.actual_share_ore for r in rows]
    return money_bar([str(r.organisation) for r in rows], series,
                     _("Budgetandelar jämfört med faktisk förbrukning"))
