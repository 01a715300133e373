"""The task worker survives a locked or briefly unavailable database: it goes on working off
the queue, and a task that ran is recorded as done even if the first writes of its result fail.
SQLite runs with WAL and a busy timeout, so readers and one writer do not shut each other out."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker as library_worker
from django_tasks_db.models import DBTaskResult

from samverkan.core.management.commands import db_worker
from samverkan.core.tasks import prune_task_results

pytestmark = pytest.mark.django_db(transaction=True)


def work() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr(db_worker, "WAIT", 0)


def locked() -> OperationalError:
    return OperationalError("database is locked")


def test_the_worker_goes_on_after_the_database_was_locked(monkeypatch):
    result = prune_task_results.enqueue()
    calls = []
    original = library_worker.close_old_connections

    def locked_once():
        calls.append(1)
        if len(calls) == 1:
            raise locked()  # where the library's own loop does not expect it
        original()

    monkeypatch.setattr(library_worker, "close_old_connections", locked_once)
    work()
    result.refresh()
    assert len(calls) > 1 and result.status == TaskResultStatus.SUCCESSFUL


def test_a_task_that_ran_is_recorded_done_though_its_result_could_not_be_saved_at_once(
        monkeypatch):
    result = prune_task_results.enqueue()
    refused = []
    save = DBTaskResult.save

    def locked_for_a_while(self, *args, **kwargs):
        if self.status == TaskResultStatus.SUCCESSFUL and len(refused) < 5:
            refused.append(1)  # longer than the library's own three tries
            raise locked()
        return save(self, *args, **kwargs)

    monkeypatch.setattr(DBTaskResult, "save", locked_for_a_while)
    work()
    result.refresh()
    assert len(refused) == 5 and result.status == TaskResultStatus.SUCCESSFUL


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
def test_sqlite_runs_with_wal_and_a_busy_timeout(tmp_path):
    probe = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "p.db")},
                            alias="probe")
    try:
        with probe.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] >= 10_000  # milliseconds
    finally:
        probe.close()
