"""The permission cast of the system register with planning records run by each organisation:
Laxå (own), Hallsberg (other) and their cooperation (coop).

Approval follows the PM3 roles, not editing rights: the owner of Laxå's object is a person whose
login is the Laxå *reader*; a member of the cooperation's steering group is the Hallsberg
editor (*outsider*); Hallsberg's object owner has no login, so only a superuser approves there.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.core import imports
from samverkan.planning import agenda, reporting, services
from samverkan.planning.importers import TimeReportImporter
from samverkan.planning.models import Decision, Plan, SteeringGroup, SteeringGroupSeat
from samverkan.portfolio.models import SteeringGroupMember
from samverkan.testing.cast import (
    COOP,
    EDITOR,
    OTHER,
    OUTSIDER,
    OWN,
    READER,
    SCOPES,
    SUPERUSER,
    extend_cast,
)
from samverkan.testing.factories import PersonFactory

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

YEAR = 2026
# who approves each scope's plans (besides superusers)
APPROVERS = {OWN: frozenset({READER, SUPERUSER}), OTHER: frozenset({SUPERUSER}),
             COOP: frozenset({OUTSIDER, SUPERUSER})}

GROUPS = ("plans", "drafts", "submitted", "goals", "activities", "reports", "estimates", "risks",
          "releases", "meetings", "decisions", "actions", "status_reports", "agenda_items",
          "groups", "seats", "spare_people")


def add_planning(cast) -> None:
    root = cast.users[SUPERUSER]
    for name in GROUPS:
        setattr(cast, name, {})
    owner = cast.people[OWN]
    owner.user = cast.users[READER]
    owner.save()
    member = PersonFactory(name="Rektor Hallsberg", organisation=cast.orgs[OTHER],
                           user=cast.users[OUTSIDER])
    SteeringGroupMember.objects.create(management_object=cast.objects[COOP], person=member,
                                       organisation=cast.orgs[OTHER], mandate="Förvaltningschef")
    for scope in SCOPES:
        obj, org = cast.objects[scope], cast.orgs[scope]
        plan = PlanFactory(management_object=obj, organisation=org, year=YEAR,
                           name=f"Förvaltningsplan {org.name} {YEAR}")
        cast.goals[scope] = GoalFactory(plan=plan, title=f"Mål {org.name}")
        activity = ActivityFactory(plan=plan, title=f"Aktivitet {org.name}",
                                   internal_hours=Decimal(100), external_hours=Decimal(180),
                                   budget_ore=50_000_00, responsible=cast.people[scope])
        cast.activities[scope] = activity
        cast.reports[scope] = TimeReportFactory(activity=activity, hours=Decimal("173.5"),
                                                category="extern", cost_ore=1_000_00,
                                                date=datetime.date(YEAR, 11, 25))
        cast.estimates[scope] = EstimateFactory(plan=plan, as_of=datetime.date(YEAR, 11, 25),
                                                category="extern", remaining_hours=Decimal(9))
        cast.risks[scope] = RiskFactory(plan=plan, number=1, description=f"Risk {org.name}",
                                        probability=4, impact=4)
        cast.releases[scope] = ReleaseFactory(plan=plan, title=f"Release {org.name}")
        plan.state, plan.approved_on = Plan.State.APPROVED, datetime.date(YEAR, 1, 20)
        plan.save()
        cast.plans[scope] = plan
        cast.status_reports[scope] = reporting.create_report(root, plan, datetime.date(YEAR, 6, 1))
        draft = PlanFactory(management_object=obj, organisation=org, year=YEAR + 1,
                            name=f"Utkast {org.name} {YEAR + 1}")
        GoalFactory(plan=draft, title=f"Utkastmål {org.name}")
        cast.drafts[scope] = draft
        pending = PlanFactory(management_object=obj, organisation=org, year=YEAR + 2,
                              name=f"För beslut {org.name} {YEAR + 2}")
        GoalFactory(plan=pending)
        services.submit(root, pending)
        cast.submitted[scope] = Plan.objects.get(pk=pending.pk)
        meeting = MeetingFactory(management_object=obj, organisation=org,
                                 title=f"Styrgruppsmöte {org.name}",
                                 held_on=datetime.date(YEAR, 2, 10), minutes="Protokoll")
        cast.meetings[scope] = meeting
        items = agenda.create_from_template(root, meeting)
        cast.agenda_items[scope] = items[1]  # Ärenden för beslut
        cast.decisions[scope] = services.record_decision(root, Decision(
            meeting=meeting, title=f"Beslut {org.name}", text="Styrgruppen beslutar.",
            agenda_item=items[1]))
        cast.actions[scope] = ActionFactory(meeting=meeting, owner=cast.people[scope],
                                            title=f"Åtgärd {org.name}")
        group = SteeringGroup.objects.create(
            organisation=org, level=SteeringGroup.Level.FAMILY, name=f"Skolfamiljen {org.name}",
            mandate=f"Prioriterar skolans system i {org.name}.")
        group.management_objects.add(obj)
        cast.groups[scope] = group
        cast.seats[scope] = SteeringGroupSeat.objects.create(
            group=group, person=cast.people[scope], organisation=org, mandate="Ordförande",
            is_chair=True)
        cast.spare_people[scope] = PersonFactory(name=f"Ledamot {org.name}", organisation=org)
    # a time file the Laxå editor has uploaded but not yet confirmed
    text = f"Plan;Aktivitet;Datum;Timmar\nFörvaltningsplan Laxå {YEAR};Aktivitet Laxå;{YEAR}-12-31;6\n"
    cast.batches["time"] = imports.stage(cast.users[EDITOR], TimeReportImporter,
                                         SimpleUploadedFile("tid.csv", text.encode()))


@pytest.fixture(scope="module")
def planning_cast(shared_cast, django_db_blocker):
    with django_db_blocker.unblock():
        add_planning(shared_cast)
    return shared_cast


@pytest.fixture
def pcast(planning_cast, module_cast, monkeypatch):
    """The cast for one test; a refused request must leave the planning tables as they were."""
    extend_cast(monkeypatch, snapshot_apps=("planning",), kept=GROUPS)
    return module_cast
