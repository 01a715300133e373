"""One streaming pass over a ledger file: categorise, match, summarise and write each line
(binary COPY on PostgreSQL; on SQLite into a staging file, loaded in one statement afterwards),
with progress for the page."""

from __future__ import annotations

import calendar
import datetime
import gc
import json
import os
import sqlite3
import tempfile
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import adapt_date, adapt_datetime
from django.utils import timezone
from psycopg.adapt import Dumper
from psycopg.pq import Format

from samverkan.core.models import ImportBatch

from .importers import SieSource
from .matching import _rules
from .models import (
    CostCategory,
    CostLine,
    MatchMethod,
)

# a stored line's columns, in the order each row is written (COPY on PostgreSQL)
LINE_COLUMNS = (
    "organisation_id", "batch_id", "line_no", "date", "year", "account", "amount_ore",
    "supplier_name", "supplier_org_number", "invoice_number", "cost_centre", "project",
    "dimensions", "text", "voucher_series", "voucher_number", "voucher_date", "cost_category",
    "contract_id", "match_method", "matched_rule_id", "matched_at",
)
PROGRESS_EVERY = 20_000
DERIVED_CACHE = 50_000  # distinct object lists and (account, object list) pairs kept per import
SQLITE_BATCH = 5_000


@dataclass
class Stats:
    rows: int = 0
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    categories: dict = field(default_factory=lambda: defaultdict(int))
    matched_rows: int = 0
    matched: dict = field(default_factory=lambda: defaultdict(int))  # contract id → öre
    unmatched_it_rows: int = 0
    unmatched_it_ore: int = 0
    # (year, contract id or None, category) → [öre, lines]
    summary: dict = field(default_factory=dict)

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        if self.date_from is None:
            return None
        first = self.date_from.replace(day=1)
        last = self.date_to
        # the month's last day without date arithmetic, which overflows in December 9999
        return first, last.replace(day=calendar.monthrange(last.year, last.month)[1])

    def as_preview(self) -> dict:
        period = self.period()
        return {
            "rows": self.rows,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "period": [d.isoformat() for d in period] if period else None,
            "categories": dict(self.categories),
            "matched_rows": self.matched_rows,
            "matched": {str(k): v for k, v in self.matched.items()},
            "unmatched_it_rows": self.unmatched_it_rows,
            "unmatched_it_ore": self.unmatched_it_ore,
        }


class _Progress:
    """Progress of a running import, written beside the uploads (a file, because the import's
    own transaction is not visible to the page that polls it)."""

    def __init__(self, batch: ImportBatch, total_bytes: int, phase: str):
        self.path = progress_path(batch.pk)
        self.total = max(total_bytes, 1)
        self.phase = phase
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, done_bytes: int, rows: int) -> None:
        data = {"phase": self.phase, "percent": min(99, int(100 * done_bytes / self.total)),
                "rows": rows}
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
        with os.fdopen(handle, "w") as out:
            json.dump(data, out)
        os.replace(temporary, self.path)


def progress_path(batch_id: int) -> Path:
    return Path(settings.DATA_DIR) / "imports" / "progress" / f"ledger-{batch_id}.json"


def read_progress(batch: ImportBatch) -> dict | None:
    try:
        return json.loads(progress_path(batch.pk).read_text())
    except (OSError, ValueError):
        return None


def _clear_progress(batch: ImportBatch) -> None:
    try:
        progress_path(batch.pk).unlink()
    except OSError:
        pass


class _SameValues(dict):
    """A date or time → itself: the COPY writer sends them as they are."""

    def __missing__(self, key):
        self[key] = key
        return key


class _SqliteTexts(dict):
    """A date or time → the text Django's SQLite adapter stores, worked out once per distinct
    value (the adapter is a Python call for every value of every row otherwise)."""

    def __missing__(self, key):
        adapt = adapt_datetime if isinstance(key, datetime.datetime) else adapt_date
        text = self[key] = adapt(key)
        return text


