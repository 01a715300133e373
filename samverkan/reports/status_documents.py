"""Status report and roll-up as documents (PowerPoint, Excel, print) from planning's services:
the status report of one plan (status per activity and goal, hours, money with the ledger's
outcome, risks, releases) as its follow-up gives it today, and the roll-up of an object family's
or the portfolio's steering group for a year (each object's status worst first, hours and money
against budget, the top risks) as planning's roll-up gives it."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.core.formatting import person_name
from samverkan.planning import followup, rollup
from samverkan.planning.models import Goal, Plan, SteeringGroup

from .documents import id_param, visible
from .registry import (
    DATE,
    HOURS,
    MONEY,
    NUMBER,
    Chart,
    Column,
    Content,
    Context,
    DocumentKind,
    Table,
    register,
    register_kind,
)
from .sections import follow_up_of, hours_section, money_section, plan_of, risks_table

STATUS_REPORT = "status-report"
ROLLUP = "rollup"
# a roll-up of a whole family group can cover thousands of objects: its slides and charts show
# the worst ones, Excel and print every one
SLIDE_OBJECTS = 50
CHART_OBJECTS = 30
LIGHTS = dict(Goal.Light.choices)


# -- the status report of a plan ---------------------------------------------------------------


def resolve_plan(user, params) -> Plan | None:
    return visible(Plan.objects.select_related("organisation", "management_object"), user,
                   id_param(params, "plan", _("Ange planens id.")))


def plan_cover(ctx: Context) -> Content:
    plan = ctx.subject
    lines = [_("Statusrapport %(plan)s") % {"plan": plan}]
    if plan.management_object_id:
        lines.append(str(plan.management_object))
    lines += [_("Planens status: %(state)s") % {"state": plan.get_state_display()},
              _("Uppgifter per %(date)s") % {"date": ctx.as_of.isoformat()},
              _("Framtaget för %(name)s") % {"name": person_name(ctx.user)}]
    return Content(paragraphs=lines)


def activity_status_section(ctx: Context) -> Content:
    result = follow_up_of(ctx)
    table = Table(_("Status per aktivitet"), [
        Column(_("Aktivitet")), Column(_("Ansvarig")), Column(_("Status")),
        Column(_("Planerat slut"), DATE), Column(_("Avslutad"), DATE),
        Column(_("Timmar budget"), HOURS), Column(_("Timmar utfall"), HOURS),
        Column(_("Budget"), MONEY), Column(_("Utfall"), MONEY)])
    for row in result.rows:
        activity = row.activity
        title = activity.title if row.planned else f"{activity.title} ({_('ej beslutat')})"
        table.rows.append([title, str(activity.responsible or ""),
                           activity.get_status_display(), activity.planned_end,
                           activity.actual_end, row.hours.budget, row.hours.outcome,
                           row.money.budget, row.money.outcome])
    goals = Table(pgettext("flera", "Mål"), [Column(_("Mål")), Column(_("Målvärde")), Column(_("Signal")),
                             Column(_("Uppfyllt (%)"), NUMBER), Column(_("Utfall"))])
    for goal in plan_of(ctx).goals.all():
        colour = followup.goal_colour(goal)
        goals.rows.append([goal.title, goal.target, str(LIGHTS.get(colour, colour or "")),
                           goal.percent, goal.outcome])
    return Content(tables=[table, goals])


def plan_risks_section(ctx: Context) -> Content:
    plan = plan_of(ctx)
    occurred = sum(1 for r in plan.risks.all() if r.occurred)
    return Content(paragraphs=[_("%(n)s av %(total)s risker har inträffat.") % {
        "n": occurred, "total": plan.risks.count()}], tables=[risks_table(plan)])


def plan_releases_section(ctx: Context) -> Content:
    table = Table(_("Releaser och tester"), [
        Column(_("Rubrik")), Column(_("Typ")), Column(_("Start"), DATE),
        Column(_("Användartest")), Column(_("Incidenter"))])
    for release in plan_of(ctx).releases.order_by("starts_at", "pk"):
        table.rows.append([release.title, release.get_kind_display(), release.starts_at.date(),
                           release.get_test_result_display() if release.test_result else "",
                           release.incidents])
    return Content(tables=[table])


# -- the roll-up of a steering group -----------------------------------------------------------


@dataclass
class GroupYear:
    """A roll-up's subject: an object family's or the portfolio's steering group and a year."""

    group: SteeringGroup
    year: int

    def __str__(self) -> str:
        return _("Lägesbild %(group)s %(year)s") % {"group": self.group, "year": self.year}

    def get_absolute_url(self) -> str:
        return f"{reverse('planning:group', args=[self.group.pk])}?ar={self.year}#lagesbild"


