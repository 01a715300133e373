"""Contract reminders run by themselves: the scheduler enqueues the hourly job once per run, a
worker sends the reminder, and a due reminder goes out exactly once, also when two schedulers
race for the same run (PostgreSQL, as on several servers)."""

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from samverkan.contracts import reminders
from samverkan.core import schedule
from samverkan.core.scheduling.models import ScheduledJob
from samverkan.testing.factories import ContractFactory, PersonFactory

D = datetime.date
NOW = datetime.datetime(2025, 3, 4, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _setup(settings, monkeypatch):
    settings.SAMVERKAN_CONTRACT_REMINDER_DAYS = [180, 90, 30]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # the reminder task works out "today" itself: 4 March 2025 is a reminder day (180 days)
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: D(2025, 3, 4))
    monkeypatch.setattr(schedule, "_jobs", {"contract-reminders": schedule._jobs["contract-reminders"]})


@pytest.fixture
def contract(laxa):
    contract = ContractFactory(organisation=laxa, title="Lärplattform", number="K-7",
                               start_date=D(2020, 1, 1), original_end_date=D(2022, 12, 31),
                               renewal_period_months=12, notice_period_months=3,
                               internal_lead_days=30)
    contract.responsible_people.add(PersonFactory(organisation=laxa, email="lena@example.se"))
    return contract


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_due_reminder_goes_out_once_without_a_manual_step(contract, mailoutbox):
    assert schedule.run_due(NOW) == ["contract-reminders"]
    assert schedule.run_due(NOW + datetime.timedelta(minutes=30)) == []  # not due again yet
    work()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["lena@example.se"]
    assert schedule.run_due(NOW + datetime.timedelta(hours=1)) == ["contract-reminders"]
    work()
    assert len(mailoutbox) == 1  # the hourly run finds the reminder already sent
    job = ScheduledJob.objects.get(name="contract-reminders")
    assert job.next_run_at == NOW + datetime.timedelta(hours=2)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_racing_schedulers_enqueue_a_due_run_once(contract, mailoutbox, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the race between schedulers on several servers is run on PostgreSQL; "
                    "SQLite serves one server")
    schedule.run_due(NOW)  # creates the job's row; the race is for the next run
    DBTaskResult.objects.all().delete()
    both_read = threading.Barrier(2, timeout=10)
    read_row = schedule._row

    def row_then_wait(job, now):
        row = read_row(job, now)
        both_read.wait()  # both schedulers have seen the run as due before either claims it
        return row

    monkeypatch.setattr(schedule, "_row", row_then_wait)
    results = {}

    def scheduler(name):
        try:
            results[name] = schedule.run_due(NOW + datetime.timedelta(hours=1))
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(len(names) for names in results.values()) == [0, 1]
    assert DBTaskResult.objects.count() == 1
    work()
    assert len(mailoutbox) == 1
