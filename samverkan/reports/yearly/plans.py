"""The yearly follow-up's sections from planning: the goals of the plans that concern the
organisation with their traffic lights, and the risks whose priority reaches a threshold."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverkan.planning import followup
from samverkan.planning.models import Goal, Risk
from samverkan.planning.models.common import risk_scale

from ..registry import LIGHT, NUMBER, Column, Content, Context, Table
from .scope import plans_of


def light_texts() -> dict[str, str]:
    return {Goal.Light.GREEN: _("grön"), Goal.Light.YELLOW: _("gul"), Goal.Light.RED: _("röd")}


def light_text(colour: str) -> str:
    """A traffic light as the reader's word for it ("grön"); a goal not assessed has none."""
    return light_texts().get(colour, _("ej bedömt"))


def light_key(text: str) -> str:
    """The colour ("gron", "gul", "rod") of a light's word, "" for none."""
    return next((key for key, word in light_texts().items() if word == text), "")


def plans(ctx: Context) -> list:
    if "plans" not in ctx.cache:
        ctx.cache["plans"] = list(plans_of(ctx.user, ctx.subject))
    return ctx.cache["plans"]


def goals_section(ctx: Context) -> Content:
    found = plans(ctx)
    table = Table(_("Mål med trafikljus"), [
        Column(_("Plan")), Column(_("Mål")), Column(_("Indikator")), Column(_("Målvärde")),
        Column(_("Utfall")), Column(_("Måluppfyllelse (%)"), NUMBER),
        Column(_("Bedömning"), LIGHT)])
    counts = {Goal.Light.GREEN: 0, Goal.Light.YELLOW: 0, Goal.Light.RED: 0, "": 0}
    goals = Goal.objects.filter(plan__in=[p.pk for p in found]).select_related("plan") \
        .order_by("plan__organisation__name", "plan__name", "plan_id", "pk")
    for goal in goals:
        colour = followup.goal_colour(goal)
        counts[colour] += 1
        table.rows.append([goal.plan.name, goal.title, goal.indicator, goal.target,
                           goal.outcome, goal.percent, light_text(colour)])
    if not found:
        return Content(paragraphs=[_("Ingen plan för %(year)s berör %(organisation)s.") % {
            "year": ctx.subject.year, "organisation": ctx.subject.organisation}])
    summary = _("Av %(total)s mål: gröna %(green)s, gula %(yellow)s, röda %(red)s, ej bedömda "
                "%(none)s.") % {
        "green": counts[Goal.Light.GREEN], "yellow": counts[Goal.Light.YELLOW],
        "red": counts[Goal.Light.RED], "none": counts[""], "total": len(table.rows)}
    return Content(paragraphs=[summary], tables=[table])


def threshold_of(ctx: Context) -> int:
    return ctx.subject.threshold or followup.risk_thresholds()[0]


def risks_section(ctx: Context) -> Content:
    found = plans(ctx)
    threshold = threshold_of(ctx)
    organisation = ctx.subject.organisation
    risks = Risk.objects.filter(plan__in=[p.pk for p in found]).select_related(
        "plan", "owner").prefetch_related("affected")
    concerning = []
    for risk in risks:
        affected = {o.pk for o in risk.affected.all()}
        # a cooperation's risk that names the members it affects concerns those members only
        if risk.plan.organisation_id != organisation.pk and affected and \
                organisation.pk not in affected:
            continue
        concerning.append(risk)
    above = [r for r in concerning if r.priority >= threshold]
    table = Table(_("Risker över tröskeln"), [
        Column(_("Plan")), Column(_("Nr"), NUMBER), Column(_("Risk")),
        Column(_("Sannolikhet"), NUMBER), Column(_("Påverkan"), NUMBER),
        Column(_("Priorvärde"), NUMBER), Column(_("Nivå"), LIGHT), Column(_("Åtgärd")),
        Column(_("Ansvarig")), Column(_("Status"))])
    for risk in sorted(above, key=lambda r: (-r.priority, r.plan.name, r.number)):
        table.rows.append([risk.plan.name, risk.number, risk.description, risk.probability,
                           risk.impact, risk.priority,
                           light_text(followup.risk_band(risk.priority)), risk.measure,
                           risk.owner_initials or str(risk.owner or ""),
                           risk.get_status_display()])
    scale = risk_scale()
    paragraph = _("Risker med priorvärde (sannolikhet × påverkan, skala 1–%(scale)s) på minst "
                  "%(threshold)s: %(n)s av %(total)s.") % {
        "scale": scale, "threshold": threshold, "n": len(above), "total": len(concerning)}
    return Content(paragraphs=[paragraph], tables=[table])