def resolve_group(user, params) -> GroupYear | None:
    group = visible(SteeringGroup.objects.select_related("organisation"), user,
                    id_param(params, "group", _("Ange styrgruppens id.")))
    raw = str(params.get("year", "") or "").strip()
    if raw and not (raw.isdigit() and 1990 <= int(raw) <= 2100):
        raise ValidationError({"year": [_("Ange ett år mellan 1990 och 2100.")]})
    year = int(raw) if raw else timezone.localdate().year
    return GroupYear(group, year) if group is not None else None


def roll_up_of(ctx: Context) -> rollup.RollUp:
    if "rollup" not in ctx.cache:
        subject = ctx.subject
        objects = subject.group.covered_objects().for_user(ctx.user).filter(
            archived_at__isnull=True)
        ctx.cache["rollup"] = rollup.roll_up(objects, ctx.user, subject.year)
    return ctx.cache["rollup"]


def group_cover(ctx: Context) -> Content:
    subject = ctx.subject
    return Content(paragraphs=[
        str(subject), subject.group.get_level_display(),
        _("Uppgifter per %(date)s") % {"date": ctx.as_of.isoformat()},
        _("Framtaget för %(name)s") % {"name": person_name(ctx.user)}])


def objects_section(ctx: Context) -> Content:
    result = roll_up_of(ctx)
    table = Table(_("Läge per förvaltningsobjekt"), [
        Column(_("Förvaltningsobjekt")), Column(_("Plan")), Column(_("Läge")),
        Column(_("Skäl")), Column(_("Timmar budget"), HOURS), Column(_("Timmar utfall"), HOURS),
        Column(_("Timmar prognos"), HOURS), Column(_("Timmar avvikelse"), HOURS),
        Column(_("Kostnad budget"), MONEY), Column(_("Kostnad utfall"), MONEY),
        Column(_("Kostnad prognos"), MONEY), Column(_("Kostnad avvikelse"), MONEY),
        Column(_("Högsta öppna risk"), NUMBER)], slide_rows=SLIDE_OBJECTS)
    for row in result.rows:
        plan = row.plan
        table.rows.append([
            row.management_object.name, f"{plan.year} {plan.name}" if plan else "",
            row.status_label, " ".join(row.reasons), row.hours.budget, row.hours.outcome,
            row.hours.forecast, row.hours.deviation, row.money.budget, row.money.outcome,
            row.money.forecast, row.money.deviation, row.top_priority])
    counts = [(rollup.Status.label(code), result.count(code)) for code in rollup.Status.ORDER]
    paragraphs = [", ".join(f"{label}: {n}" for label, n in counts),
                  _("%(n)s objekt över budget.") % {"n": len(result.over_budget)}]
    if len(result.rows) > SLIDE_OBJECTS:
        paragraphs.append(_("Bildspelet visar de %(shown)s objekten med sämst läge; Excel och "
                            "utskrift visar alla %(n)s.") % {"shown": SLIDE_OBJECTS,
                                                            "n": len(result.rows)})
    chart = Chart(_("Antal objekt per läge"), [label for label, _n in counts],
                  [(_("Objekt"), [n for _label, n in counts])])
    return Content(paragraphs=paragraphs, tables=[table], charts=[chart])


