"""Planning's domain rules as plain functions: who may draft, submit and approve a plan (the PM3
roles), its states and revisions, the follow-up of hours and money (budget, outcome, estimate
to complete, forecast, deviation), risk priority and map, decision numbering and minutes.

Changes go through `core.services` (permission, validation, version check, history) or, for a
state change that a person approves by role rather than by editing rights, through
`_change_state` here, which does the same in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core
from samverkan.portfolio.models import ObjectRole, SteeringGroupMember

from .followup import counts_as_planned  # noqa: F401 - part of the services' interface
from .models import (
    Action,
    Activity,
    Decision,
    Estimate,
    Goal,
    Meeting,
    Plan,
    PlanSteeringMember,
    Release,
    Risk,
    TimeReport,
)

# -- who may do what ----------------------------------------------------------------------------


def approver_person_ids(plan: Plan, on: datetime.date | None = None) -> set[int]:
    """The people who approve the plan (REQUIREMENTS P8, 1.2): the management object's owner
    (objektägare) and its steering group, or a project plan's own steering group."""
    on = on or datetime.date.today()
    if plan.kind == Plan.Kind.PROJECT:
        return set(PlanSteeringMember.objects.filter(plan=plan)
                   .values_list("person_id", flat=True))
    current = (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & \
        (Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    owners = ObjectRole.objects.filter(current, management_object_id=plan.management_object_id,
                                       role=ObjectRole.Kind.OWNER).values_list("person_id",
                                                                               flat=True)
    members = SteeringGroupMember.objects.filter(
        management_object_id=plan.management_object_id).values_list("person_id", flat=True)
    return set(owners) | set(members)


def approver_role(user, plan: Plan) -> str:
    """In what capacity `user` approves the plan ("" when they may not)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    person_id = getattr(getattr(user, "person", None), "pk", None)
    if person_id is not None and plan.kind == Plan.Kind.MANAGEMENT and ObjectRole.objects.filter(
            management_object_id=plan.management_object_id, person_id=person_id,
            role=ObjectRole.Kind.OWNER).exists() and person_id in approver_person_ids(plan):
        return _("Objektägare")
    if person_id is not None and person_id in approver_person_ids(plan):
        return _("Styrgruppen")
    if user.is_superuser:
        return _("Administratör")
    return ""


def may_approve(user, plan: Plan) -> bool:
    """The object owner or a member of the steering group, who may read the plan; the object
    manager who drafts it (an editor of the owner) does not approve it by editing rights."""
    return plan.state == Plan.State.SUBMITTED and permissions.can(user, permissions.VIEW, plan) \
        and bool(approver_role(user, plan))


def may_edit(user, plan: Plan) -> bool:
    """The object manager (an editor of the owning organisation) drafts and follows up."""
    return permissions.can(user, permissions.CHANGE, plan)


# -- states --------------------------------------------------------------------------------------


def _refuse(message: str):
    raise ValidationError(message)


@transaction.atomic
def _change_state(user, plan: Plan, expected_version: int | None, **values) -> Plan:
    """Compare-and-set the plan's version, then save the new state with history."""
    rows = Plan.objects.filter(pk=plan.pk, archived_at__isnull=True)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if rows.update(version=F("version") + 1) != 1:
        if not Plan.objects.filter(pk=plan.pk, archived_at__isnull=True).exists():
            _refuse(_("Planen är arkiverad."))
        raise core.StaleVersionError(Plan.objects.get(pk=plan.pk).version)
    plan.version = Plan.objects.get(pk=plan.pk).version
    for name, value in values.items():
        setattr(plan, name, value)
    plan._history_user = user
    plan.save()
    return plan


def submit(user, plan: Plan, *, expected_version: int | None = None,
           on: datetime.date | None = None) -> Plan:
    """utkast → för beslut, by the object manager; a plan is goal-based (P2): it needs a goal."""
    core.check_can(user, permissions.CHANGE, plan)
    if plan.state != Plan.State.DRAFT:
        _refuse(_("Bara ett utkast kan lämnas för beslut."))
    if not plan.goals.exists():
        _refuse(_("Planen behöver minst ett mätbart mål innan den lämnas för beslut."))
    return _change_state(user, plan, expected_version, state=Plan.State.SUBMITTED,
                         submitted_on=on or datetime.date.today())


def return_to_draft(user, plan: Plan, *, expected_version: int | None = None) -> Plan:
    """för beslut → utkast: the approvers send it back, or the object manager takes it back."""
    if not (may_edit(user, plan) or may_approve(user, plan)):
        raise PermissionDenied(_("Du har inte behörighet att ändra planens status."))
    if plan.state != Plan.State.SUBMITTED:
        _refuse(_("Bara en plan som är lämnad för beslut kan gå tillbaka till utkast."))
    return _change_state(user, plan, expected_version, state=Plan.State.DRAFT, submitted_on=None)


@transaction.atomic
def approve(user, plan: Plan, *, on: datetime.date | None = None,
            decision: Decision | None = None, reference: str = "",
            expected_version: int | None = None) -> Plan:
    """för beslut → fastställd by the object owner or the steering group, with the date and the
    meeting's §. A revision, once approved, replaces the version it revises (which becomes
    "reviderad" and stays readable as approved), and the outcome reported so far moves to it."""
    if not may_approve(user, plan):
        raise PermissionDenied(_("Planen fastställs av objektägaren eller styrgruppen."))
    if decision is not None:
        if decision.plan_id not in (None, plan.pk):
            _refuse(_("Beslutet gäller en annan plan."))
        group = plan.management_object_id if plan.kind == Plan.Kind.MANAGEMENT else None
        meeting = decision.meeting
        if (meeting.management_object_id or None) != group or \
                (plan.kind == Plan.Kind.PROJECT and meeting.project_id != plan.pk):
            _refuse(_("Beslutet är inte fattat av planens styrgrupp."))
        reference = reference or f"{decision.reference} ({meeting.held_on:%Y-%m-%d})"
        on = on or meeting.held_on
    approved = _change_state(
        user, plan, expected_version, state=Plan.State.APPROVED,
        approved_on=on or datetime.date.today(), approved_by=user,
        approved_as=approver_role(user, plan), decision=decision,
        decision_reference=reference[:100])
    if decision is not None and decision.plan_id is None:
        Decision.objects.filter(pk=decision.pk).update(plan=plan)
    previous = plan.previous
    if previous is not None and previous.state == Plan.State.APPROVED:
        _change_state(user, previous, None, state=Plan.State.REVISED)
        _move_outcome(previous, plan)
    return approved


def _move_outcome(old: Plan, new: Plan) -> None:
    """The time reports and estimates follow the plan in force (activities matched by origin)."""
    mapping = dict(Activity.objects.filter(plan=new, origin__plan=old)
                   .values_list("origin_id", "pk"))
    for old_id, new_id in mapping.items():
        TimeReport.objects.filter(activity_id=old_id).update(activity_id=new_id)
    Estimate.objects.filter(plan=old).update(plan=new)


def close(user, plan: Plan, *, expected_version: int | None = None) -> Plan:
    core.check_can(user, permissions.CHANGE, plan)
    if plan.state != Plan.State.APPROVED:
        _refuse(_("Bara en fastställd plan kan avslutas."))
    return _change_state(user, plan, expected_version, state=Plan.State.CLOSED)


@transaction.atomic
def revise(user, plan: Plan) -> Plan:
    """fastställd → a new version (utkast) with the same content; the approved one stays in
    force and readable until the new one is approved."""
    core.check_can(user, permissions.CHANGE, plan)
    if plan.state != Plan.State.APPROVED:
        _refuse(_("Bara en fastställd plan kan revideras."))
    if Plan.objects.filter(previous=plan).exists():
        _refuse(_("Det finns redan en ny version av planen."))
    copy = _copy_plan(user, plan, year=plan.year, revision=plan.revision + 1, previous=plan)
    _copy_parts(user, plan, copy, follow_up=True)
    return copy


@transaction.atomic
def start_next_year(user, plan: Plan) -> Plan:
    """Next year's management plan from this one: mission, texts, goals (without this year's
    assessment), maintenance activities (without dates) and open risks carry over."""
    core.check_can(user, permissions.ADD, plan)
    if plan.kind != Plan.Kind.MANAGEMENT:
        _refuse(_("Bara en förvaltningsplan har ett nästa år."))
    year = plan.year + 1
    if Plan.objects.filter(management_object=plan.management_object_id, year=year,
                           kind=Plan.Kind.MANAGEMENT, archived_at__isnull=True).exists():
        _refuse(_("Det finns redan en plan för %(year)s.") % {"year": year})
    name = plan.name.replace(str(plan.year), str(year)) if str(plan.year) in plan.name \
        else f"{plan.name} {year}"
    copy = _copy_plan(user, plan, year=year, revision=1, previous=None, name=name)
    _copy_parts(user, plan, copy, follow_up=False)
    return copy


PLAN_TEXT = ("kind", "organisation_id", "management_object_id", "starts_on", "ends_on",
             "mission", "stakeholders", "processes", "change_handling", "reporting_frequency",
             "participants")


def _copy_plan(user, plan: Plan, *, year, revision, previous, name=None) -> Plan:
    copy = Plan(name=name or plan.name, year=year, revision=revision, previous=previous,
                **{f: getattr(plan, f) for f in PLAN_TEXT})
    return core.save_record(user, copy)


def _copy_parts(user, plan: Plan, copy: Plan, *, follow_up: bool) -> None:
    """Copies the parts (`follow_up`: as they stand, for a revision; else a fresh start)."""
    for member in plan.steering_group.all():
        core.save_child(user, PlanSteeringMember(
            plan=copy, person_id=member.person_id, organisation_id=member.organisation_id,
            mandate=member.mandate, is_chair=member.is_chair), copy)
    for goal in plan.goals.all():
        keep = ("light", "percent", "outcome", "comment") if follow_up else ()
        core.save_child(user, Goal(plan=copy, **{f: getattr(goal, f) for f in (
            "title", "indicator", "baseline", "target", "follow_up", *keep)}), copy)
    for activity in plan.activities.all():
        if not follow_up and activity.kind != Activity.Kind.MAINTAIN:
            continue
        values = {f: getattr(activity, f) for f in (
            "title", "description", "kind", "responsible_id", "decision_basis",
            "internal_hours", "external_hours", "budget_ore")}
        if follow_up:
            values.update({f: getattr(activity, f) for f in (
                "planned_start", "planned_end", "actual_start", "actual_end", "status",
                "decision_id")}, origin=activity)
        saved = core.save_child(user, Activity(plan=copy, **values), copy)
        saved.participants.set(activity.participants.all())
    for risk in plan.risks.all():
        if not follow_up and risk.status in (Risk.Status.CLOSED, Risk.Status.OCCURRED):
            continue
        new = core.save_child(user, Risk(plan=copy, **{f: getattr(risk, f) for f in (
            "number", "description", "probability", "impact", "measure", "owner_id",
            "owner_initials", "status", "occurred", "outcome", "outcome_on")}), copy)
        new.affected.set(risk.affected.all())
    if follow_up:
        for release in plan.releases.all():
            new = core.save_child(user, Release(plan=copy, **{f: getattr(release, f) for f in (
                "kind", "title", "starts_at", "ends_at", "recurrence", "notes",
                "communicated_on", "test_result", "test_notes", "incidents")}), copy)
            new.systems.set(release.systems.all())


# -- what may change in which state ---------------------------------------------------------------

# set when the plan is decided; changed afterwards only through a revision
DECIDED_FIELDS = {
    Goal: ("title", "indicator", "baseline", "target", "follow_up"),
    Activity: ("internal_hours", "external_hours", "budget_ore"),
}


def check_part_change(plan: Plan, part) -> None:
    """Parts of a replaced or closed plan are kept as they were; what the plan decided (goals,
    budgets) changes only in a draft – afterwards through a revision. Follow-up (assessments,
    outcome, status, risks, releases) goes on while the plan is in force."""
    if not plan.is_current:
        _refuse(_("Planen är %(state)s och ändras inte längre.") % {
            "state": plan.get_state_display().lower()})
    if plan.is_editable:
        return
    decided = DECIDED_FIELDS.get(type(part), ())
    if part.pk is None:
        if decided:
            _refuse(_("Planen är %(state)s: nya mål och aktiviteter läggs till i en ny version "
                      "(revidera planen).") % {"state": plan.get_state_display().lower()})
        return
    stored = type(part).objects.get(pk=part.pk)
    changed = [name for name in decided if getattr(stored, name) != getattr(part, name)]
    if changed:
        _refuse(_("Planen är %(state)s: %(fields)s ändras i en ny version (revidera planen).") % {
            "state": plan.get_state_display().lower(),
            "fields": ", ".join(str(type(part)._meta.get_field(n).verbose_name) for n in changed)})


def save_part(user, part, plan: Plan, *, expected_version: int | None = None):
    """Add or change a part of a plan (goal, activity, time report, estimate, risk, release)."""
    check_part_change(plan, part)
    return core.save_child(user, part, plan, expected_version=expected_version)


# -- meetings, decisions, actions ------------------------------------------------------------------


def next_decision_number(series: str, year: int) -> int:
    """The next § of a steering group's year: one more than the highest, from 1."""
    highest = Decision.objects.filter(series=series, year=year).aggregate(n=Max("number"))["n"]
    return (highest or 0) + 1


@transaction.atomic
def record_decision(user, decision: Decision, *, expected_version: int | None = None):
    """Add or change a decision; a new one gets the next § of its group and year. Approved
    (justerade) minutes are not changed."""
    meeting = decision.meeting
    if meeting.is_locked:
        _refuse(_("Protokollet är justerat och ändras inte."))
    if decision.pk is None:
        decision.series, decision.year = meeting.series, meeting.held_on.year
        # lock the group's decisions of the year, so two at once do not take the same §
        list(Decision.objects.select_for_update().filter(series=decision.series,
                                                         year=decision.year).values("pk"))
        decision.number = next_decision_number(decision.series, decision.year)
    return core.save_child(user, decision, meeting, expected_version=expected_version)


def save_action(user, action: Action, *, expected_version: int | None = None):
    """Actions are followed up after the minutes are approved (marked done), but a new one is
    not added to approved minutes."""
    if action.pk is None and action.meeting.is_locked:
        _refuse(_("Protokollet är justerat; lägg åtgärden på nästa möte."))
    return core.save_child(user, action, action.meeting, expected_version=expected_version)


def approve_minutes(user, meeting: Meeting, *, on: datetime.date | None = None,
                    expected_version: int | None = None) -> Meeting:
    """Justering: the minutes and their decisions are locked from now on."""
    core.check_can(user, permissions.CHANGE, meeting)
    if meeting.is_locked:
        _refuse(_("Protokollet är redan justerat."))
    if not meeting.minutes.strip():
        _refuse(_("Skriv protokollet innan det justeras."))
    meeting.minutes_approved_on = on or timezone.localdate()
    return core.save_record(user, meeting, expected_version=expected_version)


def check_meeting_change(meeting: Meeting) -> None:
    if meeting.pk and Meeting.objects.filter(pk=meeting.pk,
                                             minutes_approved_on__isnull=False).exists():
        _refuse(_("Protokollet är justerat och ändras inte."))


def open_actions_before(meeting: Meeting):
    """Actions of the same steering group's earlier meetings not yet done: they carry forward
    to this meeting's agenda until done (M7)."""
    group = Q(meeting__management_object_id=meeting.management_object_id,
              meeting__project_id=meeting.project_id,
              meeting__steering_group_id=meeting.steering_group_id)
    return (Action.objects.filter(group, done_on__isnull=True, meeting__held_on__lt=meeting.held_on)
            .select_related("owner", "meeting").order_by("due_on", "pk"))


def meetings_of(plan: Plan):
    """The meetings of the plan's steering group (the object's, or the project's own)."""
    if plan.kind == Plan.Kind.MANAGEMENT:
        return Meeting.objects.filter(management_object_id=plan.management_object_id)
    return Meeting.objects.filter(project=plan)


def plan_for(meeting: Meeting, user) -> Plan | None:
    """The plan the meeting follows up: the project, or the object's plan of the meeting's year
    in force (its latest version that is not a draft, else the draft)."""
    if meeting.project_id:
        return meeting.project
    plans = Plan.objects.for_user(user).filter(
        management_object_id=meeting.management_object_id, year=meeting.held_on.year,
        archived_at__isnull=True)
    return plans.exclude(state=Plan.State.REVISED).order_by("-revision").first()


def done_since_last_meeting(plan: Plan, meeting: Meeting):
    """The previous meeting's date of the plan's steering group (None for the first) and the
    activities ended after it, up to and including this meeting's day."""
    since = meetings_of(plan).filter(held_on__lt=meeting.held_on).order_by(
        "-held_on").values_list("held_on", flat=True).first()
    done = plan.activities.filter(actual_end__isnull=False, actual_end__lte=meeting.held_on)
    if since:
        done = done.filter(actual_end__gt=since)
    return since, done.select_related("responsible").order_by("actual_end", "pk")
