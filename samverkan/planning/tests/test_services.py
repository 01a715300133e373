"""Planning's domain rules as plain functions: the seed's hours table and risk map, the plan's
states by PM3 role, revisions, what a decided plan still lets change, decision numbering,
minutes and actions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from samverkan.core.services import StaleVersionError
from samverkan.planning import followup, services, windows
from samverkan.planning.calendar import plan_calendar
from samverkan.planning.models import (
    Activity,
    Decision,
    Goal,
    Plan,
    PlanSteeringMember,
    Release,
    Risk,
    TimeReport,
)
from samverkan.planning.panels import object_panel
from samverkan.portfolio.models import ObjectRole, SteeringGroupMember
from samverkan.testing.factories import (
    ManagementObjectFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

from .factories import (
    ActionFactory,
    ActivityFactory,
    EstimateFactory,
    GoalFactory,
    MeetingFactory,
    PlanFactory,
    ReleaseFactory,
    RiskFactory,
    TimeReportFactory,
)

pytestmark = pytest.mark.django_db


# -- the seed's figures ---------------------------------------------------------------------------

def test_the_seed_hours_table_comes_out_exactly():
    """[001] «Externa konsulttimmar»: budget 180, utfall 173,5 to 22-11-25, bedömt återstående
    9 → prognos 182,5, diff −2,5."""
    plan = PlanFactory(year=2022)
    activity = ActivityFactory(plan=plan, external_hours=Decimal(180), internal_hours=0)
    for hours, day in (("100", 30), ("73.5", 25)):
        month = 10 if day == 30 else 11
        TimeReportFactory(activity=activity, category="extern", hours=Decimal(hours),
                          date=datetime.date(2022, month, day))
    TimeReportFactory(activity=activity, category="extern", hours=Decimal(4),
                      date=datetime.date(2022, 11, 28))  # after the as-of date
    EstimateFactory(plan=plan, as_of=datetime.date(2022, 11, 25), category="extern",
                    remaining_hours=Decimal(9), comment="Inom budget om inga större omtag sker")
    result = followup.follow_up(plan, as_of=datetime.date(2022, 11, 25))
    external = result.external
    assert (external.budget, external.outcome, external.remaining) == (180, Decimal("173.5"), 9)
    assert external.forecast == Decimal("182.5")
    assert external.deviation == Decimal("-2.5")
    assert result.comments == ["Inom budget om inga större omtag sker"]
    assert followup.follow_up(plan).external.outcome == Decimal("177.5")


def test_the_seed_risks_get_their_priorities_and_cells():
    plan = PlanFactory()
    seed = [(1, 4, 4), (2, 3, 4), (3, 3, 4), (4, 3, 3)]
    risks = [RiskFactory(plan=plan, number=n, probability=p, impact=i) for n, p, i in seed]
    assert [r.priority for r in risks] == [16, 12, 12, 9]
    assert [r.number for r in followup.ranked_risks(reversed(risks))] == [1, 2, 3, 4]
    grid = followup.risk_map(risks)
    counts = {(c.probability, c.impact): len(c.risks) for row in grid for c in row if c.risks}
    assert counts == {(4, 4): 1, (3, 4): 2, (3, 3): 1}
    assert len(grid) == 4  # the default scale is 1–4
    assert grid[0][0].probability == 4 and grid[0][0].impact == 1  # highest probability on top
    assert [followup.risk_band(p) for p in (16, 12, 9, 4)] == ["rod", "rod", "gul", "gron"]


def test_an_installation_on_the_scale_1_to_5_gets_a_five_by_five_map(settings):
    settings.SAMVERKAN_RISK_SCALE = 5
    grid = followup.risk_map([])
    assert len(grid) == 5 and grid[0][0].probability == 5
    # REQUIREMENTS R2's bands: ≥ 15 red, 8–14 yellow, ≤ 7 green
    assert [followup.risk_band(p) for p in (15, 14, 8, 7)] == ["rod", "gul", "gul", "gron"]
    RiskFactory.build(plan=PlanFactory(), number=1, probability=5, impact=5).full_clean()


@given(st.integers(1, 4), st.integers(1, 4))
def test_priority_is_probability_times_impact(probability, impact):
    assert followup.risk_priority(probability, impact) == probability * impact


def test_a_risk_outside_the_scale_is_refused():
    with pytest.raises(ValueError):
        followup.risk_priority(5, 1)
    with pytest.raises(ValidationError):
        RiskFactory.build(plan=PlanFactory(), number=1, probability=5, impact=1).full_clean()


@given(st.decimals(0, 10_000, places=2), st.decimals(0, 10_000, places=2),
       st.decimals(0, 10_000, places=2))
def test_forecast_is_outcome_plus_estimate_and_deviation_budget_minus_forecast(b, o, r):
    figures = followup.Figures(b, o, r)
    assert figures.forecast == o + r
    assert figures.deviation == b - (o + r)
    assert figures.forecast + figures.deviation == b  # exact: no rounding anywhere


def test_money_outcome_adds_up_to_the_ore():
    plan = PlanFactory()
    first = ActivityFactory(plan=plan, budget_ore=100_000_00)
    second = ActivityFactory(plan=plan, budget_ore=33_333_33)
    for cost in (1, 10, 33_333_33, 99_99):
        TimeReportFactory(activity=first, hours=0, cost_ore=cost)
    TimeReportFactory(activity=second, hours=0, cost_ore=1)
    result = followup.follow_up(plan)
    assert result.money.budget == 133_333_33
    assert result.money.outcome == 1 + 10 + 33_333_33 + 99_99 + 1
    assert result.money.deviation == 133_333_33 - result.money.outcome


def test_goal_colour_follows_light_or_per_cent_bands():
    light = GoalFactory.build(follow_up=Goal.FollowUp.TRAFFIC_LIGHT, light=Goal.Light.RED)
    assert followup.goal_colour(light) == "rod"
    for percent, colour in ((None, ""), (80, "gron"), (79, "gul"), (50, "gul"), (49, "rod")):
        goal = GoalFactory.build(follow_up=Goal.FollowUp.PERCENT, percent=percent)
        assert followup.goal_colour(goal) == colour


def test_an_assignment_outside_the_plan_counts_as_planned_only_once_prepared_and_decided():
    activity = ActivityFactory(kind=Activity.Kind.OUTSIDE_PLAN)
    assert not followup.counts_as_planned(activity)
    meeting = MeetingFactory(management_object=activity.plan.management_object)
    activity.decision = Decision.objects.create(meeting=meeting, series=meeting.series,
                                                year=2026, number=1, title="Uppdrag", text="Ja")
    assert not followup.counts_as_planned(activity)  # decided without a prepared basis
    with pytest.raises(ValidationError, match="beslutsunderlag"):
        activity.full_clean()
    activity.decision_basis = "  "
    assert not followup.counts_as_planned(activity)
    activity.decision_basis = "Underlag: 40 timmar, 180 000 kr"
    activity.full_clean()
    assert followup.counts_as_planned(activity)
    activity.decision = None
    assert not followup.counts_as_planned(activity)  # prepared, not yet decided
    assert followup.counts_as_planned(ActivityFactory(kind=Activity.Kind.DEVELOP))


def test_an_undecided_assignment_is_shown_apart_from_the_plans_budget(plan):
    ActivityFactory(plan=plan, kind=Activity.Kind.MAINTAIN, internal_hours=Decimal(100),
                    external_hours=Decimal(0), budget_ore=10_000_00)
    pending = ActivityFactory(plan=plan, kind=Activity.Kind.OUTSIDE_PLAN,
                              internal_hours=Decimal(40), external_hours=Decimal(120),
                              budget_ore=180_000_00, decision_basis="Underlag")
    TimeReportFactory(activity=pending, hours=Decimal(5), category="intern", cost_ore=500_00)
    result = followup.follow_up(plan)
    assert (result.hours.budget, result.money.budget) == (100, 10_000_00)
    assert (result.undecided_hours.budget, result.undecided_hours.outcome) == (160, 5)
    assert result.undecided_money.budget == 180_000_00
    _header, rows = followup.follow_up_rows(result)
    assert any("ej beslutat" in str(row[0]) for row in rows)
    meeting = MeetingFactory(management_object=plan.management_object)
    pending.decision = Decision.objects.create(meeting=meeting, series=meeting.series,
                                               year=2026, number=1, title="Uppdrag", text="Ja")
    pending.save()
    result = followup.follow_up(plan)
    assert (result.hours.budget, result.money.budget) == (260, 190_000_00)
    assert result.undecided_hours.budget == 0


# -- states by PM3 role ----------------------------------------------------------------------------

@pytest.fixture
def lead(editor):
    """The object manager: edits the owning organisation (Laxå)."""
    return editor


@pytest.fixture
def plan(laxa):
    obj = ManagementObjectFactory(name="Lärplattform", organisation=laxa)
    plan = PlanFactory(management_object=obj, organisation=laxa, year=2026)
    GoalFactory(plan=plan)
    return plan


@pytest.fixture
def object_owner(plan, laxa):
    """The object owner: a person with a login but no editing rights anywhere."""
    user = UserFactory(username="agare")
    person = PersonFactory(name="Marcus Cederberg", organisation=laxa, user=user)
    ObjectRole.objects.create(management_object=plan.management_object, person=person,
                              organisation=laxa, role=ObjectRole.Kind.OWNER)
    return user


def test_the_object_manager_submits_and_the_object_owner_approves(plan, lead, object_owner):
    services.submit(lead, plan, on=datetime.date(2026, 1, 10))
    assert plan.state == Plan.State.SUBMITTED and plan.submitted_on == datetime.date(2026, 1, 10)
    with pytest.raises(PermissionDenied):
        services.approve(lead, plan)  # the manager does not approve their own plan
    services.approve(object_owner, plan, on=datetime.date(2026, 1, 20), reference="Beslut 3")
    plan.refresh_from_db()
    assert (plan.state, plan.approved_on, plan.approved_by, plan.approved_as,
            plan.decision_reference) == (Plan.State.APPROVED, datetime.date(2026, 1, 20),
                                         object_owner, "Objektägare", "Beslut 3")
    assert plan.history.first().history_user == object_owner


def test_a_reader_does_not_submit_and_a_plan_without_goals_is_not_submitted(plan, reader, lead):
    with pytest.raises(PermissionDenied):
        services.submit(reader, plan)
    plan.goals.all().delete()
    with pytest.raises(ValidationError, match="mätbart mål"):
        services.submit(lead, plan)
    assert Plan.objects.get(pk=plan.pk).state == Plan.State.DRAFT


def test_the_steering_group_approves_at_a_meeting_with_its_paragraph(plan, lead, laxa, hallsberg):
    head = PersonFactory(name="Förvaltningschef", organisation=hallsberg,
                         user=UserFactory(username="chef"))
    SteeringGroupMember.objects.create(management_object=plan.management_object, person=head,
                                       organisation=hallsberg)
    meeting = MeetingFactory(management_object=plan.management_object, organisation=laxa,
                             held_on=datetime.date(2026, 1, 27))
    services.record_decision(lead, Decision(meeting=meeting, title="Övrigt", text="Noterat"))
    decision = services.record_decision(lead, Decision(meeting=meeting, title="Plan",
                                                       text="Fastställs"))
    services.submit(lead, plan)
    services.approve(head.user, plan, decision=decision)
    plan.refresh_from_db()
    assert plan.approved_as == "Styrgruppen" and plan.approved_on == datetime.date(2026, 1, 27)
    assert plan.decision_reference == "§ 2/2026 (2026-01-27)"
    assert Decision.objects.get(pk=decision.pk).plan == plan


def test_a_decision_of_another_group_does_not_approve_the_plan(plan, lead, superuser):
    other = MeetingFactory()
    decision = services.record_decision(superuser, Decision(meeting=other, title="x", text="y"))
    services.submit(lead, plan)
    with pytest.raises(ValidationError, match="styrgrupp"):
        services.approve(superuser, plan, decision=decision)


def test_a_stale_submit_is_refused(plan, lead):
    with pytest.raises(StaleVersionError):
        services.submit(lead, plan, expected_version=plan.version + 1)
    assert Plan.objects.get(pk=plan.pk).state == Plan.State.DRAFT


def test_a_revision_is_a_new_version_and_the_approved_one_stays_readable(
        plan, lead, object_owner):
    activity = ActivityFactory(plan=plan, internal_hours=Decimal(50))
    TimeReportFactory(activity=activity, hours=Decimal("7.5"))
    services.submit(lead, plan)
    services.approve(object_owner, plan, on=datetime.date(2026, 1, 20))
    new = services.revise(lead, plan)
    assert (new.revision, new.state, new.previous, new.year) == (2, Plan.State.DRAFT, plan, 2026)
    assert new.goals.count() == 1 and new.activities.get().origin == activity
    assert Plan.objects.get(pk=plan.pk).state == Plan.State.APPROVED  # in force meanwhile
    with pytest.raises(ValidationError, match="redan en ny version"):
        services.revise(lead, plan)
    services.submit(lead, new)
    services.approve(object_owner, new, on=datetime.date(2026, 6, 1))
    old = Plan.objects.get(pk=plan.pk)
    assert old.state == Plan.State.REVISED
    assert (old.approved_on, old.approved_by) == (datetime.date(2026, 1, 20), object_owner)
    assert followup.follow_up(new).internal.outcome == Decimal("7.5")  # the outcome followed


def test_a_decided_plan_keeps_its_budget_but_is_followed_up(plan, lead, object_owner):
    activity = ActivityFactory(plan=plan, internal_hours=Decimal(50))
    services.submit(lead, plan)
    services.approve(object_owner, plan)
    activity.internal_hours = Decimal(80)
    with pytest.raises(ValidationError, match="budget interna timmar"):
        services.save_part(lead, activity, plan)
    activity.internal_hours = Decimal(50)
    activity.status = Activity.Status.ON_TRACK
    services.save_part(lead, activity, plan)
    with pytest.raises(ValidationError, match="ny version"):
        services.save_part(lead, Goal(plan=plan, title="Nytt", indicator="x", target="y"), plan)
    goal = plan.goals.get()
    goal.light = Goal.Light.YELLOW
    services.save_part(lead, goal, plan)
    services.save_part(lead, TimeReport(activity=activity, date=datetime.date(2026, 2, 1),
                                        hours=Decimal(3)), plan)
    services.save_part(lead, Risk(plan=plan, number=1, description="r", probability=2,
                                  impact=2), plan)
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.ON_TRACK


def test_a_closed_plan_is_not_changed(plan, lead, object_owner):
    services.submit(lead, plan)
    services.approve(object_owner, plan)
    services.close(lead, plan)
    with pytest.raises(ValidationError, match="avslutad"):
        services.save_part(lead, Risk(plan=plan, number=1, description="r", probability=1,
                                      impact=1), plan)


def test_next_years_plan_starts_from_this_one(plan, lead):
    ActivityFactory(plan=plan, kind=Activity.Kind.MAINTAIN, title="Drift")
    ActivityFactory(plan=plan, kind=Activity.Kind.DEVELOP, title="Nytt betyg")
    RiskFactory(plan=plan, status=Risk.Status.OPEN, number=1)
    RiskFactory(plan=plan, status=Risk.Status.CLOSED, number=2)
    plan.name = "Förvaltningsplan Lärplattform 2026"
    plan.save()
    goal = plan.goals.get()
    goal.light = Goal.Light.RED
    goal.save()
    nxt = services.start_next_year(lead, plan)
    assert (nxt.year, nxt.name, nxt.state) == (2027, "Förvaltningsplan Lärplattform 2027",
                                               Plan.State.DRAFT)
    assert list(nxt.activities.values_list("title", flat=True)) == ["Drift"]
    assert list(nxt.risks.values_list("number", flat=True)) == [1]
    assert nxt.goals.get().light == ""
    with pytest.raises(ValidationError, match="redan en plan för 2027"):
        services.start_next_year(lead, plan)


# -- meetings ----------------------------------------------------------------------------------------

def test_decisions_are_numbered_per_steering_group_and_year(laxa, editor):
    obj = ManagementObjectFactory(organisation=laxa)
    first = MeetingFactory(management_object=obj, held_on=datetime.date(2026, 2, 1))
    second = MeetingFactory(management_object=obj, held_on=datetime.date(2026, 5, 1))
    next_year = MeetingFactory(management_object=obj, held_on=datetime.date(2027, 2, 1))
    other_group = MeetingFactory(management_object=ManagementObjectFactory(organisation=laxa),
                                 held_on=datetime.date(2026, 2, 1))

    def decide(meeting):
        return services.record_decision(editor, Decision(meeting=meeting, title="t", text="b"))

    refs = [decide(m).reference for m in (first, first, second, next_year, other_group)]
    assert refs == ["§ 1/2026", "§ 2/2026", "§ 3/2026", "§ 1/2027", "§ 1/2026"]


def test_approved_minutes_lock_the_decisions(laxa, editor):
    meeting = MeetingFactory(management_object=ManagementObjectFactory(organisation=laxa))
    decision = services.record_decision(editor, Decision(meeting=meeting, title="t", text="b"))
    with pytest.raises(ValidationError, match="Skriv protokollet"):
        services.approve_minutes(editor, meeting)
    meeting.minutes = "Protokoll"
    meeting.save()
    services.approve_minutes(editor, meeting, on=datetime.date(2026, 2, 12))
    decision.text = "Ändrat i efterhand"
    with pytest.raises(ValidationError, match="justerat"):
        services.record_decision(editor, decision)
    with pytest.raises(ValidationError, match="justerat"):
        services.record_decision(editor, Decision(meeting=meeting, title="t", text="b"))
    assert Decision.objects.get(pk=decision.pk).text == "b"


def test_open_actions_carry_forward_to_the_next_meeting_until_done(laxa):
    obj = ManagementObjectFactory(organisation=laxa)
    first = MeetingFactory(management_object=obj, held_on=datetime.date(2026, 2, 1))
    later = MeetingFactory(management_object=obj, held_on=datetime.date(2026, 5, 1))
    open_action = ActionFactory(meeting=first, title="Öppen")
    ActionFactory(meeting=first, title="Klar", done_on=datetime.date(2026, 3, 1))
    ActionFactory(meeting=MeetingFactory(held_on=datetime.date(2026, 2, 1)), title="Annan grupp")
    assert list(services.open_actions_before(later)) == [open_action]
    assert list(services.open_actions_before(first)) == []


def test_a_meeting_belongs_to_one_steering_group_of_its_owner(laxa, hallsberg):
    obj = ManagementObjectFactory(organisation=laxa)
    with pytest.raises(ValidationError, match="samma organisation"):
        MeetingFactory.build(management_object=obj, organisation=hallsberg).full_clean()
    with pytest.raises(ValidationError, match="Ange en styrgrupp"):
        MeetingFactory.build(management_object=None, organisation=laxa).full_clean()


def test_a_project_plan_is_approved_by_its_own_steering_group(laxa, editor):
    project = Plan.objects.create(kind=Plan.Kind.PROJECT, name="Utredning", organisation=laxa,
                                  starts_on=datetime.date(2022, 3, 1),
                                  ends_on=datetime.date(2022, 11, 30))
    GoalFactory(plan=project)
    chair = PersonFactory(organisation=laxa, user=UserFactory(username="ordf"))
    PlanSteeringMember.objects.create(plan=project, person=chair, organisation=laxa)
    services.submit(editor, project)
    assert not services.may_approve(editor, project)
    services.approve(chair.user, project, on=datetime.date(2022, 3, 1))
    assert Plan.objects.get(pk=project.pk).approved_as == "Styrgruppen"


def test_a_management_plan_needs_its_object_and_year_and_the_objects_owner(laxa, hallsberg):
    with pytest.raises(ValidationError) as error:
        Plan(kind=Plan.Kind.MANAGEMENT, name="x", organisation=laxa).full_clean()
    assert {"management_object", "year"} <= set(error.value.message_dict)
    obj = ManagementObjectFactory(organisation=laxa)
    with pytest.raises(ValidationError, match="förvaltningsobjektets ägare"):
        Plan(name="x", organisation=hallsberg, management_object=obj, year=2026).full_clean()


def test_the_calendar_carries_a_recurring_service_window_and_the_meetings(plan, editor):
    ReleaseFactory(plan=plan, kind=Release.Kind.SERVICE_WINDOW, title="Servicefönster",
                   recurrence="FREQ=WEEKLY;BYDAY=TU")
    MeetingFactory(management_object=plan.management_object, title="Styrgrupp",
                   held_on=datetime.date(2026, 2, 10), place="Laxå")
    events = Calendar.from_ical(plan_calendar(plan, editor)).walk("VEVENT")
    by_summary = {str(e["summary"]): e for e in events}
    window = by_summary["Servicefönster: Servicefönster"]
    assert window["rrule"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert by_summary["Styrgruppsmöte: Styrgrupp"]["location"] == "Laxå"


@pytest.mark.parametrize("rule", ["FREQ=SOMETIMES", "TISDAGAR", "FREQ=WEEKLY;BYDAY=XX"])
def test_a_recurrence_that_is_not_rfc_5545_is_refused(plan, rule):
    with pytest.raises(ValidationError, match="RFC 5545"):
        ReleaseFactory.build(plan=plan, recurrence=rule).full_clean()


def test_a_recurrence_copied_with_its_property_name_is_kept_as_the_rule(plan):
    window = ReleaseFactory.build(plan=plan, recurrence=" RRULE:FREQ=WEEKLY;BYDAY=TU ")
    window.full_clean()
    assert window.recurrence == "FREQ=WEEKLY;BYDAY=TU"


def _window(plan, organisation, day, start, end, byday):
    return ReleaseFactory.build(
        plan=plan, kind=Release.Kind.SERVICE_WINDOW, preferred_by=organisation,
        starts_at=timezone.make_aware(datetime.datetime(2026, 3, day, *start)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 3, day, *end)),
        recurrence=f"FREQ=WEEKLY;BYDAY={byday}")


def test_the_service_window_that_suits_every_municipality(plan, laxa, hallsberg, cooperation):
    """RL2: each municipality's preferred weekly windows, and where they all overlap."""
    lekeberg = OrganisationFactory(name="Lekeberg")
    windows_ = [_window(plan, laxa, 3, (18, 0), (22, 0), "TU,TH"),
                _window(plan, hallsberg, 3, (17, 0), (21, 30), "TU"),
                _window(plan, hallsberg, 4, (19, 0), (23, 0), "WE,TH"),
                _window(plan, lekeberg, 5, (18, 30), (23, 0), "TU,TH")]
    preferred, common = windows.preferences(windows_)
    assert len(preferred) == 4
    assert [(o.day, o.start.isoformat(), o.end.isoformat()) for o in common] == [
        (1, "18:30:00", "21:30:00"), (3, "19:00:00", "22:00:00")]
    assert common[0].label == "Tisdag 18:30–21:30"
    _p, none = windows.preferences([_window(plan, laxa, 3, (6, 0), (7, 0), "MO"),
                                    _window(plan, hallsberg, 3, (18, 0), (22, 0), "MO")])
    assert none == []


def test_the_object_page_section_shows_this_years_plan_at_a_glance(plan, lead, object_owner):
    ActivityFactory(plan=plan, internal_hours=Decimal(50))
    RiskFactory(plan=plan, number=1, probability=2, impact=2)
    RiskFactory(plan=plan, number=2, probability=4, impact=3)
    plan.year = datetime.date.today().year
    plan.save()
    services.submit(lead, plan)
    services.approve(object_owner, plan)
    services.revise(lead, plan)  # the draft of a new version does not hide the one in force
    context = object_panel(plan.management_object, lead)
    assert context["plan"] == plan
    assert [r.number for r in context["top_risks"]] == [2, 1]
    assert context["follow"].hours.budget == 50
