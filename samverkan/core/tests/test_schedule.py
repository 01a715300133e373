"""The registry of scheduled jobs and the `scheduler` command."""

import datetime

import pytest
from django.core.management import call_command
from django.tasks import task
from django_tasks_db.models import DBTaskResult

from samverkan.core import schedule
from samverkan.core.scheduling.models import ScheduledJob

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC)


@task
def tick() -> None:
    pass


@pytest.fixture(autouse=True)
def _jobs(settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(schedule, "_jobs", {})
    schedule.register("tick", tick, every=datetime.timedelta(minutes=10))


def test_the_real_registry_holds_reminders_and_clean_up(monkeypatch):
    monkeypatch.undo()
    assert {"contract-reminders", "prune-task-results"} <= {job.name for job in schedule.jobs()}


def test_a_job_is_enqueued_when_due_and_not_before():
    assert schedule.run_due(NOW) == ["tick"]
    assert schedule.run_due(NOW + datetime.timedelta(minutes=9)) == []
    assert schedule.run_due(NOW + datetime.timedelta(minutes=10)) == ["tick"]
    job = ScheduledJob.objects.get(name="tick")
    assert job.last_run_at == NOW + datetime.timedelta(minutes=10)
    assert DBTaskResult.objects.count() == 2
    assert job.last_task_id == str(DBTaskResult.objects.order_by("-enqueued_at").first().id)


def test_a_stale_claim_does_not_enqueue():
    schedule.run_due(NOW)
    # a second scheduler that read the row before the first claimed it
    ScheduledJob.objects.filter(name="tick").update(next_run_at=NOW + datetime.timedelta(hours=1))
    assert schedule.run_due(NOW + datetime.timedelta(minutes=30)) == []
    assert DBTaskResult.objects.count() == 1


def test_every_must_be_positive():
    with pytest.raises(ValueError):
        schedule.register("never", tick, every=datetime.timedelta(0))


def test_scheduler_once_enqueues_due_jobs(capsys):
    call_command("scheduler", once=True)
    assert "tick: lagt i kön" in capsys.readouterr().out
    assert DBTaskResult.objects.count() == 1