class _StagingWriter:
    """Lines into a staging file of their own (SQLite), so the long pass over the file holds no
    lock on the database: the lines are then loaded with one INSERT … SELECT in a short write
    transaction. Values are stored as Django's SQLite adapter stores them."""

    def __init__(self, columns, path: Path):
        self.stored_values = _SqliteTexts()
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(f"CREATE TABLE lines ({', '.join(columns)})")
        self.db.execute("BEGIN")
        self.sql = (f"INSERT INTO lines ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})")
        self.buffer: list[tuple] = []

    def write(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= SQLITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.db.executemany(self.sql, self.buffer)
            self.buffer = []

    def close(self, failed: bool = False) -> None:
        if not failed:
            self.flush()
        self.db.execute("COMMIT")
        self.db.close()


class _Staged:
    """The staging file of one import: its writer, then `attach()` before the write transaction
    and `load()` inside it."""

    def __init__(self, path: Path, columns):
        self.path = path
        self.writer = _StagingWriter(columns, path)
        self.names = ", ".join(columns)
        self.attached = False
        self.insert = (f"INSERT INTO {CostLine._meta.db_table} ({self.names}) "
                       f"VALUES ({', '.join('?' for _ in columns)})")

    def attach(self) -> None:
        """SQLite attaches a database only outside a transaction; an import called inside one
        (a test, a caller's own transaction) copies the lines through Python instead."""
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("ATTACH DATABASE %s AS staging", [str(self.path)])
            self.attached = True

    def load(self) -> None:
        if self.attached:
            with connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {CostLine._meta.db_table} ({self.names}) "
                               f"SELECT {self.names} FROM staging.lines ORDER BY rowid")
            return
        source = sqlite3.connect(self.path)
        target = connection.connection.cursor()
        try:
            rows = source.execute(f"SELECT {self.names} FROM lines ORDER BY rowid")
            while chunk := rows.fetchmany(SQLITE_BATCH):
                target.executemany(self.insert, chunk)
        finally:
            target.close()
            source.close()

    def detach(self) -> None:
        if self.attached:
            with connection.cursor() as cursor:
                cursor.execute("DETACH DATABASE staging")
            self.attached = False


@contextmanager
def staging(batch: ImportBatch, columns):
    """A staging file for the lines of `batch`, removed afterwards whatever happened."""
    folder = Path(settings.DATA_DIR) / "imports" / "staging"
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=folder, prefix=f"ledger-{batch.pk}-", suffix=".sqlite3")
    os.close(handle)
    path = Path(name)
    staged = None
    try:
        staged = _Staged(path, columns)
        yield staged
    finally:
        if staged is not None:
            staged.detach()
        path.unlink(missing_ok=True)


class _CopyWriter:
    """Streams rows into PostgreSQL with binary COPY (psycopg 3): each value goes as the
    column's own binary type, with no text to format and escape (a quarter of the client's
    time per row of text COPY). The dimensions arrive as JSON text already, and go as jsonb."""

    def __init__(self, columns):
        class JsonTextAsJsonb(Dumper):
            format = Format.BINARY

            def dump(self, obj):
                return b"\x01" + obj.encode()  # jsonb's binary form: version 1, then the text

        self.stored_values = _SameValues()
        table = CostLine._meta.db_table
        self.cursor = connection.cursor()
        raw = self.cursor.cursor
        raw.execute(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0")
        types = [column.type_code for column in raw.description]
        jsonb = raw.adapters.types["jsonb"].oid
        JsonTextAsJsonb.oid = jsonb
        raw.adapters.register_dumper(str, JsonTextAsJsonb)  # only this cursor's adapters
        self.copy = raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)")
        self.stream = self.copy.__enter__()
        self.stream.set_types(types)
        self.write = self.stream.write_row

    def close(self, failed: bool = False) -> None:
        if failed:
            self.copy.__exit__(RuntimeError, RuntimeError("aborted"), None)
        else:
            self.copy.__exit__(None, None, None)
        self.cursor.close()


