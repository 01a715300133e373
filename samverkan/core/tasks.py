"""Background tasks of the core (Django's tasks framework): large register imports, whose
analysis and commit run in the task worker, never in a request (the page shows the rows read so
far), and the clean-up of finished task results."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.tasks import task
from django.utils.module_loading import import_string

from . import imports
from .models import ImportBatch

TASK_RESULT_DAYS = 14


def importer_path(importer_class: type[imports.RowImporter]) -> str:
    return f"{importer_class.__module__}.{importer_class.__qualname__}"


def _load(batch_id: int, importer: str, user_id: int):
    batch = ImportBatch.objects.get(pk=batch_id)
    user = get_user_model().objects.get(pk=user_id)
    return import_string(importer)(user), batch


@task
def analyse_import(batch_id: int, importer: str, user_id: int) -> None:
    importer, batch = _load(batch_id, importer, user_id)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    batch.status = ImportBatch.Status.RUNNING
    imports.analyse(importer, batch, progress=True)


@task
def commit_import(batch_id: int, importer: str, user_id: int) -> None:
    importer, batch = _load(batch_id, importer, user_id)
    batch.status = ImportBatch.Status.PREVIEW  # commit() decides from here
    try:
        imports.commit(importer, batch, progress=True)
    except imports.ImportFailed:
        pass  # recorded on the batch, which the page shows


@task
def prune_task_results() -> None:
    """Finished task results are kept two weeks (the import pages show recent ones)."""
    call_command("prune_db_task_results", min_age_days=TASK_RESULT_DAYS, verbosity=0)
