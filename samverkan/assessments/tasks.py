"""Background tasks of this app (Django's tasks framework)."""

import datetime

from django.tasks import task

from . import reminders


@task
def send_assessment_reminders(on: str | None = None) -> int:
    """The reminder run as a task; `on` is an ISO date (plain arguments only)."""
    return reminders.send_assessment_reminders(datetime.date.fromisoformat(on) if on else None)