def _stream(batch: ImportBatch, source, *, write=None, stop_on_error: bool,
            progress: _Progress | None = None, rules: tuple | None = None,
            stored_values: dict | None = None) -> Stats:
    """One pass over the file: categorise, match, summarise and (when `write` is given) store
    each line. Nothing is kept per line: memory stays constant whatever the file size.
    `rules` is (categoriser, matcher), loaded before a COPY occupies the connection;
    `stored_values` maps each date and time to what the writer stores (the writer's own).

    This loop runs once per row of files with millions of rows, so it is written for speed:
    local names, cached categories and matches, no objects per row, and the cyclic garbage
    collector paused (the loop creates no reference cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        stored = _SameValues() if stored_values is None else stored_values
        if isinstance(source, SieSource):
            return _stream_sie(batch, source, write, stop_on_error, progress, rules, stored)
        return _stream_lines(batch, source, write, stop_on_error, progress, rules, stored)
    finally:
        if enabled:
            gc.enable()


def _stream_sie(batch, source, write, stop_on_error, progress, rules, stored) -> Stats:
    """The SIE path, reading the vouchers directly (no intermediate line tuples). What follows
    from a row's account and object list (dimensions, cost category, the rule that matches
    unless the text decides) is worked out once per distinct pair."""
    organisation_id = batch.organisation_id
    categorise, matcher = rules or _rules(organisation_id)
    text_decides = matcher.text_may_match if matcher and matcher.any_text is not None else None
    stats = Stats()
    summary = stats.summary
    batch_id = batch.pk
    now_stored = stored[timezone.now()]
    none_method, rule_method = MatchMethod.NONE.value, MatchMethod.RULE.value
    reader = source.open()
    vouchers = source.vouchers()
    names = reader.meta.objects
    derived: dict[tuple, tuple] = {}
    by_objects: dict[tuple, tuple] = {}
    no_objects = (None, "", "", "", "")

    def derive(account, objects):
        dimensions = by_objects.get(objects) if objects else no_objects
        if dimensions is None:
            if len(by_objects) >= DERIVED_CACHE:
                by_objects.clear()
            dimensions = by_objects[objects] = source.dimensions(objects, names)
        category = categorise(account)
        key = (account, dimensions[3], "", dimensions[1], dimensions[2], dimensions[0])
        rule = matcher.match_without_text(key) if category and matcher else None
        if len(derived) >= DERIVED_CACHE:
            derived.clear()
        known = derived[(account, objects)] = (*dimensions, category, rule, key)
        return known

    date_from, date_to = datetime.date.max, datetime.date.min
    rows = 0
    next_progress = PROGRESS_EVERY
    try:
        for voucher in vouchers:
            if stop_on_error and reader.error_count:
                break
            series, number, voucher_day = voucher.series, voucher.number, stored[voucher.date]
            voucher_text = voucher.text[:300]
            lines = voucher.rows
            rows += len(lines)
            for line_no, account, objects, amount, day, text, _quantity in lines:
                known = derived.get((account, objects))
                if known is None:
                    known = derive(account, objects)
                dimensions, cost_centre, project, supplier, invoice, category, rule, key = known
                if not text:
                    text = voucher_text
                elif len(text) > 300:
                    text = text[:300]
                if day < date_from:
                    date_from = day
                if day > date_to:
                    date_to = day
                if category and text_decides is not None and text_decides(text):
                    rule = matcher.match_with_text(key, text)
                if rule is None:
                    contract_id = rule_id = matched_at = None
                    method = none_method
                else:
                    contract_id, rule_id, method, matched_at = \
                        rule.contract_id, rule.rule_id, rule_method, now_stored
                if category:
                    entry = summary.get((day.year, contract_id, category))
                    if entry is None:
                        summary[(day.year, contract_id, category)] = [amount, 1]
                    else:
                        entry[0] += amount
                        entry[1] += 1
                if write is not None:
                    write((organisation_id, batch_id, line_no, stored[day], day.year, account,
                           amount, supplier, "", invoice, cost_centre, project, dimensions, text,
                           series, number, voucher_day, category, contract_id, method, rule_id,
                           matched_at))
            if rows >= next_progress:
                next_progress += PROGRESS_EVERY
                if progress is not None:
                    progress(reader.bytes_read, rows)
    finally:
        source.close()
    if not rows:
        date_from = date_to = None
    return _finish_stats(stats, rows, date_from, date_to)


def _finish_stats(stats: Stats, rows: int, date_from, date_to) -> Stats:
    it_categories = {c for c in CostCategory.values if c != CostCategory.OTHER}
    stats.rows = rows
    stats.date_from, stats.date_to = date_from, date_to
    for (_year, contract_id, category), (amount, count) in stats.summary.items():
        stats.categories[category] += amount
        if contract_id is not None:
            stats.matched[contract_id] += amount
            stats.matched_rows += count
        elif category in it_categories:
            stats.unmatched_it_rows += count
            stats.unmatched_it_ore += amount
    return stats


def _stream_lines(batch, source, write, stop_on_error, progress, rules, stored) -> Stats:
    """Any source of ImportedLines (supplier-ledger files)."""
    organisation_id = batch.organisation_id
    categorise, matcher = rules or _rules(organisation_id)
    categories = categorise.cache
    stats = Stats()
    summary = stats.summary
    batch_id = batch.pk
    now_stored = stored[timezone.now()]
    none_method, rule_method = MatchMethod.NONE.value, MatchMethod.RULE.value
    date_from = date_to = None
    rows = 0
    next_progress = PROGRESS_EVERY
    for line in source.lines():
        if stop_on_error and source.error_count:
            break
        (line_no, day, account, amount, supplier_name, supplier_org, invoice, cost_centre,
         project, dimensions, text, series, number, voucher_day) = line
        rows += 1
        if date_from is None or day < date_from:
            date_from = day
        if date_to is None or day > date_to:
            date_to = day
        category = categories.get(account)
        if category is None:
            category = categorise(account)
        contract_id = rule_id = None
        method = none_method
        if category:
            if matcher:
                rule = matcher.match(line)
                if rule is not None:
                    contract_id, rule_id, method = rule.contract_id, rule.rule_id, rule_method
            key = (day.year, contract_id, category)
            entry = summary.get(key)
            if entry is None:
                summary[key] = [amount, 1]
            else:
                entry[0] += amount
                entry[1] += 1
        if write is not None:
            write((organisation_id, batch_id, line_no, stored[day], day.year, account, amount,
                   supplier_name, supplier_org, invoice, cost_centre, project, dimensions, text,
                   series, number, None if voucher_day is None else stored[voucher_day],
                   category, contract_id, method, rule_id,
                   now_stored if rule_id is not None else None))
        if rows >= next_progress:
            next_progress += PROGRESS_EVERY
            if progress is not None:
                progress(source.bytes_read, rows)
    return _finish_stats(stats, rows, date_from, date_to)
