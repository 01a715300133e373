"""Chart specifications for the analysis pages (plotly JSON drawn by core's script); every chart
has a table beside it with the same figures, so the page works without JavaScript."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverkan.finance.charts import kr
from samverkan.portfolio.charts import bar

from .calculators import hosting, procurement


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


def consolidation_chart(group) -> dict:
    """Yearly cost per installation of one capability: only the amounts the reader sees."""
    labels = [f"{i.system.name} ({i.system.organisation.name})" for i in group.installations]
    return bar(labels, {
        _("Avtalat"): [kr(i.contracted.ore) for i in group.installations],
        _("Fakturerat"): [kr(i.invoiced.ore) for i in group.installations],
    }, _("Kostnad per år: %(capability)s") % {"capability": group.capability.name})
