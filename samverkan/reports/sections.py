"""The steering pack's sections from planning: cover, agenda, status (activities since the last
meeting, hours, money, risks with their outcome, releases and tests), the decision items with
their basis, and the appendices. Each computes its content for one reader: what the reader may
not see is left out or shown as hidden, and nothing derived from it (a total) includes it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samverkan.contracts.models import Contract, ContractParty
from samverkan.core.formatting import format_ore, person_name
from samverkan.finance.models import Budget
from samverkan.finance.services import budget_follow_up
from samverkan.ledger.summaries import linked_contracts
from samverkan.planning import followup
from samverkan.planning import services as planning
from samverkan.planning.models import Plan

from .registry import DATE, HOURS, MONEY, NUMBER, Chart, Column, Content, Context, Table, register


def plan_of(ctx: Context):
    """The plan the document follows up: a status report's own plan, or the meeting's."""
    if "plan" not in ctx.cache:
        ctx.cache["plan"] = ctx.subject if isinstance(ctx.subject, Plan) else \
            planning.plan_for(ctx.meeting, ctx.user)
    return ctx.cache["plan"]


def follow_up_of(ctx: Context):
    """The plan's follow-up as of the meeting's day (a status report: its as-of date)."""
    plan = plan_of(ctx)
    if plan is None:
        return None
    if "follow" not in ctx.cache:
        as_of = getattr(ctx.subject, "held_on", None) or ctx.as_of
        ctx.cache["follow"] = followup.follow_up(plan, as_of=as_of)
    return ctx.cache["follow"]


def group_name(meeting) -> str:
    group = meeting.management_object or meeting.project or meeting.steering_group
    return str(group)


# -- cover and agenda ------------------------------------------------------------------------------


def cover(ctx: Context) -> Content:
    meeting = ctx.meeting
    lines = [f"{meeting.title} {meeting.held_on:%Y-%m-%d}", group_name(meeting)]
    if meeting.place:
        lines.append(_("Plats: %(place)s") % {"place": meeting.place})
    lines.append(_("Uppgifter per %(date)s") % {"date": ctx.as_of.isoformat()})
    lines.append(_("Framtaget för %(name)s") % {"name": person_name(ctx.user)})
    return Content(paragraphs=lines)


def agenda_table(meeting) -> Table:
    table = Table(_("Dagordning"), [Column(_("Punkt"), NUMBER), Column(_("Rubrik")),
                                    Column(_("Typ")), Column(_("Föredragande"))])
    for item in meeting.agenda_items.select_related("presenter"):
        table.rows.append([item.order, item.title, item.get_kind_display(),
                           str(item.presenter or "")])
    return table


def agenda_section(ctx: Context) -> Content:
    return Content(tables=[agenda_table(ctx.meeting)])


# -- status from the plan ----------------------------------------------------------------------


def activities_section(ctx: Context) -> Content:
    plan = plan_of(ctx)
    if plan is None:
        return Content(paragraphs=[_("Mötet följer inte upp någon plan.")])
    since, done = planning.done_since_last_meeting(plan, ctx.meeting)
    table = Table(_("Aktiviteter sedan förra mötet"), [
        Column(_("Aktivitet")), Column(_("Ansvarig")), Column(_("Avslutad"), DATE),
        Column(_("Status"))])
    lines = []
    for activity in done:
        table.rows.append([activity.title, str(activity.responsible or ""), activity.actual_end,
                           activity.get_status_display()])
        lines += [line.strip() for line in activity.description.splitlines() if line.strip()]
    heading = (_("Sedan mötet %(date)s:") % {"date": since.isoformat()} if since
               else _("Sedan planens start:"))
    return Content(paragraphs=[heading, *lines], tables=[table])


def hours_table(result) -> Table:
    table = Table(_("Timmar: budget, utfall och prognos"), [
        Column(_("Kategori")), Column(_("Budget"), HOURS), Column(_("Utfall"), HOURS),
        Column(_("Bedömt återstående"), HOURS), Column(_("Prognos"), HOURS),
        Column(_("Avvikelse mot budget"), HOURS)])
    for label, figures, _as_of in result.by_category:
        if figures.budget or figures.outcome or figures.remaining is not None:
            table.rows.append([str(label), figures.budget, figures.outcome, figures.remaining,
                               figures.forecast, figures.deviation])
    total = result.hours
    table.total = [_("Summa"), total.budget, total.outcome, total.remaining, total.forecast,
                   total.deviation]
    return table


def hours_section(ctx: Context) -> Content:
    result = follow_up_of(ctx)
    if result is None:
        return Content(paragraphs=[_("Mötet följer inte upp någon plan.")])
    table = hours_table(result)
    chart = Chart(_("Timmar per kategori"), [row[0] for row in table.rows], [
        (_("Budget"), [row[1] for row in table.rows]),
        (_("Utfall"), [row[2] for row in table.rows]),
        (_("Prognos"), [row[4] if row[4] is not None else row[2] for row in table.rows])],
        kind=HOURS)
    return Content(paragraphs=list(result.comments), tables=[table], charts=[chart])


def money_section(ctx: Context) -> Content:
    result = follow_up_of(ctx)
    if result is None:
        return Content(paragraphs=[_("Mötet följer inte upp någon plan.")])
    table = Table(_("Pengar mot budget"), [
        Column(_("Aktivitet")), Column(_("Budget"), MONEY), Column(_("Utfall"), MONEY),
        Column(_("Avvikelse"), MONEY)])
    for row in result.rows:
        if row.planned:
            table.rows.append([row.activity.title, row.money.budget, row.money.outcome,
                               row.money.budget - row.money.outcome])
    money = result.money
    table.total = [_("Summa"), money.budget, money.outcome, money.budget - money.outcome]
    paragraphs = []
    if money.remaining is not None:
        paragraphs.append(_("Prognos %(forecast)s kr; avvikelse mot budget %(deviation)s kr.") % {
            "forecast": _kronor(money.forecast), "deviation": _kronor(money.deviation)})
    content = Content(paragraphs=paragraphs, tables=[table])
    ledger = ledger_outcome(ctx, plan_of(ctx))
    content.paragraphs += ledger.paragraphs
    content.tables += ledger.tables
    return content


def ledger_outcome(ctx: Context, plan) -> Content:
    """The object's budget for the plan's year against what the ledgers booked (finance's
    budget follow-up, which leaves out what the reader may not see and says how much)."""
    obj = getattr(plan, "management_object", None)
    if obj is None or not plan.year:
        return Content()
    budget = Budget.objects.for_user(ctx.user).filter(
        management_object=obj, year=plan.year, archived_at__isnull=True).first()
    if budget is None:
        return Content(paragraphs=[_("Ingen budget för %(object)s %(year)s att jämföra med "
                                     "bokfört utfall.") % {"object": obj, "year": plan.year}])
    follow = budget_follow_up(budget, ctx.user)
    table = Table(_("Budget och bokfört utfall %(year)s") % {"year": budget.year}, [
        Column(_("Kostnadsslag")), Column(_("Budget"), MONEY), Column(_("Prognos"), MONEY),
        Column(_("Bokfört utfall"), MONEY), Column(_("Utfall mot budget"), MONEY)])
    for row in follow.categories:
        outcome = row.outcome_ore if follow.ledger_loaded else None
        table.rows.append([str(row.label), row.budget_ore, row.effective_forecast_ore, outcome,
                           row.outcome_variance_ore if outcome is not None else None])
    outcome = follow.outcome_ore if follow.ledger_loaded else None
    table.total = [_("Summa"), follow.budget_ore, follow.forecast_ore, outcome,
                   outcome - follow.budget_ore if outcome is not None else None]
    paragraphs = []
    if not follow.ledger_loaded:
        paragraphs.append(_("Ingen huvudbok för %(year)s är inläst: utfallet är okänt.") % {
            "year": budget.year})
    if follow.hidden:
        paragraphs.append(_("%(n)s avtal med sekretessbelagda priser ingår inte i utfallet.") % {
            "n": follow.hidden})
    # the reader saw bookings on contracts whose prices are confidential
    if outcome and linked_contracts(obj).filter(prices_confidential=True).count() > follow.hidden:
        ctx.cache["confidential"] = True
    return Content(paragraphs=paragraphs, tables=[table])


def _kronor(ore: int) -> str:
    return format_ore(ore).replace(" kr", "")


def risks_table(plan) -> Table:
    table = Table(_("Risker och åtgärder"), [
        Column(_("Nr"), NUMBER), Column(_("Risk")), Column(_("Sannolikhet"), NUMBER),
        Column(_("Påverkan"), NUMBER), Column(_("Priorvärde"), NUMBER), Column(_("Åtgärd")),
        Column(_("Ansvarig")), Column(_("Status")), Column(_("Utfall"))])
    for risk in followup.ranked_risks(plan.risks.select_related("owner")):
        table.rows.append([risk.number, risk.description, risk.probability, risk.impact,
                           risk.priority, risk.measure, risk.owner_initials or str(
                               risk.owner or ""), risk.get_status_display(), risk.outcome])
    return table


def risks_section(ctx: Context) -> Content:
    plan = plan_of(ctx)
    if plan is None:
        return Content(paragraphs=[_("Mötet följer inte upp någon plan.")])
    outcomes = sorted({r.outcome for r in plan.risks.all() if r.outcome})
    occurred = plan.risks.filter(occurred=True).count()
    paragraphs = [_("%(n)s av %(total)s risker har inträffat.") % {
        "n": occurred, "total": plan.risks.count()}, *outcomes]
    return Content(paragraphs=paragraphs, tables=[risks_table(plan)])


def releases_section(ctx: Context) -> Content:
    plan = plan_of(ctx)
    if plan is None:
        return Content(paragraphs=[_("Mötet följer inte upp någon plan.")])
    since, _done = planning.done_since_last_meeting(plan, ctx.meeting)
    table = Table(_("Releaser och tester"), [
        Column(_("Rubrik")), Column(_("Typ")), Column(_("Start"), DATE),
        Column(_("Användartest")), Column(_("Incidenter"))])
    for release in plan.releases.order_by("starts_at", "pk"):
        day = release.starts_at.date()
        if day <= ctx.meeting.held_on and (since is None or day > since):
            table.rows.append([release.title, release.get_kind_display(), day,
                               release.get_test_result_display() if release.test_result else "",
                               release.incidents])
    return Content(tables=[table])


# -- decision items ----------------------------------------------------------------------------


def contracted_amount(ctx: Context, contract) -> int | None:
    """The contract's contracted amount per year (its parties' sum) as the reader may see it:
    None when any part is hidden from the reader, so no partial sum gives the secret away."""
    parties = list(ContractParty.objects.filter(contract=contract).masked_for(ctx.user))
    if any("annual_amount_ore" in p.hidden_fields for p in parties):
        return None
    amounts = [p.annual_amount_ore for p in parties if p.annual_amount_ore is not None]
    if amounts and contract.prices_confidential:
        ctx.cache["confidential"] = True
    return sum(amounts) if amounts else None


def visible_contract(ctx: Context, decision):
    """The decision's contract if the reader may see it at all."""
    if not decision.contract_option_id:
        return None
    return Contract.objects.for_user(ctx.user).filter(
        pk=decision.contract_option.contract_id).first()


