"""Every planning page × every role × plans and meetings run by Laxå (own), Hallsberg (other) and
their cooperation (coop).

Read a row as: "<request> — <who gets yes>, the others get <no>". Drafting, submitting and
following up are the object manager's (an editor of the owner); approving is the object owner's
or the steering group's, whatever their editing rights (cast.APPROVERS). Each refused request
must leave the database (planning included) as it was.
"""

import pytest
from django.urls import resolve, reverse

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
    StatusReport,
    SteeringGroup,
    SteeringGroupSeat,
    TimeReport,
)
from samverkan.testing.cast import (
    CHANGERS,
    EDITOR,
    EDITORS_ANYWHERE,
    OTHER,
    OWN,
    READER,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
)
from samverkan.testing.matrix import DENIED, INVALID, MISSING, SAVED, Case, check_every_role

from .cast import APPROVERS, YEAR

pytestmark = pytest.mark.django_db


def url(name, *args, query=""):
    def build(cast):
        return reverse(name, args=[getattr(cast, group)[scope].pk for group, scope in args]) + query
    return build


def fixed(path):
    return lambda cast: path


def invalid_elsewhere(s):
    """Editors of other organisations send a choice outside their scope: the form refuses it."""
    return {who: INVALID for who in EDITORS_ANYWHERE - CHANGERS[s]} | {READER: DENIED}


def state_of(group, s):
    return lambda c: Plan.objects.get(pk=getattr(c, group)[s].pk).state


LISTS = [
    Case("plan list", fixed(reverse("planning:plans")), SIGNED_IN,
         shows=lambda c: [c.plans[s].name for s in SCOPES],
         link=fixed(reverse("planning:plan_add")), link_roles=EDITORS_ANYWHERE),
    Case("plan list by year and state",
         fixed(reverse("planning:plans") + f"?year={YEAR}&state=faststalld"), SIGNED_IN,
         shows=lambda c: [c.plans[OWN].name], hides=lambda c: [c.drafts[OWN].name]),
    Case("plan list export", fixed(reverse("planning:plans") + "?export=xlsx"), SIGNED_IN),
    Case("meeting list", fixed(reverse("planning:meetings")), SIGNED_IN,
         shows=lambda c: [c.meetings[s].title for s in SCOPES]),
    Case("meeting list export", fixed(reverse("planning:meetings") + "?export=csv"), SIGNED_IN),
    Case("group list", fixed(reverse("planning:groups")), SIGNED_IN,
         shows=lambda c: [c.groups[s].name for s in SCOPES],
         link=fixed(reverse("planning:group_add")), link_roles=EDITORS_ANYWHERE),
    Case("group list by level", fixed(reverse("planning:groups") + "?level=portfolj"), SIGNED_IN,
         hides=lambda c: [c.groups[OWN].name]),
    Case("group list export", fixed(reverse("planning:groups") + "?export=xlsx"), SIGNED_IN),
    Case("group add form", fixed(reverse("planning:group_add")), EDITORS_ANYWHERE),
    Case("plan add form", fixed(reverse("planning:plan_add")), EDITORS_ANYWHERE),
    Case("meeting add form", fixed(reverse("planning:meeting_add")), EDITORS_ANYWHERE),
    Case("time import form", fixed(reverse("planning:report_import")), EDITORS_ANYWHERE),
    Case("time import preview", url("planning:report_import_preview", ("batches", "time")),
         {EDITOR, SUPERUSER}, no=MISSING),
    Case("time import commit", url("planning:report_import_preview", ("batches", "time")),
         {EDITOR, SUPERUSER}, yes=SAVED, no=MISSING, method="post",
         effect=lambda c: TimeReport.objects.filter(activity=c.activities[OWN],
                                                    date=f"{YEAR}-12-31", hours=6).exists()),
]


