"""Importing a ledger file: staging the upload, analysing it, running the import and
replacing an already imported period."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.imports import store_upload
from samverkan.core.models import ImportBatch
from samverkan.core.tabular import FileRejected, read_sheet
from samverkan.organisations.models import Organisation

from . import supplier_ledger
from .importers import KINDS, LEDGER_KINDS, SIE, SieSource, SourceError, TabularSource, format_for
from .matching import _rules
from .models import (
    ColumnMapping,
    CostLine,
)
from .streaming import (
    LINE_COLUMNS,
    Stats,
    _clear_progress,
    _CopyWriter,
    _Progress,
    _stream,
    staging,
)
from .summaries import apply_summary_deltas, rebuild_summaries, refresh_reconciliation
from .visibility import can_import_for

# -- import pipeline ----------------------------------------------------------------------------

class LedgerImportError(Exception):
    """The import was refused; nothing was stored. `errors` as dicts of row, column, message."""

    def __init__(self, errors: list[dict], message: str | None = None):
        self.errors = errors
        self.message = message or (errors[0]["message"] if errors else "")
        super().__init__(self.message)


class NeedsReplaceConfirmation(LedgerImportError):
    """The file covers a period already imported from another file; confirm to replace it."""


def duplicate_of(batch: ImportBatch) -> ImportBatch | None:
    """An earlier, completed import of the very same file into the same organisation."""
    return (ImportBatch.objects.filter(
        kind__in=LEDGER_KINDS, organisation_id=batch.organisation_id,
        file_sha256=batch.file_sha256, status=ImportBatch.Status.DONE,
    ).exclude(pk=batch.pk).exclude(options__duplicate_of__isnull=False)
        .select_related("created_by").order_by("created_at").first())


def overlapping_batches(batch: ImportBatch, period) -> list[ImportBatch]:
    """Completed imports for the same organisation whose period overlaps `period`."""
    if period is None:
        return []
    first, last = (d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)
                   for d in period)
    found = []
    for other in ImportBatch.objects.filter(
        kind__in=LEDGER_KINDS, organisation_id=batch.organisation_id,
        status=ImportBatch.Status.DONE,
    ).exclude(pk=batch.pk).select_related("created_by"):
        span = (other.options or {}).get("period")
        if not span or (other.options or {}).get("duplicate_of"):
            continue
        other_first, other_last = (datetime.date.fromisoformat(d) for d in span)
        if other_first <= last and first <= other_last:
            found.append(other)
    return found


def _source_for(batch: ImportBatch, max_errors: int = 1000):
    options = batch.options or {}
    if options.get("format") == SIE:
        return SieSource(Path(batch.stored_file), max_errors=max_errors)
    mapping = {k: v for k, v in (options.get("mapping") or {}).items()}
    return TabularSource(Path(batch.stored_file), batch.file_name, mapping, max_errors=max_errors)


def _org_number_mismatch(batch: ImportBatch, source) -> dict | None:
    stated = (source.meta or {}).get("org_number", "")
    own = batch.organisation.org_number if batch.organisation_id else ""
    digits = re.sub(r"\D", "", stated)
    if len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10 or not own or set(digits) == {"0"}:
        return None
    if digits != re.sub(r"\D", "", own):
        return {"row": 0, "column": "#ORGNR", "message": _(
            "Filen gäller organisationsnummer %(file)s men importeras till %(org)s "
            "(%(own)s). Välj rätt organisation."
        ) % {"file": stated, "org": batch.organisation.name, "own": own}}
    return None


def analyse(batch: ImportBatch, *, progress: bool = False) -> dict:
    """Validate a staged file without storing anything: every error (line, field, message),
    the period, sums per cost category, what the rules match, overlaps and duplicates. The
    result is kept on the batch so the preview page does not read the file again."""
    source = _source_for(batch)
    tracker = _Progress(batch, batch.file_size, "validating") if progress else None
    fatal = None
    stats = Stats()
    try:
        stats = _stream(batch, source, stop_on_error=False, progress=tracker)
    except SourceError as exc:
        fatal = {"row": exc.line, "column": exc.field, "message": exc.message}
    errors = list(source.errors)
    if fatal is not None:
        errors.append(fatal)
    elif not stats.rows and not errors:
        errors.append({"row": 0, "column": "", "message": _(
            "Filen innehåller inga verifikationsrader att importera.")})
    mismatch = _org_number_mismatch(batch, source) if fatal is None else None
    if mismatch:
        errors.insert(0, mismatch)
    preview = stats.as_preview()
    preview["meta"] = {k: v for k, v in (source.meta or {}).items() if k != "header"}
    earlier = duplicate_of(batch)
    preview["duplicate_of"] = earlier.pk if earlier else None
    overlaps = overlapping_batches(batch, stats.period()) if not earlier else []
    preview["overlaps"] = [o.pk for o in overlaps]
    preview["replaced_rows"] = _rows_in_period(batch.organisation_id, stats.period(),
                                               exclude_batch=batch.pk) if overlaps else 0
    options = dict(batch.options or {})
    options["preview"] = preview
    batch.options = options
    batch.rows_total = stats.rows
    batch.error_count = source.error_count + (1 if fatal or mismatch else 0) + \
        (1 if not stats.rows and fatal is None and not source.errors else 0)
    batch.errors = errors[:1000]
    batch.status = ImportBatch.Status.FAILED if errors else ImportBatch.Status.PREVIEW
    if errors:
        batch.finished_at = timezone.now()
        batch.message = _("Filen innehåller fel och har inte importerats.")
    batch.save()
    _clear_progress(batch)
    return preview


def lines_in_period(organisation_id: int, first: datetime.date, last: datetime.date):
    """The organisation's cost lines from `first` to `last`. The years are named as well, for
    SQLite's index on (organisation, year); PostgreSQL's BRIN index reads the dates."""
    return CostLine.objects.filter(organisation_id=organisation_id, year__gte=first.year,
                                   year__lte=last.year, date__gte=first, date__lte=last)


def _rows_in_period(organisation_id: int, period, exclude_batch: int | None = None) -> int:
    if period is None:
        return 0
    first, last = (d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)
                   for d in period)
    lines = lines_in_period(organisation_id, first, last)
    if exclude_batch:
        lines = lines.exclude(batch_id=exclude_batch)
    return lines.count()


def run_import(batch: ImportBatch, user, *, replace: bool = False,
               progress: bool = False) -> ImportBatch:
    """Store every line of the file, or none: stream, validate, categorise, match and COPY in
    one transaction, then keep the summaries current in the same transaction.

    The same file twice adds nothing. A file whose period overlaps a completed import for the
    same organisation is refused unless `replace` is given; then the organisation's lines in
    that period are removed first (the earlier imports are marked as replaced).
    """
    if batch.organisation_id is None or not can_import_for(user, batch.organisation):
        raise PermissionDenied(_("Du får inte importera bokföring för den här organisationen."))
    if batch.status == ImportBatch.Status.DONE:
        return batch
    earlier = duplicate_of(batch)
    if earlier is not None:
        batch.status = ImportBatch.Status.DONE
        batch.message = _("Filen var redan importerad %(when)s; inget har lagts till.") % {
            "when": timezone.localtime(earlier.created_at).strftime("%Y-%m-%d %H:%M")}
        batch.options = {**(batch.options or {}), "duplicate_of": earlier.pk}
        batch.finished_at = timezone.now()
        batch.created_count = 0
        batch.save()
        return batch
    source = _source_for(batch, max_errors=50)
    tracker = _Progress(batch, batch.file_size, "importing") if progress else None
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    try:
        _store(batch, source, tracker, replace=replace)
    except LedgerImportError as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.errors = exc.errors[:1000]
        batch.error_count = max(len(exc.errors), source.error_count)
        batch.message = exc.message
        batch.finished_at = timezone.now()
        if isinstance(exc, NeedsReplaceConfirmation):
            batch.status = ImportBatch.Status.PREVIEW
            batch.finished_at = None
        batch.save()
        _clear_progress(batch)
        raise
    except Exception:
        batch.status = ImportBatch.Status.FAILED
        batch.message = _("Importen avbröts av ett oväntat fel; inget har sparats.")
        batch.finished_at = timezone.now()
        batch.save()
        _clear_progress(batch)
        raise
    _clear_progress(batch)
    return batch


def _store(batch: ImportBatch, source, tracker, *, replace: bool) -> Stats:
    """Every line in one transaction. On PostgreSQL the lines stream into the table with COPY
    inside it (nothing waits on that). On SQLite, whose write lock shuts out every other writer,
    the file is read, validated and categorised into a staging file first, holding no lock;
    the lines are then loaded in one short transaction."""
    rules = _rules(batch.organisation_id)  # before a COPY occupies the connection
    if connection.vendor == "postgresql":
        with transaction.atomic():
            writer = _CopyWriter(LINE_COLUMNS)
            stats = _read(batch, source, tracker, writer, rules)
            return _finish(batch, source, stats, replace=replace)
    with staging(batch, LINE_COLUMNS) as staged:
        stats = _read(batch, source, tracker, staged.writer, rules)
        staged.attach()
        with transaction.atomic():
            staged.load()
            return _finish(batch, source, stats, replace=replace)


def _read(batch: ImportBatch, source, tracker, writer, rules) -> Stats:
    failed = True
    try:
        stats = _stream(batch, source, write=writer.write, stop_on_error=True, progress=tracker,
                        rules=rules, stored_values=writer.stored_values)
        failed = False
    except SourceError as exc:
        errors = list(source.errors) + [{"row": exc.line, "column": exc.field,
                                         "message": exc.message}]
        raise LedgerImportError(errors) from None
    finally:
        writer.close(failed=failed)
    if source.error_count:
        raise LedgerImportError(list(source.errors))
    if not stats.rows:
        raise LedgerImportError([{"row": 0, "column": "", "message": _(
            "Filen innehåller inga verifikationsrader att importera.")}])
    return stats


def _finish(batch: ImportBatch, source, stats: Stats, *, replace: bool) -> Stats:
    mismatch = _org_number_mismatch(batch, source)
    if mismatch:
        raise LedgerImportError([mismatch])
    period = stats.period()
    overlaps = overlapping_batches(batch, period)
    replaced = 0
    if overlaps:
        if not replace:
            names = ", ".join(f"{o.file_name} ({timezone.localtime(o.created_at):%Y-%m-%d})"
                              for o in overlaps)
            raise NeedsReplaceConfirmation([{"row": 0, "column": "", "message": _(
                "Perioden %(first)s – %(last)s är redan importerad för %(org)s från %(files)s. "
                "Bekräfta att den nya filen ska ersätta periodens rader."
            ) % {"first": period[0], "last": period[1], "org": batch.organisation.name,
                 "files": names}}])
        replaced = _replace_period(batch, period, overlaps)
    if replaced:
        years = set(range(period[0].year, period[1].year + 1)) | {y for y, _c, _k in stats.summary}
        rebuild_summaries(batch.organisation_id, years)
    else:
        apply_summary_deltas(batch.organisation_id, stats.summary)
        years = {y for y, _c, _k in stats.summary}
    refresh_reconciliation(organisation_ids=[batch.organisation_id], years=years)
    batch.status = ImportBatch.Status.DONE
    batch.rows_total = batch.rows_done = stats.rows
    batch.created_count = stats.rows
    batch.updated_count = 0
    batch.unchanged_count = 0
    batch.error_count = 0
    batch.errors = []
    batch.finished_at = timezone.now()
    batch.message = _("%(rows)s rader importerade%(replaced)s.") % {
        "rows": stats.rows,
        "replaced": (_("; %(n)s rader från tidigare import ersattes") % {"n": replaced})
        if replaced else "",
    }
    batch.options = {**(batch.options or {}), "period": [d.isoformat() for d in period],
                     "meta": {k: v for k, v in (source.meta or {}).items() if k != "header"},
                     "replaced_rows": replaced, "preview": stats.as_preview()}
    batch.save()
    return stats


def _replace_period(batch: ImportBatch, period, overlaps: list[ImportBatch]) -> int:
    """Remove the organisation's earlier lines within the period; mark the imports that have
    no lines left as replaced."""
    first, last = period
    deleted, _detail = lines_in_period(batch.organisation_id, first, last).exclude(
        batch_id=batch.pk).delete()
    for other in overlaps:
        if not CostLine.objects.filter(organisation_id=other.organisation_id,
                                       batch_id=other.pk).exists():
            other.status = ImportBatch.Status.SUPERSEDED
            other.message = _("Ersatt av %(file)s.") % {"file": batch.file_name}
            other.save(update_fields=["status", "message"])
    return deleted


# -- staging files --------------------------------------------------------------------------------

def stage_file(user, organisation: Organisation, uploaded, *, fmt: str | None = None) -> ImportBatch:
    """Store an upload (or a django File) under the data folder and create its ImportBatch.
    For a supplier-ledger file the header is read and a remembered column mapping attached."""
    if not can_import_for(user, organisation):
        raise PermissionDenied(_("Du får inte importera bokföring för den här organisationen."))
    fmt = format_for(uploaded.name, fmt)
    path, sha, size = store_upload(uploaded, KINDS[fmt])
    options: dict = {"format": fmt}
    if fmt != SIE:
        header = read_header(path, uploaded.name)
        options["header"] = header
        options["fingerprint"] = supplier_ledger.fingerprint(header)
        saved = remembered_mapping(organisation, options["fingerprint"])
        if saved is not None:
            options["mapping"] = saved
            options["mapping_confirmed"] = True
        else:
            options["mapping"] = supplier_ledger.suggest_mapping(header)
            options["mapping_confirmed"] = False
    elif Path(uploaded.name).suffix.lower() in (".xlsx", ".csv"):
        raise FileRejected(_("En SIE-fil har ändelsen .se eller .si."))
    return ImportBatch.objects.create(
        kind=KINDS[fmt], organisation=organisation, file_name=Path(uploaded.name).name[:255],
        file_sha256=sha, file_size=size, stored_file=str(path), options=options,
        created_by=user,
    )


def read_header(path: Path, filename: str) -> list[str]:
    sheet = read_sheet(Path(path), filename)
    header = [h for h in sheet.header]
    close = getattr(sheet.rows, "close", None)
    if close:
        close()
    if not any(header):
        raise FileRejected(_("Filen saknar rubrikrad."))
    return header


def remembered_mapping(organisation: Organisation, fingerprint: str) -> dict | None:
    found = ColumnMapping.objects.filter(organisation=organisation, fingerprint=fingerprint).first()
    return dict(found.mapping) if found else None


@transaction.atomic
def confirm_mapping(user, batch: ImportBatch, mapping: dict[str, int | None]) -> None:
    """Remember the mapping for this organisation and layout, and use it for the batch."""
    if not can_import_for(user, batch.organisation):
        raise PermissionDenied(_("Du får inte importera bokföring för den här organisationen."))
    options = dict(batch.options or {})
    clean = {k: v for k, v in mapping.items() if v is not None}
    ColumnMapping.objects.update_or_create(
        organisation=batch.organisation, fingerprint=options["fingerprint"],
        defaults={"header": options.get("header", []), "mapping": clean, "confirmed_by": user},
    )
    options["mapping"] = clean
    options["mapping_confirmed"] = True
    batch.options = options
    batch.save(update_fields=["options"])
