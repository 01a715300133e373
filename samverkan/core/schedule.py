"""Jobs that run by themselves: apps register a task with how often it runs (in their
`AppConfig.ready()`), and `samverkan scheduler` enqueues each one when it is due, for the
`db_worker`s to run.

Any number of schedulers may run (one beside each worker, on several servers): a due run is
claimed by moving the job's `next_run_at` forward in one conditional UPDATE, in the same
transaction as the enqueue, so exactly one scheduler enqueues it and a crash enqueues nothing.
"""

from __future__ import annotations

import datetime
import logging
import threading
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from samverkan.core.scheduling.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: Task
    every: datetime.timedelta


_jobs: dict[str, Job] = {}


def register(name: str, task: Task, *, every: datetime.timedelta) -> None:
    """Run `task` (a Django task taking no arguments) every `every`; the first run is due as
    soon as a scheduler starts."""
    if every <= datetime.timedelta(0):
        raise ValueError("every must be positive")
    _jobs[name] = Job(name, task, every)


def jobs() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def _row(job: Job, now: datetime.datetime) -> ScheduledJob:
    try:
        with transaction.atomic():
            return ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})[0]
    except IntegrityError:  # another scheduler created it at the same moment
        return ScheduledJob.objects.get(name=job.name)


def run_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every job that is due at `now`; returns the names this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        row = _row(job, now)
        if row.next_run_at > now:
            continue
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
                next_run_at=now + job.every, last_run_at=now)
            if not claimed:
                continue  # another scheduler took this run
            result = job.task.enqueue()
            ScheduledJob.objects.filter(pk=row.pk).update(last_task_id=str(result.id))
        logger.info("Scheduled job %s enqueued (%s)", job.name, result.id)
        enqueued.append(job.name)
    return enqueued


def run_forever(stop: threading.Event, interval: float) -> None:
    """Check for due jobs every `interval` seconds until `stop` is set."""
    while True:
        try:
            run_due()
        except Exception:  # a database hiccup must not end the scheduler; try again next round
            logger.exception("Scheduled jobs could not be checked")
        if stop.wait(interval):
            return