def hours_money_section(ctx: Context) -> Content:
    result = roll_up_of(ctx)
    planned = [row for row in result.rows if row.plan is not None]
    # worst first, as the roll-up orders them: a chart of thousands of bars says nothing
    charted = planned[:CHART_OBJECTS]
    suffix = "" if len(planned) <= CHART_OBJECTS else " " + _(
        "(de %(shown)s med sämst läge av %(n)s)") % {"shown": CHART_OBJECTS, "n": len(planned)}
    hours = Chart(_("Timmar per objekt: budget och prognos") + suffix,
                  [row.management_object.name for row in charted], [
                      (_("Budget"), [row.hours.budget for row in charted]),
                      (_("Prognos"), [row.hours.forecast if row.hours.forecast is not None
                                      else row.hours.outcome for row in charted])], kind=HOURS)
    money = Chart(_("Kostnad per objekt: budget och prognos") + suffix,
                  [row.management_object.name for row in charted], [
                      (_("Budget"), [row.money.budget for row in charted]),
                      (_("Prognos"), [row.money.forecast if row.money.forecast is not None
                                      else row.money.outcome for row in charted])], kind=MONEY)
    table = Table(_("Summa för styrgruppens objekt"), [
        Column(_("Vad")), Column(_("Budget"), HOURS), Column(_("Utfall"), HOURS),
        Column(_("Prognos"), HOURS)])
    table.rows.append([_("Timmar"), sum(r.hours.budget for r in planned),
                       sum(r.hours.outcome for r in planned),
                       sum(r.hours.forecast if r.hours.forecast is not None else r.hours.outcome
                           for r in planned)])
    money_table = Table(_("Kostnad för styrgruppens objekt"), [
        Column(_("Vad")), Column(_("Budget"), MONEY), Column(_("Utfall"), MONEY),
        Column(_("Prognos"), MONEY)])
    money_table.rows.append([_("Kostnad"), sum(r.money.budget for r in planned),
                             sum(r.money.outcome for r in planned),
                             sum(r.money.forecast if r.money.forecast is not None
                                 else r.money.outcome for r in planned)])
    return Content(tables=[table, money_table], charts=[hours, money] if planned else [])


def top_risks_section(ctx: Context) -> Content:
    table = Table(_("Största öppna riskerna"), [
        Column(_("Förvaltningsobjekt")), Column(_("Nr"), NUMBER), Column(_("Risk")),
        Column(_("Priorvärde"), NUMBER), Column(_("Åtgärd")), Column(_("Ansvarig"))])
    for risk in roll_up_of(ctx).top_risks:
        table.rows.append([str(risk.plan.management_object), risk.number, risk.description,
                           risk.p, risk.measure, risk.owner_initials or str(risk.owner or "")])
    return Content(tables=[table])


def register_status_documents() -> None:
    register_kind(DocumentKind(
        key=STATUS_REPORT, label=lambda: _("Statusrapport"), params=("plan",),
        resolve=resolve_plan, title=lambda plan: _("Statusrapport %(plan)s") % {"plan": plan},
        filename=lambda plan: f"statusrapport-{plan.pk}-{timezone.localdate():%Y-%m-%d}",
        organisation=lambda plan: plan.organisation,
        query=lambda plan: {"plan": str(plan.pk)}))
    for key, title, compute, order in (
            ("omslag", lambda: _("Omslag"), plan_cover, 10),
            ("status", lambda: _("Status per aktivitet och mål"), activity_status_section, 20),
            ("timmar", lambda: _("Tidsåtgång"), hours_section, 30),
            ("pengar", lambda: _("Pengar mot budget"), money_section, 40),
            ("risker", lambda: _("Risker och åtgärder"), plan_risks_section, 50),
            ("releaser", lambda: _("Releaser och tester"), plan_releases_section, 60)):
        register(key, title, compute, order=order, kind=STATUS_REPORT)
    register_kind(DocumentKind(
        key=ROLLUP, label=lambda: _("Lägesbild"), params=("group", "year"),
        resolve=resolve_group, title=str,
        filename=lambda s: f"lagesbild-{s.group.pk}-{s.year}",
        organisation=lambda s: s.group.organisation,
        query=lambda s: {"group": str(s.group.pk), "year": str(s.year)}))
    for key, title, compute, order in (
            ("omslag", lambda: _("Omslag"), group_cover, 10),
            ("lage", lambda: _("Läge per förvaltningsobjekt"), objects_section, 20),
            ("timmar-pengar", lambda: _("Timmar och kostnad"), hours_money_section, 30),
            ("risker", lambda: _("Största öppna riskerna"), top_risks_section, 40)):
        register(key, title, compute, order=order, kind=ROLLUP)
