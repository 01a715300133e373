"""The import framework: upload → parse (streaming) → validate → preview → commit.

Each importer describes its columns and turns one row into a plan (or errors); the framework
reads the file, collects every error as row + column + Swedish message, and commits all rows in
one transaction or none. A file already imported is recognised by its SHA-256 and adds nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ImportBatch
from .tabular import FileRejected, check_size, read_sheet

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
ACTION_LABELS = {
    CREATED: gettext_lazy("Ny"),
    UPDATED: gettext_lazy("Ändras"),
    UNCHANGED: gettext_lazy("Oförändrad"),
}
MAX_PREVIEW_ROWS = 200
MAX_ERRORS_KEPT = 1000
# A register of systems or objects has thousands of rows, not millions; every plan is held until
# the commit, so the row count bounds the memory an import takes.
MAX_ROWS = 50_000
PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    help: str = ""
    aliases: tuple[str, ...] = ()

    def matches(self, header: str) -> bool:
        wanted = header.strip().lower().rstrip("*").strip()
        return wanted == self.name.lower() or wanted in (a.lower() for a in self.aliases)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": str(self.message)}


@dataclass
class RowPlan:
    row: int
    action: str
    label: str
    data: dict = field(default_factory=dict)
    key: str = ""  # what makes two rows the same record, if not the label (e.g. case-blind)

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.action])


@dataclass
class Validation:
    plans: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    error_count: int = 0  # every error, though only the first MAX_ERRORS_KEPT are kept

    @property
    def counts(self) -> Counter:
        return Counter(p.action for p in self.plans)

    def add_errors(self, errors: list[RowError]) -> None:
        self.error_count += len(errors)
        self.errors.extend(errors[: max(MAX_ERRORS_KEPT - len(self.errors), 0)])

    @property
    def has_errors(self) -> bool:
        return bool(self.error_count or self.errors)


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("Importen innehåller fel och har inte sparats."))


class RowImporter:
    """Subclass per kind of record. `validate_row` returns a RowPlan or raises RowErrors."""

    kind: str = ""
    title: str = ""
    columns: tuple[Column, ...] = ()

    def __init__(self, user):
        self.user = user

    def prepare(self) -> None:
        """Load lookup tables once, so validating a row runs no query per reference."""

    def validate_row(self, number: int, values: dict[str, str]) -> tuple[RowPlan | None,
                                                                         list[RowError]]:
        raise NotImplementedError

    def apply(self, plan: RowPlan) -> None:
        raise NotImplementedError

    # -- shared machinery -------------------------------------------------------------

    def map_header(self, header: list[str]) -> tuple[dict[int, Column], list[RowError], list[str]]:
        mapping: dict[int, Column] = {}
        ignored = []
        for index, name in enumerate(header):
            column = next((c for c in self.columns if c.matches(name)), None)
            if column is None:
                if name:
                    ignored.append(name)
            elif column in mapping.values():
                return {}, [RowError(1, name, _("Kolumnen finns två gånger."))], ignored
            else:
                mapping[index] = column
        missing = [c.name for c in self.columns if c.required and c not in mapping.values()]
        errors = [RowError(1, name, _("Obligatorisk kolumn saknas.")) for name in missing]
        return mapping, errors, ignored

    def validate_file(self, path: Path, filename: str, on_progress=None) -> Validation:
        sheet = read_sheet(path, filename)
        mapping, errors, ignored = self.map_header(sheet.header)
        result = Validation(ignored_columns=ignored)
        result.add_errors(errors)
        if errors:
            return result
        self.prepare()
        seen: dict[str, int] = {}
        for count, (number, cells) in enumerate(sheet.rows, start=1):
            if count > MAX_ROWS:
                result.add_errors([RowError(number, "", _(
                    "Filen har fler än %(limit)s rader. Dela upp den i flera filer."
                ) % {"limit": MAX_ROWS})])
                break
            if on_progress is not None and count % PROGRESS_EVERY == 0:
                on_progress(count)
            self._validate_cells(number, cells, mapping, seen, result)
        if not result.plans and not result.has_errors:
            result.add_errors([RowError(2, "", _("Filen innehåller inga rader att importera."))])
        return result

    def _validate_cells(self, number, cells, mapping, seen, result) -> None:
        values = {}
        formulas = []
        for index, column in mapping.items():
            cell = cells[index] if index < len(cells) else None
            if cell is not None and cell.is_formula:
                formulas.append(RowError(number, column.name, _(
                    "Cellen innehåller en formel. Klistra in värdet i stället för formeln.")))
            values[column.name] = cell.value if cell is not None else ""
        if formulas:
            result.add_errors(formulas)
            return
        plan, row_errors = self.validate_row(number, values)
        result.add_errors(row_errors)
        if plan is None:
            return
        key = plan.key or plan.label
        if key in seen:
            result.add_errors([RowError(number, "", _(
                "Samma post finns redan på rad %(row)s i filen.") % {"row": seen[key]})])
            return
        seen[key] = number
        result.plans.append(plan)

    def template_header(self) -> list[str]:
        return [f"{c.name}*" if c.required else c.name for c in self.columns]


def store_upload(uploaded, kind: str) -> tuple[Path, str, int]:
    """Save an upload under the data folder, named by its hash; returns (path, sha256, size)."""
    check_size(uploaded.size)
    digest = hashlib.sha256()
    folder = Path(settings.DATA_DIR) / "imports" / kind
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"upload-{timezone.now().timestamp()}.part"
    size = 0
    with temporary.open("wb") as handle:
        for chunk in uploaded.chunks():
            size += len(chunk)
            check_size(size)
            digest.update(chunk)
            handle.write(chunk)
    sha = digest.hexdigest()
    suffix = Path(uploaded.name).suffix.lower()[:10]
    final = folder / f"{sha}{suffix}"
    temporary.replace(final)
    return final, sha, size


def stage(user, importer_class: type[RowImporter], uploaded, organisation=None) -> ImportBatch:
    path, sha, size = store_upload(uploaded, importer_class.kind)
    return ImportBatch.objects.create(
        kind=importer_class.kind,
        organisation=organisation,
        file_name=Path(uploaded.name).name[:255],
        file_sha256=sha,
        file_size=size,
        stored_file=str(path),
        created_by=user,
    )


def previous_import(batch: ImportBatch) -> ImportBatch | None:
    return (
        ImportBatch.objects.filter(
            kind=batch.kind, file_sha256=batch.file_sha256, status=ImportBatch.Status.DONE,
            organisation=batch.organisation,
        )
        .exclude(pk=batch.pk)
        .select_related("created_by")
        .first()
    )


def validate_batch(importer: RowImporter, batch: ImportBatch, on_progress=None) -> Validation:
    try:
        return importer.validate_file(Path(batch.stored_file), batch.file_name, on_progress)
    except FileRejected as exc:
        result = Validation()
        result.add_errors([RowError(exc.row, exc.column, str(exc))])
        return result


def background_bytes() -> int:
    """Files larger than this are checked and imported by a background task, not in a request."""
    return getattr(settings, "SAMVERKAN_IMPORT_BACKGROUND_BYTES", 2 * 1024 * 1024)


def progress_writer(batch: ImportBatch):
    def write(rows: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(rows_done=rows)
    return write


def analyse(importer: RowImporter, batch: ImportBatch, progress: bool = False) -> None:
    """Validate once and keep what the preview shows on the batch, so reloading the preview
    reads the file no more."""
    validation = validate_batch(importer, batch, progress_writer(batch) if progress else None)
    counts = validation.counts
    batch.options = {**(batch.options or {}), "preview": {
        "counts": {key: counts[key] for key in (CREATED, UPDATED, UNCHANGED)},
        "plans": [{"row": p.row, "label": p.label, "action": p.action}
                  for p in validation.plans[:MAX_PREVIEW_ROWS]],
        "ignored_columns": validation.ignored_columns,
    }}
    batch.errors = [e.as_dict() for e in validation.errors[:MAX_ERRORS_KEPT]]
    batch.error_count = validation.error_count
    batch.rows_total = batch.rows_done = len(validation.plans)
    if batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
        batch.status = ImportBatch.Status.PREVIEW
    batch.save(update_fields=["options", "errors", "error_count", "rows_total", "rows_done",
                              "status"])


@dataclass
class StoredPreview:
    """The analysis kept on a batch, shaped as the preview page reads a Validation."""

    counts: dict
    plans: list[dict]
    errors: list[dict]
    ignored_columns: list[str]


def stored_preview(batch: ImportBatch) -> StoredPreview | None:
    preview = (batch.options or {}).get("preview")
    if preview is None:
        return None
    plans = [{**p, "action_label": str(ACTION_LABELS[p["action"]])} for p in preview["plans"]]
    return StoredPreview(preview["counts"], plans, batch.errors, preview["ignored_columns"])


def commit(importer: RowImporter, batch: ImportBatch, progress: bool = False) -> ImportBatch:
    """Apply every row or none. Raises ImportFailed with the errors if any row is wrong.

    The file is read and validated outside any transaction (on SQLite nothing holds the write
    lock meanwhile); the rows are then written in one short transaction."""
    if batch.status == ImportBatch.Status.DONE:
        return batch
    earlier = previous_import(batch)
    if earlier is not None:
        batch.status = ImportBatch.Status.DONE
        batch.message = _("Filen var redan importerad; inget har ändrats.")
        batch.finished_at = timezone.now()
        batch.save()
        return batch
    validation = validate_batch(importer, batch, progress_writer(batch) if progress else None)
    if validation.has_errors:
        _record_failure(batch, validation)
        raise ImportFailed(validation.errors)
    with transaction.atomic():
        for plan in validation.plans:
            if plan.action != UNCHANGED:
                importer.apply(plan)
        counts = validation.counts
        batch.rows_total = batch.rows_done = len(validation.plans)
        batch.created_count = counts[CREATED]
        batch.updated_count = counts[UPDATED]
        batch.unchanged_count = counts[UNCHANGED]
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save()
    return batch


def _record_failure(batch: ImportBatch, validation: Validation) -> None:
    batch.status = ImportBatch.Status.FAILED
    batch.error_count = validation.error_count or len(validation.errors)
    batch.errors = [e.as_dict() for e in validation.errors[:MAX_ERRORS_KEPT]]
    batch.finished_at = timezone.now()
    batch.save()


# -- cell parsers shared by importers ----------------------------------------------------------

class CellError(ValueError):
    """A value that cannot be used; the message is shown to the user as is."""


def parse_choice(value: str, choices) -> str:
    """Accept a choice by its stored value or its Swedish label, case-insensitively."""
    wanted = value.strip().lower()
    for stored, label in choices:
        if wanted in (str(stored).lower(), str(label).lower()):
            return stored
    allowed = ", ".join(str(label) for _stored, label in choices)
    raise CellError(_("”%(value)s” är inte ett giltigt värde. Tillåtna: %(allowed)s.")
                    % {"value": value, "allowed": allowed})


def parse_bool(value: str) -> bool | None:
    wanted = value.strip().lower()
    if wanted in ("", "okänt", "vet ej", "unknown"):
        return None
    if wanted in ("ja", "j", "yes", "true", "1", "x"):
        return True
    if wanted in ("nej", "n", "no", "false", "0"):
        return False
    raise CellError(_("”%(value)s” ska vara Ja, Nej eller tomt.") % {"value": value})


def parse_level(value: str, low: int = 0, high: int = 4) -> int | None:
    if not value.strip():
        return None
    try:
        level = int(value.strip())
    except ValueError:
        raise CellError(_("”%(value)s” är inte ett heltal.") % {"value": value}) from None
    if not low <= level <= high:
        raise CellError(_("Värdet ska vara mellan %(low)s och %(high)s.")
                        % {"low": low, "high": high})
    return level


# Dates outside this range are typing errors (0001-01-01, 9999-12-31) and break period arithmetic.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


def date_out_of_range(date: datetime.date) -> str | None:
    """The error for a date outside the range imports accept, or None."""
    if EARLIEST_DATE <= date <= LATEST_DATE:
        return None
    return _("Datumet %(date)s är orimligt; tillåtna datum är %(earliest)s–%(latest)s.") % {
        "date": date.isoformat(), "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat()}


def check_date_range(date: datetime.date) -> datetime.date:
    message = date_out_of_range(date)
    if message:
        raise CellError(message)
    return date


def parse_date(value: str):
    text = value.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            date = datetime.datetime.strptime(text[:10] if "T" in text else text, pattern).date()
        except ValueError:
            continue
        return check_date_range(date)
    raise CellError(_("”%(value)s” är inget datum. Skriv som ÅÅÅÅ-MM-DD.") % {"value": value})


def model_errors(number: int, instance, columns: dict[str, str]) -> list[RowError]:
    """What the model's own validation (max lengths, URLs, integer ranges, clean()) says about a
    row, run in the preview so a preview without errors always commits. References were found by
    lookups and uniqueness by the importer, so neither costs a query per row here."""
    relations = [f.name for f in instance._meta.fields if f.is_relation]
    try:
        instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors = []
        for name, messages in exc.message_dict.items():
            for message in messages:
                errors.append(RowError(number, columns.get(name, ""), message))
        return errors
    return []


def visible_text(value: str) -> str:
    """The value stripped, or "" if nothing in it can be seen (zero-width spaces, joiners, BOMs),
    so a name of invisible characters counts as missing."""
    text = value.strip()
    if all(unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp", "Cc") for ch in text):
        return ""
    return text


class Lookup:
    """Find a record by any of several keys (name, code, number), case-insensitively, from one
    query made up front. Ambiguous names are errors, not guesses."""

    def __init__(self, records, keys, label: str):
        self.label = label
        self.index: dict[str, list] = {}
        for record in records:
            for key in keys:
                value = getattr(record, key, "")
                if value:
                    self.index.setdefault(str(value).strip().lower(), []).append(record)

    def find(self, value: str, required: bool = False):
        text = value.strip()
        if not text:
            if required:
                raise CellError(_("Värdet saknas."))
            return None
        hits = {id(r): r for r in self.index.get(text.lower(), [])}
        if not hits:
            raise CellError(_("%(label)s ”%(value)s” finns inte.") % {"label": self.label,
                                                                     "value": text})
        if len(hits) > 1:
            raise CellError(_("”%(value)s” matchar flera %(label)s; använd kod eller nummer.")
                            % {"value": text, "label": self.label.lower()})
        return next(iter(hits.values()))
