"""The demo's planning examples: the investigation's meeting of 2022-11-29 reproduces the seed
deck's figures, Lärplattform's plan of the year is approved at a meeting with its §, and loading
twice changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from samverkan.demo import finance, sydnarke
from samverkan.demo import planning as demo
from samverkan.organisations.services import load_reference_data
from samverkan.planning import followup, windows
from samverkan.planning.models import AgendaItem, Decision, Meeting, Plan, Risk, TimeReport
from samverkan.portfolio.services import load_capabilities

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def counts():
    return [m.objects.count() for m in (Plan, TimeReport, Risk, Meeting, Decision, AgendaItem)]


def test_the_planning_demo_loads_once_and_reproduces_the_seed(settings, tmp_path, client):
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    finance.load(today=TODAY)
    demo.load(today=TODAY)
    first = counts()
    demo.load(today=TODAY)
    assert counts() == first

    project = Plan.objects.get(name=demo.INVESTIGATION)
    hours = followup.follow_up(project, as_of=datetime.date(2022, 11, 25)).external
    assert (hours.budget, hours.outcome, hours.remaining, hours.forecast, hours.deviation) == (
        180, Decimal("173.5"), 9, Decimal("182.5"), Decimal("-2.5"))
    assert [r.priority for r in project.risks.order_by("number")] == [16, 12, 12, 9]
    meeting = Meeting.objects.get(project=project)
    assert meeting.held_on == datetime.date(2022, 11, 29) and meeting.is_locked
    assert [d.reference for d in meeting.decisions.all()] == ["§ 1/2022", "§ 2/2022"]
    # the deck's agenda as typed items, its decision linked to the plan it decides
    assert [(i.order, i.title, i.kind) for i in meeting.agenda_items.all()] == [
        (1, "Projektstatus", "information"), (2, "Genomgång av slutrapport", "beslut"),
        (3, "Diskussion och kommentarer till slutrapport", "information"),
        (4, "Övriga frågor", "information")]
    status = meeting.agenda_items.get(order=1)
    assert status.content == "status"
    assert status.note.splitlines() == ["Aktiviteter sedan sist", "Tidsåtgång", "Risker – utfall"]
    closing = meeting.decisions.get(number=1)
    assert (closing.plan, closing.agenda_item.order) == (project, 2)
    assert meeting.decisions.get(number=2).exceeds_mandate
    assert project.activities.get().participants.count() == 4
    client.force_login(get_user_model().objects.filter(is_superuser=True).first())
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "4. Övriga frågor" in page and "§ 1/2022 Utredningen avslutas" in page

    first = Plan.objects.get(name="Förvaltningsplan Lärplattform 2023")
    assert (first.state, first.approved_on, first.decision.reference) == (
        Plan.State.CLOSED, datetime.date(2023, 1, 24), "§ 1/2023")
    plan = Plan.objects.get(name="Förvaltningsplan Lärplattform 2026")
    assert (plan.state, plan.approved_on, plan.decision.reference) == (
        Plan.State.APPROVED, datetime.date(2026, 1, 27), "§ 1/2026")
    result = followup.follow_up(plan)
    assert result.internal.outcome > 0 and result.money.outcome == (40 + 120) * 3 * 26_250
    assert all(row.planned for row in result.rows)  # the out-of-plan assignment was decided
    assert plan.releases.filter(recurrence="FREQ=WEEKLY;BYDAY=TU").exists()
    _preferred, common = windows.preferences(plan.releases.all())
    assert [o.label for o in common] == ["Tisdag 18:00–22:00"]  # what the four agreed on
