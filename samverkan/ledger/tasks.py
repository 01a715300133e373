"""Background work for large ledger files (Django's tasks framework; the demo and production
run a `db_worker`). The page shows the progress the pipeline writes as it goes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task

from samverkan.core.models import ImportBatch
from samverkan.core.tasks import analysis_failed, failing_batch, import_failed

from .importing import LedgerImportError, analyse, run_import
from .matching import reapply_rules


def background_bytes() -> int:
    """Files larger than this are checked and imported by a background task, never inside a
    request (the upload page and the API alike)."""
    return getattr(settings, "SAMVERKAN_LEDGER_BACKGROUND_BYTES", 2 * 1024 * 1024)


@task
def analyse_ledger_file(batch_id: int) -> None:
    with failing_batch(batch_id, analysis_failed()):
        batch = ImportBatch.objects.select_related("organisation").get(pk=batch_id)
        analyse(batch, progress=True)


@task
def import_ledger_file(batch_id: int, user_id: int, replace: bool = False) -> None:
    with failing_batch(batch_id, import_failed()):
        batch = ImportBatch.objects.select_related("organisation").get(pk=batch_id)
        user = get_user_model().objects.get(pk=user_id)
        try:
            run_import(batch, user, replace=replace, progress=True)
        except LedgerImportError:
            pass  # recorded on the batch, which the page shows


@task
def reapply_ledger_rules(organisation_id: int) -> None:
    """After a rule changed for an organisation with a large ledger."""
    reapply_rules(organisation_id)
