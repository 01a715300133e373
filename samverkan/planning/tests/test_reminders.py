"""Planning's reminders go out by themselves: the scheduler runs the hourly job, a worker sends
an action's reminder before its date and once more when it is late, and a high risk's owner a
review reminder once a month; each exactly once."""

import datetime

import pytest
from django.core.management import call_command

from samverkan.core import schedule
from samverkan.planning import reminders
from samverkan.planning.models import Plan, Risk
from samverkan.testing.factories import PersonFactory

from .factories import ActionFactory, MeetingFactory, PlanFactory, RiskFactory

D = datetime.date
NOW = datetime.datetime(2026, 3, 26, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SAMVERKAN_BASE_URL = "https://samverkan.example.se"
    monkeypatch.setattr(schedule, "_jobs", {"planning-reminders":
                                            schedule._jobs["planning-reminders"]})


def today(monkeypatch, day):
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: day)


@pytest.fixture
def action(laxa):
    meeting = MeetingFactory(management_object__organisation=laxa, held_on=D(2026, 3, 10))
    return ActionFactory(meeting=meeting, due_on=D(2026, 3, 31), owner=PersonFactory(
        organisation=laxa, name="Lena Ek", email="lena@example.se"))


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_an_actions_reminder_goes_out_once_without_a_manual_step(action, mailoutbox,
                                                                   monkeypatch):
    today(monkeypatch, D(2026, 3, 26))  # five days before the action's date
    assert schedule.run_due(NOW) == ["planning-reminders"]
    work()
    assert [m.to for m in mailoutbox] == [["lena@example.se"]]
    assert "2026-03-31" in mailoutbox[0].subject and "Lena Ek" in mailoutbox[0].body
    assert "https://samverkan.example.se/" in mailoutbox[0].body
    assert schedule.run_due(NOW + datetime.timedelta(hours=1)) == ["planning-reminders"]
    work()
    assert len(mailoutbox) == 1  # the next hour finds it sent


@pytest.mark.django_db
def test_a_late_action_is_reminded_once_more_and_a_done_one_never(action, mailoutbox):
    assert reminders.send_planning_reminders(D(2026, 3, 20)) == 0  # not yet within 7 days
    assert reminders.send_planning_reminders(D(2026, 3, 25)) == 1
    assert reminders.send_planning_reminders(D(2026, 3, 28)) == 0
    assert reminders.send_planning_reminders(D(2026, 4, 1)) == 1  # late
    assert "Försenad" in mailoutbox[-1].subject
    assert reminders.send_planning_reminders(D(2026, 4, 2)) == 0
    action.done_on = D(2026, 4, 3)
    action.save()
    other = ActionFactory(meeting=action.meeting, due_on=D(2026, 4, 5), owner=action.owner,
                          done_on=D(2026, 4, 1))
    assert reminders.send_planning_reminders(D(2026, 4, 4)) == 0 and other.pk


@pytest.mark.django_db
def test_a_high_risk_is_put_to_its_owner_once_a_month(laxa, mailoutbox):
    owner = PersonFactory(organisation=laxa, name="Per Ek", email="per@example.se")
    plan = PlanFactory(management_object__organisation=laxa, state=Plan.State.APPROVED)
    RiskFactory(plan=plan, probability=4, impact=4, owner=owner)  # 16: high
    RiskFactory(plan=plan, probability=2, impact=3, owner=owner)  # 6: not reminded
    RiskFactory(plan=plan, probability=4, impact=4, owner=owner, status=Risk.Status.CLOSED)
    draft = PlanFactory(management_object__organisation=laxa, state=Plan.State.DRAFT)
    RiskFactory(plan=draft, probability=5, impact=5, owner=owner)  # not in force
    assert reminders.send_planning_reminders(D(2026, 5, 4)) == 1
    assert "16" in mailoutbox[0].body and mailoutbox[0].to == ["per@example.se"]
    assert reminders.send_planning_reminders(D(2026, 5, 20)) == 0
    assert reminders.send_planning_reminders(D(2026, 6, 1)) == 1

