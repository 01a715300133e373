"""Background tasks of the core (Django's tasks framework)."""

from django.core.management import call_command
from django.tasks import task

TASK_RESULT_DAYS = 14


@task
def prune_task_results() -> None:
    """Finished task results are kept two weeks (the import pages show recent ones)."""
    call_command("prune_db_task_results", min_age_days=TASK_RESULT_DAYS, verbosity=0)
