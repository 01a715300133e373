"""`samverkan db_worker`: django-tasks-db's worker, made to survive the database being locked or
briefly gone. Its own loop lets one kind of "database is locked" through (the task query) but
dies on any other (beginning its transaction, recording a task's result, closing connections),
and a dead worker leaves every later upload waiting. This one logs the error, waits and goes on;
a task's result is written again until the database takes it."""

from __future__ import annotations

import logging
import os
import time

from django.db import OperationalError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("samverkan.worker")
WAIT = 2.0  # seconds before trying again, doubled up to MAX_WAIT while the error lasts
MAX_WAIT = 60.0
RESULT_TRIES = 30  # a task's result, each try after the database's own busy timeout


def patient(write, what: str):
    """`write` tried again while the database is unavailable, so a task that ran is not left
    "running" because its result could not be saved at once."""
    def attempt(*args, **kwargs):
        wait = WAIT
        for tries in range(1, RESULT_TRIES + 1):
            try:
                return write(*args, **kwargs)
            except OperationalError:
                if tries == RESULT_TRIES:
                    raise
                logger.warning("could not record %s (try %s); trying again", what, tries,
                               exc_info=True)
                close_old_connections()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)
    return attempt


class Worker(db_worker.Worker):
    def run(self) -> None:
        wait = WAIT
        while True:
            try:
                return super().run()
            except OperationalError:
                if not self.running:
                    raise
                logger.warning("database error in the worker; going on in %s s", wait,
                               exc_info=True)
                close_old_connections()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)

    def run_task(self, db_task_result) -> None:
        db_task_result.set_successful = patient(db_task_result.set_successful, "a result")
        db_task_result.set_failed = patient(db_task_result.set_failed, "a failure")
        super().run_task(db_task_result)


class Command(db_worker.Command):
    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay,
               reload, max_tasks, worker_id, exclude_queues, **options) -> None:
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise db_worker.CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_names, interval=interval, batch=batch,
                        backend_name=backend_name, startup_delay=startup_delay,
                        max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the reloaded child
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
