"""Background tasks of the core (Django's tasks framework): large register imports, whose
analysis and commit run in the task worker, never in a request (the page shows the rows read so
far), and the clean-up of finished task results."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import imports
from .models import ImportBatch

TASK_RESULT_DAYS = 14
logger = logging.getLogger(__name__)
UNFINISHED = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


@contextmanager
def failing_batch(batch_id: int, message: str):
    """A background task that ends in an unexpected error (a bug, a lost or locked database)
    marks its batch failed with `message`, so the page stops saying "Pågår" and tells the user
    what to do; the error is raised again for the task's own record and the log."""
    try:
        yield
    except Exception as exc:
        logger.exception("import batch %s failed in the background", batch_id)
        error = {"row": 0, "column": "", "message": message}
        for attempt in range(3):  # the database may be the thing that failed
            try:
                ImportBatch.objects.filter(pk=batch_id, status__in=UNFINISHED).update(
                    status=ImportBatch.Status.FAILED, message=message, errors=[error],
                    error_count=1, finished_at=timezone.now())
                break
            except DatabaseError:
                if attempt == 2:
                    logger.exception("import batch %s could not be marked failed", batch_id)
                time.sleep(1)
        raise exc


def analysis_failed() -> str:
    return _("Granskningen av filen avbröts av ett oväntat fel; inget har sparats. Ladda upp "
             "filen igen, och kontakta förvaltningen om felet kommer tillbaka.")


def import_failed() -> str:
    return _("Importen avbröts av ett oväntat fel; inget har sparats. Försök igen, och kontakta "
             "förvaltningen om felet kommer tillbaka.")


def importer_path(importer_class: type[imports.RowImporter]) -> str:
    return f"{importer_class.__module__}.{importer_class.__qualname__}"


def _load(batch_id: int, importer: str, user_id: int):
    batch = ImportBatch.objects.get(pk=batch_id)
    user = get_user_model().objects.get(pk=user_id)
    return import_string(importer)(user), batch


@task
def analyse_import(batch_id: int, importer: str, user_id: int) -> None:
    with failing_batch(batch_id, analysis_failed()):
        importer, batch = _load(batch_id, importer, user_id)
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
        batch.status = ImportBatch.Status.RUNNING
        imports.analyse(importer, batch, progress=True)


@task
def commit_import(batch_id: int, importer: str, user_id: int) -> None:
    with failing_batch(batch_id, import_failed()):
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
