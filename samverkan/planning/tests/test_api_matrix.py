"""Every planning API resource × every role × records run by Laxå, Hallsberg and their
cooperation: the same permission layer and domain rules as the pages (drafts by the object
manager, approval by the object owner or the steering group, § numbering, decided budgets)."""

import json

import pytest
from django.urls import reverse

from samverkan.planning.models import (
    Action,
    Activity,
    AgendaItem,
    Decision,
    Estimate,
    Goal,
    Meeting,
    Plan,
    Release,
    Risk,
    SteeringGroup,
    SteeringGroupSeat,
    TimeReport,
)
from samverkan.testing.cast import CHANGERS, EDITOR, OWN, READER, SCOPES, SIGNED_IN, SUPERUSER
from samverkan.testing.matrix import (
    ARCHIVED,
    CREATED,
    INVALID,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

from .cast import APPROVERS, YEAR

pytestmark = pytest.mark.django_db
OK = "200 page"


def api(basename, group=None, scope=None, suffix=""):
    def build(cast):
        if group is None:
            return reverse(f"{basename}-list")
        return reverse(f"{basename}-detail", args=[getattr(cast, group)[scope].pk]) + suffix
    return build


def ApiCase(name, url, allowed, **options):  # noqa: N802 - reads like a class in the tables
    return Case(name, url, allowed, anonymous=UNAUTHORISED, **options)


def resource(basename, group, model, create, patch, check, *, delete=ARCHIVED, deleted=None):
    """List, read, create, patch and delete of one resource, for each scope."""
    cases = [ApiCase(f"{basename} list", api(basename), SIGNED_IN)]
    for s in SCOPES:
        cases += [
            ApiCase(f"{basename} read ({s})", api(basename, group, s), SIGNED_IN,
                    shows=lambda c: ['"version":']),
            ApiCase(f"{basename} create ({s})", api(basename), CHANGERS[s], yes=CREATED,
                    method="post", data=lambda c, s=s: create(c, s),
                    effect=lambda c, s=s: model.objects.filter(**check(c, s, True)).exists()),
            ApiCase(f"{basename} patch ({s})", api(basename, group, s), CHANGERS[s],
                    method="patch", data=lambda c, s=s: {**patch(c, s), "version": 1},
                    effect=lambda c, s=s: model.objects.filter(
                        pk=getattr(c, group)[s].pk, version=2, **check(c, s, False)).exists()),
            ApiCase(f"{basename} delete ({s})", api(basename, group, s),
                    CHANGERS[s] if delete else frozenset(), yes=delete, method="delete",
                    data=lambda c: {"version": 1},
                    effect=deleted(group, s) if deleted else lambda c, s=s: not model.objects
                    .filter(pk=getattr(c, group)[s].pk).exists()),
        ]
    return cases


def archived(group, s):
    return lambda c: Plan.objects.get(pk=getattr(c, group)[s].pk).archived_at is not None


def meeting_archived(group, s):
    return lambda c: Meeting.objects.get(pk=getattr(c, group)[s].pk).archived_at is not None


def state_changes():
    cases = []
    for s in SCOPES:
        cases += [
            ApiCase(f"plan submit ({s})", api("plan", "drafts", s, "submit/"), CHANGERS[s],
                    method="post", data=lambda c: {"version": 1},
                    effect=lambda c, s=s: Plan.objects.get(pk=c.drafts[s].pk).state == "for_beslut"),
            ApiCase(f"plan approve ({s})", api("plan", "submitted", s, "approve/"), APPROVERS[s],
                    method="post",
                    data=lambda c, s=s: {"version": 2, "decision": c.decisions[s].pk},
                    effect=lambda c, s=s: Plan.objects.filter(
                        pk=c.submitted[s].pk, state="faststalld",
                        decision_reference=f"§ 1/{YEAR} ({YEAR}-02-10)").exists()),
            ApiCase(f"plan return-to-draft ({s})", api("plan", "submitted", s, "return-to-draft/"),
                    CHANGERS[s] | APPROVERS[s], method="post", data=lambda c: {"version": 2},
                    effect=lambda c, s=s: Plan.objects.get(pk=c.submitted[s].pk).state == "utkast"),
            ApiCase(f"plan revise ({s})", api("plan", "plans", s, "revise/"), CHANGERS[s],
                    yes=CREATED, method="post",
                    effect=lambda c, s=s: Plan.objects.filter(previous=c.plans[s]).exists()),
            ApiCase(f"plan close ({s})", api("plan", "plans", s, "close/"), CHANGERS[s],
                    method="post", data=lambda c: {"version": 1},
                    effect=lambda c, s=s: Plan.objects.get(pk=c.plans[s].pk).state == "avslutad"),
            ApiCase(f"plan follow-up ({s})", api("plan", "plans", s, "follow-up/"), SIGNED_IN,
                    shows=lambda c: ['"forecast":"182.50"', '"deviation":"-2.50"']),
            # a decided plan is changed only through a revision
            ApiCase(f"plan patch approved ({s})", api("plan", "plans", s), frozenset(),
                    method="patch", data=lambda c: {"name": "x", "version": 1}),
            ApiCase(f"meeting approve-minutes ({s})",
                    api("meeting", "meetings", s, "approve-minutes/"), CHANGERS[s],
                    method="post", data=lambda c: {"version": 1},
                    effect=lambda c, s=s: Meeting.objects.get(pk=c.meetings[s].pk).is_locked),
        ]
    return cases


CASES = [
    *resource("plan", "drafts", Plan,
              lambda c, s: {"kind": "forvaltningsplan", "name": "Från API",
                            "organisation": c.orgs[s].pk, "management_object": c.objects[s].pk,
                            "year": 2031},
              lambda c, s: {"name": "Ändrat via API"},
              lambda c, s, new: {"name": "Från API" if new else "Ändrat via API"},
              delete=ARCHIVED, deleted=archived),
    *resource("goal", "goals", Goal,
              lambda c, s: {"plan": c.drafts[s].pk, "title": "API-mål", "indicator": "i",
                            "target": "t"},
              lambda c, s: {"light": "gron", "outcome": "Uppnått"},
              lambda c, s, new: {"title": "API-mål"} if new else {"light": "gron"},
              delete=None),
    *resource("activity", "activities", Activity,
              lambda c, s: {"plan": c.drafts[s].pk, "title": "API-aktivitet",
                            "internal_hours": "7.25", "budget_ore": 1_000_01},
              lambda c, s: {"status": "klar", "actual_end": f"{YEAR}-10-01"},
              lambda c, s, new: {"internal_hours": "7.25", "budget_ore": 1_000_01} if new
              else {"status": "klar"}, delete=None),
    *resource("time-entry", "reports", TimeReport,
              lambda c, s: {"activity": c.activities[s].pk, "date": f"{YEAR}-12-02",
                            "category": "intern", "hours": "3.75", "cost_ore": 1},
              lambda c, s: {"hours": "174.25"},
              lambda c, s, new: {"hours": "3.75"} if new else {"hours": "174.25"}),
    *resource("estimate", "estimates", Estimate,
              lambda c, s: {"plan": c.plans[s].pk, "as_of": f"{YEAR}-12-15",
                            "category": "extern", "remaining_hours": "2"},
              lambda c, s: {"remaining_hours": "3"},
              lambda c, s, new: {"as_of": f"{YEAR}-12-15"} if new else {"remaining_hours": 3}),
    *resource("risk", "risks", Risk,
              lambda c, s: {"plan": c.plans[s].pk, "number": 9, "description": "API-risk",
                            "probability": 3, "impact": 3},
              lambda c, s: {"status": "intraffad", "occurred": True},
              lambda c, s, new: {"number": 9} if new else {"occurred": True}),
    *resource("release", "releases", Release,
              lambda c, s: {"plan": c.plans[s].pk, "title": "API-release",
                            "starts_at": f"{YEAR}-09-01T18:00:00Z",
                            "systems": [c.systems[s].pk]},
              lambda c, s: {"communicated_on": f"{YEAR}-08-20"},
              lambda c, s, new: {"title": "API-release"} if new
              else {"communicated_on": f"{YEAR}-08-20"}),
    *resource("meeting", "meetings", Meeting,
              lambda c, s: {"organisation": c.orgs[s].pk, "management_object": c.objects[s].pk,
                            "title": "API-möte", "held_on": f"{YEAR}-09-09"},
              lambda c, s: {"place": "Hallsberg"},
              lambda c, s, new: {"title": "API-möte"} if new else {"place": "Hallsberg"},
              deleted=meeting_archived),
    *resource("action", "actions", Action,
              lambda c, s: {"meeting": c.meetings[s].pk, "title": "API-åtgärd",
                            "owner": c.people[s].pk, "due_on": f"{YEAR}-04-01"},
              lambda c, s: {"done_on": f"{YEAR}-03-01"},
              lambda c, s, new: {"title": "API-åtgärd"} if new
              else {"done_on": f"{YEAR}-03-01"}),
    *resource("agenda-item", "agenda_items", AgendaItem,
              lambda c, s: {"meeting": c.meetings[s].pk, "title": "API-punkt", "kind": "beslut",
                            "presenter": c.people[s].pk},
              lambda c, s: {"title": "Ändrad punkt"},
              lambda c, s, new: {"title": "API-punkt", "order": 6} if new
              else {"title": "Ändrad punkt"}),
    *resource("steering-group", "groups", SteeringGroup,
              lambda c, s: {"organisation": c.orgs[s].pk, "level": "portfolj",
                            "name": "API-portfölj", "mandate": "Hela portföljen"},
              lambda c, s: {"mandate": "Beslutar om prioriteringar"},
              lambda c, s, new: {"name": "API-portfölj"} if new
              else {"mandate": "Beslutar om prioriteringar"},
              deleted=lambda group, s: lambda c: SteeringGroup.objects.get(
                  pk=c.groups[s].pk).archived_at is not None),
    *resource("steering-group-seat", "seats", SteeringGroupSeat,
              lambda c, s: {"group": c.groups[s].pk, "person": c.spare_people[s].pk,
                            "organisation": c.orgs[s].pk, "mandate": "Från API"},
              lambda c, s: {"mandate": "Beslutar om budget"},
              lambda c, s, new: {"mandate": "Från API"} if new
              else {"mandate": "Beslutar om budget"}),
    ApiCase("decision list", api("decision"), SIGNED_IN),
    *(case for s in SCOPES for case in (
        ApiCase(f"decision read ({s})", api("decision", "decisions", s), SIGNED_IN,
                shows=lambda c: [f'"reference":"§ 1/{YEAR}"']),
        ApiCase(f"decision create ({s})", api("decision"), CHANGERS[s], yes=CREATED,
                method="post", data=lambda c, s=s: {"meeting": c.meetings[s].pk, "title": "API",
                                                    "text": "Beslutat", "number": 77},
                effect=lambda c, s=s: Decision.objects.filter(meeting=c.meetings[s], number=2,
                                                              title="API").exists()),
        ApiCase(f"decision delete refused ({s})", api("decision", "decisions", s), frozenset(),
                no="HTTP 405", method="delete", data=lambda c: {"version": 1}),
    )),
    *state_changes(),
    ApiCase("status-report list", api("status-report"), SIGNED_IN),
    ApiCase("service-window list", api("service-window"), SIGNED_IN),
    *(case for s in SCOPES for case in (
        ApiCase(f"status-report read ({s})", api("status-report", "status_reports", s),
                SIGNED_IN, shows=lambda c: ['"snapshot":']),
        ApiCase(f"status-report write refused ({s})", api("status-report", "status_reports", s),
                frozenset(), no="HTTP 405", method="patch", data=lambda c: {"comment": "x"}),
    )),
    ApiCase("time-entry on a plan the user does not edit", api("time-entry"), CHANGERS[OWN],
            yes=CREATED, method="post",
            data=lambda c: {"activity": c.activities[OWN].pk, "date": f"{YEAR}-12-03",
                            "hours": "1"},
            effect=lambda c: TimeReport.objects.filter(date=f"{YEAR}-12-03").exists()),
    ApiCase("decided budget refused", api("activity", "activities", OWN), CHANGERS[OWN],
            yes=INVALID, method="patch", data=lambda c: {"internal_hours": "999", "version": 1}),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_api_permission_matrix(case, pcast):
    check_every_role(case, pcast, send=api_send)


def test_every_planning_api_resource_is_in_the_matrix():
    from samverkan.planning.api import ROUTES

    tested = {case.name.split(" ")[0] for case in CASES}
    assert {basename for _p, _v, basename in ROUTES} <= tested


def test_a_stale_state_change_is_refused_with_412(pcast):
    url = reverse("plan-submit", args=[pcast.drafts[OWN].pk])
    response = api_send(pcast.client(EDITOR), "post", url, {"version": 7})
    assert response.status_code == 412
    response = api_send(pcast.client(EDITOR), "post", url, {})
    assert response.status_code == 428


def test_risks_carry_their_derived_priority(pcast):
    url = reverse("risk-detail", args=[pcast.risks[OWN].pk])
    data = json.loads(pcast.client(READER).get(url, HTTP_ACCEPT="application/json").content)
    assert data["priority"] == 16


def test_the_api_does_not_change_the_agenda_of_approved_minutes(pcast):
    from samverkan.planning import services

    meeting, item = pcast.meetings[OWN], pcast.agenda_items[OWN]
    services.approve_minutes(pcast.users[SUPERUSER], meeting)
    client = pcast.client(EDITOR)
    url = reverse("agenda-item-detail", args=[item.pk])
    assert client.patch(url, {"title": "x", "version": 1},
                        content_type="application/json").status_code == 400
    assert client.delete(url, HTTP_IF_MATCH='"1"').status_code == 400
    assert AgendaItem.objects.get(pk=item.pk).title == item.title


def test_the_api_records_a_decision_only_against_its_own_meetings_item(pcast):
    client = pcast.client(EDITOR)
    other_item = pcast.agenda_items[OWN]
    meeting = pcast.meetings[OWN]
    later = Meeting.objects.create(organisation=meeting.organisation, title="Senare",
                                   management_object=meeting.management_object,
                                   held_on=f"{YEAR}-06-01")
    answer = client.post(reverse("decision-list"), {
        "meeting": later.pk, "title": "API", "text": "x", "agenda_item": other_item.pk},
        content_type="application/json")
    assert answer.status_code == 400 and "agenda_item" in answer.json()
    assert not Decision.objects.filter(meeting=later).exists()