def decisions_section(ctx: Context) -> Content:
    meeting = ctx.meeting
    table = Table(_("Beslutsärenden"), [
        Column(_("Punkt"), NUMBER), Column(_("Ärende")), Column(_("Underlag")),
        Column(_("Förslag/beslut")), Column(_("Mandat")), Column(_("Avtal")),
        Column(_("Avtalat belopp per år"), MONEY)])
    decisions = list(meeting.decisions.select_related(
        "agenda_item", "contract_option").prefetch_related("activities"))
    covered = set()
    for decision in decisions:
        item = decision.agenda_item
        covered.add(item.pk if item else None)
        basis = [*(item.document_lines if item else []),
                 *(a.decision_basis for a in decision.activities.all() if a.decision_basis)]
        contract = visible_contract(ctx, decision)
        mandate = decision.mandate + (f" ({_('lyfts till')} {decision.escalated_to})"
                                      if decision.escalated_to else "")
        table.rows.append([item.order if item else None, f"{decision.reference} {decision.title}",
                           "; ".join(basis), decision.text, mandate, str(contract or ""),
                           contracted_amount(ctx, contract) if contract else None])
    for item in meeting.agenda_items.filter(kind="beslut").exclude(pk__in=covered - {None}):
        table.rows.append([item.order, item.title, "; ".join(item.document_lines), item.note, "",
                           "", None])
    table.rows.sort(key=lambda row: (row[0] is None, row[0] or 0))
    return Content(tables=[table])