def plan_cases(s):
    return [
        Case(f"plan detail ({s})", url("planning:plan", ("plans", s)), SIGNED_IN,
             shows=lambda c: [c.plans[s].name, c.goals[s].title, c.activities[s].title,
                              c.risks[s].description, c.systems[s].name, "182,5"],
             link=url("planning:risk_add", ("plans", s)), link_roles=CHANGERS[s]),
        Case(f"plan calendar ({s})", url("planning:plan_calendar", ("plans", s)), SIGNED_IN,
             shows=lambda c: ["BEGIN:VCALENDAR", f"Release {c.orgs[s].name}",
                              f"Styrgruppsm\u00f6te {c.orgs[s].name}"]),
        Case(f"plan follow-up export ({s})", url("planning:plan", ("plans", s), query="?export=xlsx"),
             SIGNED_IN),
        Case(f"draft detail ({s})", url("planning:plan", ("drafts", s)), SIGNED_IN,
             link=url("planning:plan_edit", ("drafts", s)), link_roles=CHANGERS[s]),
        Case(f"submitted detail ({s})", url("planning:plan", ("submitted", s)), SIGNED_IN,
             link=url("planning:plan_edit", ("submitted", s)), link_roles=frozenset()),
        Case(f"plan add ({s})", fixed(reverse("planning:plan_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"kind": "forvaltningsplan", "name": "Ny plan",
                             "management_object": c.objects[s].pk, "year": 2030,
                             "reporting_frequency": "kvartal"},
             effect=lambda c: Plan.objects.filter(name="Ny plan", organisation=c.orgs[s],
                                                  year=2030, state="utkast").exists()),
        Case(f"draft edit form ({s})", url("planning:plan_edit", ("drafts", s)), CHANGERS[s]),
        Case(f"draft edit ({s})", url("planning:plan_edit", ("drafts", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"name": "Omdöpt", "year": YEAR + 1, "expected_version": 1,
                             "reporting_frequency": "manad", "mission": "Nytt uppdrag"},
             effect=lambda c: Plan.objects.filter(pk=c.drafts[s].pk, name="Omdöpt",
                                                  mission="Nytt uppdrag").exists()),
        # a decided plan is changed only through a revision, by nobody directly
        Case(f"approved edit form ({s})", url("planning:plan_edit", ("plans", s)), frozenset()),
        Case(f"submit ({s})", url("planning:plan_submit", ("drafts", s)), CHANGERS[s], yes=SAVED,
             method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: state_of("drafts", s)(c) == "for_beslut"),
        Case(f"submit by GET ({s})", url("planning:plan_submit", ("drafts", s)), frozenset(),
             no="HTTP 405"),
        Case(f"approve ({s})", url("planning:plan_approve", ("submitted", s)), APPROVERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"expected_version": 2, "approved_on": f"{YEAR + 1}-12-01",
                             "reference": "Beslut 7"},
             effect=lambda c: Plan.objects.filter(pk=c.submitted[s].pk, state="faststalld",
                                                  decision_reference="Beslut 7").exists()),
        Case(f"approve with the meeting's decision ({s})",
             url("planning:plan_approve", ("submitted", s)), APPROVERS[s], yes=SAVED,
             method="post", data=lambda c: {"expected_version": 2,
                                            "decision": c.decisions[s].pk},
             effect=lambda c: Plan.objects.filter(
                 pk=c.submitted[s].pk, decision=c.decisions[s],
                 decision_reference=f"§ 1/{YEAR} ({YEAR}-02-10)").exists()),
        Case(f"return to draft ({s})", url("planning:plan_return", ("submitted", s)),
             CHANGERS[s] | APPROVERS[s], yes=SAVED, method="post",
             data=lambda c: {"expected_version": 2},
             effect=lambda c: state_of("submitted", s)(c) == "utkast"),
        Case(f"revise ({s})", url("planning:plan_revise", ("plans", s)), CHANGERS[s], yes=SAVED,
             method="post", effect=lambda c: Plan.objects.filter(
                 previous=c.plans[s], revision=2, state="utkast",
                 activities__title=c.activities[s].title).exists()),
        Case(f"close ({s})", url("planning:plan_close", ("plans", s)), CHANGERS[s], yes=SAVED,
             method="post", effect=lambda c: state_of("plans", s)(c) == "avslutad"),
        Case(f"next year ({s})", url("planning:plan_next_year", ("submitted", s)), CHANGERS[s],
             yes=SAVED, method="post", effect=lambda c: Plan.objects.filter(
                 management_object=c.objects[s], year=YEAR + 3).exists()),
        Case(f"plan archive ({s})", url("planning:plan_archive", ("drafts", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: Plan.objects.get(pk=c.drafts[s].pk).archived_at is not None),
    ]


def part_cases(s):
    return [
        *(Case(f"{name} add form ({s})", url(f"planning:{name}_add", (group, s)), CHANGERS[s])
          for name, group in (("goal", "drafts"), ("activity", "drafts"), ("report", "plans"),
                              ("estimate", "plans"), ("risk", "plans"), ("release", "plans"),
                              ("member", "drafts"))),
        Case(f"goal add ({s})", url("planning:goal_add", ("drafts", s)), CHANGERS[s], yes=SAVED,
             method="post", data=lambda c: {"title": "Nöjdare lärare", "indicator": "NKI",
                                            "target": "70", "follow_up": "procent",
                                            "percent": "40"},
             effect=lambda c: Goal.objects.filter(plan=c.drafts[s], title="Nöjdare lärare",
                                                  percent=40).exists()),
        Case(f"activity add ({s})", url("planning:activity_add", ("drafts", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"title": "Uppgradering", "kind": "vidareutveckla",
                             "status": "ej_paborjad", "internal_hours": "12,5",
                             "external_hours": "", "budget": "10 000,50"},
             effect=lambda c: Activity.objects.filter(
                 plan=c.drafts[s], title="Uppgradering", internal_hours="12.5",
                 budget_ore=10_000_50).exists()),
        # what the approved plan decided stays: a new goal goes into a new version
        Case(f"goal add to an approved plan ({s})", url("planning:goal_add", ("plans", s)),
             CHANGERS[s], yes=INVALID, method="post",
             data=lambda c: {"title": "Sent mål", "indicator": "x", "target": "y",
                             "follow_up": "trafikljus"}),
        Case(f"goal assessed on an approved plan ({s})",
             url("planning:goal_edit", ("plans", s), ("goals", s)), CHANGERS[s], yes=SAVED,
             method="post",
             data=lambda c: {"title": c.goals[s].title, "indicator": c.goals[s].indicator,
                             "baseline": c.goals[s].baseline, "target": c.goals[s].target,
                             "follow_up": "trafikljus", "light": "gul",
                             "expected_version": c.goals[s].version},
             effect=lambda c: Goal.objects.get(pk=c.goals[s].pk).light == "gul"),
        Case(f"report time ({s})", url("planning:report_add", ("plans", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"activity": c.activities[s].pk, "date": f"{YEAR}-12-01",
                             "category": "extern", "hours": "2,5", "cost": "2 187,50"},
             effect=lambda c: TimeReport.objects.filter(activity=c.activities[s], hours="2.5",
                                                        cost_ore=2_187_50).exists()),
        Case(f"time on another plan's activity ({s})", url("planning:report_add", ("plans", s)),
             CHANGERS[s], yes=INVALID, method="post",
             data=lambda c: {"activity": c.activities[OTHER if s == OWN else OWN].pk,
                             "date": f"{YEAR}-12-01", "category": "extern", "hours": "1"}),
        Case(f"estimate ({s})", url("planning:estimate_add", ("plans", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"as_of": f"{YEAR}-12-01", "category": "extern",
                             "remaining_hours": "4"},
             effect=lambda c: Estimate.objects.filter(plan=c.plans[s], remaining_hours=4).exists()),
        Case(f"risk add ({s})", url("planning:risk_add", ("plans", s)), CHANGERS[s], yes=SAVED,
             method="post",
             data=lambda c: {"number": 2, "description": "Svårt att få fram ekonomisk data",
                             "probability": 3, "impact": 4, "status": "oppen",
                             "owner_initials": "MI", "affected": [c.orgs[OWN].pk]},
             effect=lambda c: Risk.objects.filter(plan=c.plans[s], number=2,
                                                  affected=c.orgs[OWN]).exists()),
        Case(f"risk delete ({s})", url("planning:risk_delete", ("plans", s), ("risks", s)),
             CHANGERS[s], yes=SAVED, method="post",
             effect=lambda c: not Risk.objects.filter(pk=c.risks[s].pk).exists()),
        Case(f"release add ({s})", url("planning:release_add", ("plans", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"kind": "servicefonster", "title": "Servicefönster",
                             "starts_at": f"{YEAR}-05-05T18:00", "ends_at": f"{YEAR}-05-05T22:00",
                             "recurrence": "FREQ=WEEKLY;BYDAY=TU",
                             "systems": [c.systems[s].pk], "communicated_on": f"{YEAR}-04-20"},
             effect=lambda c: Release.objects.filter(plan=c.plans[s], kind="servicefonster",
                                                     systems=c.systems[s]).exists()),
        Case(f"activity delete from an approved plan ({s})",
             url("planning:activity_delete", ("plans", s), ("activities", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: Activity.objects.filter(pk=c.activities[s].pk).exists()),
    ]


def object_page_cases(s):
    """The management object's page gains its "Förvaltning" section from planning."""
    return [
        Case(f"object page's management section ({s})",
             lambda c: reverse("portfolio:object", args=[c.objects[s].pk]), SIGNED_IN,
             shows=lambda c: ['id="object-planning"', c.actions[s].title],
             link=lambda c: reverse("planning:plan_add") + f"?objekt={c.objects[s].pk}",
             link_roles=CHANGERS[s]),
    ]


def report_cases(s):
    return [
        Case(f"status report ({s})", url("planning:status_report", ("plans", s),
                                          ("status_reports", s)), SIGNED_IN,
             shows=lambda c: [c.risks[s].description],
             link=url("planning:status_report_add", ("plans", s)), link_roles=frozenset()),
        Case(f"status report add form ({s})", url("planning:status_report_add", ("plans", s)),
             CHANGERS[s]),
        Case(f"status report add ({s})", url("planning:status_report_add", ("plans", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"as_of": f"{YEAR}-11-29", "comment": "Inom budget"},
             effect=lambda c: c.plans[s].status_reports.filter(comment="Inom budget").exists()),
        Case(f"status report on a draft ({s})", url("planning:status_report_add", ("drafts", s)),
             CHANGERS[s], yes=INVALID, method="post", data=lambda c: {"as_of": f"{YEAR}-11-29"}),
        Case(f"status report send ({s})", url("planning:status_report_send", ("plans", s),
                                               ("status_reports", s)), CHANGERS[s], yes=SAVED,
             method="post", effect=lambda c: StatusReport.objects.get(
                 pk=c.status_reports[s].pk).is_frozen),
    ]


def meeting_cases(s):
    return [
        Case(f"meeting detail ({s})", url("planning:meeting", ("meetings", s)), SIGNED_IN,
             shows=lambda c: [c.meetings[s].title, c.decisions[s].title, c.actions[s].title,
                              "Aktiviteter sedan sist", 'id="punkt-', "Ärenden för beslut"],
             link=url("planning:decision_add", ("meetings", s)), link_roles=CHANGERS[s]),
        Case(f"meeting agenda export ({s})", url("planning:meeting", ("meetings", s),
                                                  query="?export=csv"), SIGNED_IN,
             shows=lambda c: ["Ärenden för beslut", f"§ 1/{YEAR} {c.decisions[s].title}"]),
        Case(f"meeting add ({s})", fixed(reverse("planning:meeting_add")), CHANGERS[s],
             yes=SAVED, overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"management_object": c.objects[s].pk, "title": "Nytt möte",
                             "held_on": f"{YEAR}-05-12", "agenda": "1. Status"},
             effect=lambda c: Meeting.objects.filter(title="Nytt möte",
                                                     organisation=c.orgs[s]).exists()),
        Case(f"meeting edit form ({s})", url("planning:meeting_edit", ("meetings", s)),
             CHANGERS[s]),
        Case(f"meeting edit ({s})", url("planning:meeting_edit", ("meetings", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"management_object": c.objects[s].pk, "title": "Omdöpt möte",
                             "held_on": f"{YEAR}-02-10", "expected_version": 1},
             effect=lambda c: Meeting.objects.get(pk=c.meetings[s].pk).title == "Omdöpt möte"),
        Case(f"meeting archive ({s})", url("planning:meeting_archive", ("meetings", s)),
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: Meeting.objects.get(pk=c.meetings[s].pk).archived_at is not None),
        Case(f"decision add form ({s})", url("planning:decision_add", ("meetings", s)),
             CHANGERS[s]),
        Case(f"decision add ({s})", url("planning:decision_add", ("meetings", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"title": "Servicefönster", "text": "Tisdagar 18–22",
                             "mandate": "Förvaltningsplanen"},
             effect=lambda c: Decision.objects.filter(meeting=c.meetings[s], number=2,
                                                      year=YEAR).exists()),
        Case(f"decision edit ({s})", url("planning:decision_edit", ("meetings", s),
                                          ("decisions", s)), CHANGERS[s], yes=SAVED,
             method="post", data=lambda c: {"title": "Ändrat", "text": "Nytt beslut",
                                            "expected_version": c.decisions[s].version},
             effect=lambda c: Decision.objects.get(pk=c.decisions[s].pk).title == "Ändrat"),
        Case(f"action add ({s})", url("planning:action_add", ("meetings", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"title": "Samla in avtal", "owner": c.people[s].pk,
                             "due_on": f"{YEAR}-03-31"},
             effect=lambda c: Action.objects.filter(meeting=c.meetings[s],
                                                    title="Samla in avtal").exists()),
        Case(f"action done ({s})", url("planning:action_edit", ("meetings", s), ("actions", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"title": c.actions[s].title, "owner": c.people[s].pk,
                             "due_on": f"{YEAR}-03-31", "done_on": f"{YEAR}-03-20",
                             "expected_version": c.actions[s].version},
             effect=lambda c: Action.objects.get(pk=c.actions[s].pk).done_on is not None),
        Case(f"action delete ({s})", url("planning:action_delete", ("meetings", s),
                                          ("actions", s)), CHANGERS[s], yes=SAVED,
             method="post", effect=lambda c: not Action.objects.filter(
                 pk=c.actions[s].pk).exists()),
        Case(f"agenda item add form ({s})", url("planning:agenda_item_add", ("meetings", s)),
             CHANGERS[s]),
        Case(f"agenda item add ({s})", url("planning:agenda_item_add", ("meetings", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"title": "Servicefönster", "kind": "beslut",
                             "presenter": c.people[s].pk, "documents": "Förslag.pdf"},
             effect=lambda c: AgendaItem.objects.filter(meeting=c.meetings[s], order=6,
                                                        title="Servicefönster").exists()),
        Case(f"agenda item edit ({s})", url("planning:agenda_item_edit", ("meetings", s),
                                             ("agenda_items", s)), CHANGERS[s], yes=SAVED,
             method="post", data=lambda c: {"order": 2, "title": "Beslut om plan",
                                            "kind": "beslut",
                                            "expected_version": c.agenda_items[s].version},
             effect=lambda c: AgendaItem.objects.get(
                 pk=c.agenda_items[s].pk).title == "Beslut om plan"),
        Case(f"agenda item delete ({s})", url("planning:agenda_item_delete", ("meetings", s),
                                               ("agenda_items", s)), CHANGERS[s], yes=SAVED,
             method="post", effect=lambda c: not AgendaItem.objects.filter(
                 pk=c.agenda_items[s].pk).exists()),
        Case(f"agenda from template ({s})", url("planning:meeting_agenda_template",
                                                 ("meetings", s)), CHANGERS[s], yes=SAVED,
             method="post",
             effect=lambda c: AgendaItem.objects.filter(meeting=c.meetings[s]).count() == 10),
        Case(f"approve minutes ({s})", url("planning:meeting_approve_minutes", ("meetings", s)),
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: Meeting.objects.get(pk=c.meetings[s].pk).is_locked),
    ]


EXTRAS = [
    Case("member of the project's steering group", url("planning:member_add", ("drafts", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         data=lambda c: {"person": c.people[OWN].pk, "organisation": c.orgs[OWN].pk,
                         "mandate": "Beslutar"},
         effect=lambda c: c.drafts[OWN].steering_group.exists()),
    Case("goal of another plan via own URL",
         url("planning:goal_edit", ("drafts", OWN), ("goals", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post", data=lambda c: {"title": "x"}),
    Case("stale plan edit", url("planning:plan_edit", ("drafts", OWN)), CHANGERS[OWN],
         yes=INVALID, method="post",
         data=lambda c: {"name": "Gammal", "year": YEAR + 1, "expected_version": 0,
                         "reporting_frequency": "manad"}),
    Case("estimate delete", url("planning:estimate_delete", ("plans", OWN), ("estimates", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         effect=lambda c: not Estimate.objects.filter(pk=c.estimates[OWN].pk).exists()),
    Case("time report edit", url("planning:report_edit", ("plans", OWN), ("reports", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         data=lambda c: {"activity": c.activities[OWN].pk, "date": f"{YEAR}-11-25",
                         "category": "extern", "hours": "170",
                         "expected_version": c.reports[OWN].version},
         effect=lambda c: TimeReport.objects.get(pk=c.reports[OWN].pk).hours == 170),
    Case("time report delete", url("planning:report_delete", ("plans", OWN), ("reports", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         effect=lambda c: not TimeReport.objects.filter(pk=c.reports[OWN].pk).exists()),
    Case("release edit", url("planning:release_edit", ("plans", OWN), ("releases", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         data=lambda c: {"kind": "release", "title": "Version 6", "starts_at": f"{YEAR}-06-01T18:00",
                         "communicated_on": f"{YEAR}-05-20",
                         "expected_version": c.releases[OWN].version},
         effect=lambda c: Release.objects.get(pk=c.releases[OWN].pk).title == "Version 6"),
    Case("release delete", url("planning:release_delete", ("plans", OWN), ("releases", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         effect=lambda c: not Release.objects.filter(pk=c.releases[OWN].pk).exists()),
    Case("goal of another plan via the draft's delete URL",
         url("planning:goal_delete", ("drafts", OWN), ("goals", OWN)), CHANGERS[OWN],
         yes=MISSING, method="post"),
    Case("risk edit", url("planning:risk_edit", ("plans", OWN), ("risks", OWN)), CHANGERS[OWN],
         yes=SAVED, method="post",
         data=lambda c: {"number": 1, "description": "Risk", "probability": 2, "impact": 2,
                         "status": "intraffad", "occurred": "on", "outcome": "Försenat",
                         "expected_version": c.risks[OWN].version},
         effect=lambda c: Risk.objects.get(pk=c.risks[OWN].pk).occurred),
    Case("activity edit keeps the decided budget",
         url("planning:activity_edit", ("plans", OWN), ("activities", OWN)), CHANGERS[OWN],
         yes=SAVED, method="post",
         data=lambda c: {"title": c.activities[OWN].title, "kind": "vidmakthalla",
                         "status": "pagar", "internal_hours": "100", "external_hours": "180",
                         "budget": "50 000", "actual_start": f"{YEAR}-02-01",
                         "expected_version": c.activities[OWN].version},
         effect=lambda c: Activity.objects.get(pk=c.activities[OWN].pk).status == "pagar"),
    Case("out-of-plan assignment with people as participants",
         url("planning:activity_add", ("drafts", OWN)), CHANGERS[OWN], yes=SAVED, method="post",
         data=lambda c: {"title": "Integration", "kind": "utanfor_plan", "status": "ej_paborjad",
                         "responsible": c.people[OWN].pk,
                         "participants": [c.people[OWN].pk, c.people[OTHER].pk],
                         "decision_basis": "Underlag: 40 timmar", "internal_hours": "40"},
         effect=lambda c: set(Activity.objects.get(title="Integration", plan=c.drafts[OWN])
                              .participants.values_list("organisation", flat=True))
         == {c.orgs[OWN].pk, c.orgs[OTHER].pk}),
    Case("member edit of no member", url("planning:member_edit", ("drafts", OWN), ("goals", OWN)),
         CHANGERS[OWN], yes=MISSING),
    Case("member delete of no member",
         url("planning:member_delete", ("drafts", OWN), ("goals", OWN)), CHANGERS[OWN],
         yes=MISSING, method="post"),
    Case("goal delete", url("planning:goal_delete", ("plans", OWN), ("goals", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post",
         effect=lambda c: Goal.objects.filter(pk=c.goals[OWN].pk).exists()),
    Case("estimate edit", url("planning:estimate_edit", ("plans", OWN), ("estimates", OWN)),
         CHANGERS[OWN]),
    Case("superuser approves anywhere", url("planning:plan", ("submitted", OTHER)), SIGNED_IN,
         link=url("planning:plan_edit", ("submitted", OTHER)), link_roles=frozenset(),
         shows=lambda c: ["För beslut"]),
]

def group_cases(s):
    return [
        Case(f"group detail ({s})", url("planning:group", ("groups", s)), SIGNED_IN,
             shows=lambda c: [c.groups[s].name, c.groups[s].mandate, c.objects[s].name,
                              c.people[s].name],
             link=url("planning:group_seat_add", ("groups", s)), link_roles=CHANGERS[s]),
        Case(f"group calendar ({s})", url("planning:group_calendar", ("groups", s)), SIGNED_IN,
             shows=lambda c: ["BEGIN:VCALENDAR", c.groups[s].name]),
        Case(f"group roll-up export ({s})", url("planning:group", ("groups", s),
                                                query="?export=csv"), SIGNED_IN,
             shows=lambda c: [c.objects[s].name]),
        Case(f"group add ({s})", fixed(reverse("planning:group_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "level": "portfolj",
                             "name": "Portföljstyrgrupp", "mandate": "Hela portföljen"},
             effect=lambda c: SteeringGroup.objects.filter(name="Portföljstyrgrupp",
                                                           organisation=c.orgs[s]).exists()),
        Case(f"group edit form ({s})", url("planning:group_edit", ("groups", s)), CHANGERS[s]),
        Case(f"group edit ({s})", url("planning:group_edit", ("groups", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "level": "objektfamilj",
                             "name": "Omdöpt grupp", "management_objects": [c.objects[s].pk],
                             "expected_version": 1},
             effect=lambda c: SteeringGroup.objects.get(pk=c.groups[s].pk).name
             == "Omdöpt grupp"),
        Case(f"group archive ({s})", url("planning:group_archive", ("groups", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: SteeringGroup.objects.get(pk=c.groups[s].pk).archived_at
             is not None),
        Case(f"group seat add form ({s})", url("planning:group_seat_add", ("groups", s)),
             CHANGERS[s]),
        Case(f"group seat edit ({s})", url("planning:group_seat_edit", ("groups", s),
                                           ("seats", s)), CHANGERS[s], yes=SAVED,
             method="post",
             data=lambda c: {"person": c.people[s].pk, "organisation": c.orgs[s].pk,
                             "mandate": "Beslutar om budget",
                             "expected_version": c.seats[s].version},
             effect=lambda c: SteeringGroupSeat.objects.get(pk=c.seats[s].pk).mandate
             == "Beslutar om budget"),
        Case(f"group seat delete ({s})", url("planning:group_seat_delete", ("groups", s),
                                             ("seats", s)), CHANGERS[s], yes=SAVED,
             method="post",
             effect=lambda c: not SteeringGroupSeat.objects.filter(pk=c.seats[s].pk).exists()),
    ]


CASES = [*LISTS, *(case for s in SCOPES for case in (
    *plan_cases(s), *part_cases(s), *report_cases(s), *meeting_cases(s), *group_cases(s),
    *object_page_cases(s))), *EXTRAS]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case, pcast):
    """Each case for all seven roles, each in a rolled-back transaction."""
    check_every_role(case, pcast)


def test_every_planning_page_is_in_the_matrix(pcast):
    from samverkan.planning import urls

    covered = {resolve(case.url(pcast).split("?")[0]).url_name for case in CASES}
    assert {p.name for p in urls.urlpatterns} - covered == set()


def test_the_approve_form_is_shown_to_the_approvers_only(pcast):
    for who in SIGNED_IN:
        page = pcast.client(who).get(reverse("planning:plan", args=[pcast.submitted[OWN].pk]))
        assert (b'id="approve-form"' in page.content) == (who in APPROVERS[OWN]), who
    assert SUPERUSER in APPROVERS[OWN]
