"""The plan page, the plan list and the meeting page read the same number of queries with 2 and
with 10 activities, time reports, risks, releases and decisions: nothing is read per row."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.planning import services
from samverkan.planning.models import AgendaItem, Decision
from samverkan.testing.factories import ManagementObjectFactory, PersonFactory, SystemFactory

from .factories import (
    ActionFactory,
    ActivityFactory,
    GoalFactory,
    MeetingFactory,
    PlanFactory,
    ReleaseFactory,
    RiskFactory,
    TimeReportFactory,
)

pytestmark = pytest.mark.django_db


def build(n, laxa, editor):
    obj = ManagementObjectFactory(organisation=laxa)
    plan = PlanFactory(management_object=obj, organisation=laxa)
    system = SystemFactory(organisation=laxa, management_object=obj)
    meeting = MeetingFactory(management_object=obj, organisation=laxa,
                             held_on=datetime.date(2026, 12, 1))
    earlier = MeetingFactory(management_object=obj, organisation=laxa,
                             held_on=datetime.date(2026, 2, 1))
    for i in range(n):
        person = PersonFactory(organisation=laxa)
        GoalFactory(plan=plan)
        activity = ActivityFactory(plan=plan, responsible=person,
                                   actual_end=datetime.date(2026, 11, 1))
        TimeReportFactory(activity=activity, person=person)
        RiskFactory(plan=plan, number=i + 1, owner=person).affected.add(laxa)
        ReleaseFactory(plan=plan).systems.add(system)
        item = AgendaItem.objects.create(meeting=meeting, order=i + 1, title=f"P{i}",
                                         kind="beslut", presenter=person, documents="a\nb")
        decision = services.record_decision(editor, Decision(
            meeting=meeting, title=f"B{i}", text="t", plan=plan, agenda_item=item))
        ActivityFactory(plan=plan, kind="utanfor_plan", decision=decision)
        ActionFactory(meeting=meeting, owner=person)
        ActionFactory(meeting=earlier, owner=person)
        PlanFactory(management_object=ManagementObjectFactory(organisation=laxa))
    return plan, meeting


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["plan", "meeting", "plans", "meetings"])
def test_pages_read_no_query_per_row(client, laxa, editor, page):
    client.force_login(editor)
    counts = []
    for n in (2, 10):
        plan, meeting = build(n, laxa, editor)
        url = {"plan": reverse("planning:plan", args=[plan.pk]),
               "meeting": reverse("planning:meeting", args=[meeting.pk]),
               "plans": reverse("planning:plans"), "meetings": reverse("planning:meetings")}[page]
        counts.append(queries(client, url))
    assert counts[0] == counts[1], counts
