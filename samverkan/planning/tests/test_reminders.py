"""Planning's reminders go out by themselves: the scheduler runs the hourly job, a worker sends
an action's reminder before its date and once more when it is late, a high risk's owner a
review reminder once a month, and the people around a system a notice before its release; each
exactly once."""

import datetime

import pytest
from django.core.management import call_command

from samverkan.core import schedule
from samverkan.planning import reminders
from samverkan.planning.models import Plan, Release, Risk
from samverkan.portfolio.models import ObjectRole
from samverkan.testing.factories import (
    ManagementObjectFactory,
    PersonFactory,
    SystemFactory,
    SystemUsageFactory,
)

from .factories import ActionFactory, MeetingFactory, PlanFactory, ReleaseFactory, RiskFactory

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



@pytest.mark.django_db
def test_the_people_around_a_released_system_are_told_once_a_week_before(
        laxa, hallsberg, cooperation, mailoutbox):
    obj = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    system = SystemFactory(organisation=cooperation, name="Lärplattformen", management_object=obj)
    SystemUsageFactory(system=system, organisation=laxa)
    lead = PersonFactory(organisation=laxa, name="Lena Ek", email="lena@example.se")
    ObjectRole.objects.create(management_object=obj, person=lead, organisation=laxa,
                              role=ObjectRole.Kind.SUPERUSER)
    left = PersonFactory(organisation=laxa, name="Slutat", email="slutat@example.se")
    ObjectRole.objects.create(management_object=obj, person=left, organisation=laxa,
                              role=ObjectRole.Kind.SUPERUSER, valid_to=D(2026, 1, 1))
    # Hallsberg does not use the system: its people are not told
    other = PersonFactory(organisation=hallsberg, name="Hallsberg", email="h@example.se")
    ObjectRole.objects.create(management_object=obj, person=other, organisation=hallsberg,
                              role=ObjectRole.Kind.SUPERUSER)
    plan = PlanFactory(management_object=obj, organisation=cooperation)
    start = datetime.datetime(2026, 4, 14, 16, 0, tzinfo=datetime.UTC)
    release = ReleaseFactory(plan=plan, title="Version 5.3", starts_at=start,
                             ends_at=start + datetime.timedelta(hours=2), notes="Ny rättning")
    release.systems.add(system)
    window = ReleaseFactory(plan=plan, kind=Release.Kind.SERVICE_WINDOW, starts_at=start,
                            recurrence="FREQ=WEEKLY")
    window.systems.add(system)
    assert reminders.send_planning_reminders(D(2026, 4, 6)) == 0  # eight days before
    assert reminders.send_planning_reminders(D(2026, 4, 7)) == 1
    mail = mailoutbox[0]
    assert mail.to == ["lena@example.se"]
    assert mail.subject == "Release 2026-04-14: Version 5.3"
    assert "2026-04-14 18:00–20:00" in mail.body and "Ny rättning" in mail.body
    assert "Lärplattformen" in mail.body
    assert f"https://samverkan.example.se{plan.get_absolute_url()}" in mail.body
    release.refresh_from_db()
    assert release.communicated_on == D(2026, 4, 7) and release.version == 2
    assert reminders.send_planning_reminders(D(2026, 4, 8)) == 0


@pytest.mark.django_db
def test_the_notice_horizon_is_a_setting(laxa, settings, mailoutbox):
    settings.SAMVERKAN_RELEASE_NOTICE_DAYS = 14
    obj = ManagementObjectFactory(organisation=laxa)
    system = SystemFactory(organisation=laxa, management_object=obj)
    lead = PersonFactory(organisation=laxa, email="lena@example.se")
    ObjectRole.objects.create(management_object=obj, person=lead, organisation=laxa,
                              role=ObjectRole.Kind.LEAD_IT)
    release = ReleaseFactory(plan=PlanFactory(management_object=obj, organisation=laxa),
                             starts_at=datetime.datetime(2026, 4, 14, 16, tzinfo=datetime.UTC))
    release.systems.add(system)
    assert reminders.send_planning_reminders(D(2026, 3, 31)) == 1