# -- appendices ----------------------------------------------------------------------------------


def appendices_section(ctx: Context) -> Content:
    meeting = ctx.meeting
    documents = [line.strip() for line in meeting.documents.splitlines() if line.strip()]
    for item in meeting.agenda_items.all():
        documents += [d for d in item.document_lines if d not in documents]
    table = Table(_("Öppna åtgärder från tidigare möten"), [
        Column(_("Åtgärd")), Column(_("Ansvarig")), Column(_("Klart senast"), DATE)])
    for action in planning.open_actions_before(meeting):
        table.rows.append([action.title, str(action.owner or ""), action.due_on])
    paragraphs = [_("Handlingar:"), *documents] if documents else []
    attendees = [line.strip() for line in meeting.attendees.splitlines() if line.strip()]
    if attendees:
        paragraphs += [_("Närvarande:"), *attendees]
    return Content(paragraphs=paragraphs, tables=[table])


def register_all() -> None:
    register("omslag", lambda: _("Omslag"), cover, order=10)
    register("dagordning", lambda: _("Agenda"), agenda_section, order=20)
    register("aktiviteter", lambda: _("Aktiviteter sedan förra mötet"), activities_section,
             order=30)
    register("timmar", lambda: _("Tidsåtgång"), hours_section, order=40)
    register("pengar", lambda: _("Pengar mot budget"), money_section, order=50)
    register("risker", lambda: _("Risker och åtgärder"), risks_section, order=60)
    register("releaser", lambda: _("Releaser och tester"), releases_section, order=70)
    register("beslut", lambda: _("Beslutsärenden"), decisions_section, order=80)
    register("bilagor", lambda: _("Bilagor"), appendices_section, order=90)

