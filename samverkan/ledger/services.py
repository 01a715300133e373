"""Ledger domain logic as plain functions: cost categories, matching rules, the streaming
import, the summaries the pages read, reconciliation against contracts, and the public
functions other apps call (`actual_cost_ore`).

Public API for other apps
-------------------------
`actual_cost_ore(*, year, organisation=None, contract=None, management_object=None,
system=None, category=None) -> int`
    The booked cost in whole öre for a calendar year, from the cost lines of the
    organisations' imported ledgers (read from the summaries, so it is cheap at any scale).
    Every filter given narrows the sum: `organisation` – lines in that organisation's ledger;
    `contract` – lines matched to that contract; `management_object` / `system` – lines
    matched to contracts linked to that object or system (each contract counted once);
    `category` – a CostCategory value (or a list of them). Without a category filter every
    line with a cost category counts (balance-sheet and revenue lines never do). Returns 0
    when nothing is booked. It does not apply user permissions: callers that show the figure
    to a user decide what that user may see (see `can_see_amounts`).

`outcome_by_category(user, management_object, year) -> dict`
    The booked cost of a management object's contracts for a year per cost category, as the
    user may see it (the finance app's budget follow-up compares its budgets with this).
"""

from __future__ import annotations

import calendar
import datetime
import gc
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.models import ImportBatch
from samverkan.organisations.models import Organisation

from .importers import LEDGER_KINDS, SourceError
from .models import (
    AccountCategory,
    CostCategory,
    CostLine,
    CostSummary,
    MatchingRule,
    MatchMethod,
    Reconciliation,
)

# -- cost categories ----------------------------------------------------------------------------

# A starting point for a chart of accounts adapted from Kommun-Bas: IT costs sit in the groups
# for consumable equipment (64), tele and IT communication (68) and purchased services (74).
# Every organisation adapts these on the account-category page; its own ranges replace these.
DEFAULT_ACCOUNT_CATEGORIES = (
    ("6410", "6419", CostCategory.HARDWARE, "Förbrukningsinventarier: datorer och kringutrustning"),
    ("6450", "6459", CostCategory.LICENCES, "Licenser och programvaror"),
    ("6810", "6819", CostCategory.TELECOM, "Telefoni och mobila abonnemang"),
    ("6820", "6829", CostCategory.TELECOM, "Datakommunikation"),
    ("7430", "7439", CostCategory.CONSULTANTS, "Konsulttjänster, IT"),
    ("7460", "7469", CostCategory.SAAS, "IT-tjänster och molntjänster (SaaS)"),
    ("7470", "7479", CostCategory.OPERATIONS, "Drift och hosting"),
)
COST_CLASSES = ("4", "5", "6", "7")  # accounts of these classes are costs; others are not


def account_ranges(organisation_id: int) -> list[tuple[str, str, str]]:
    """The organisation's own ranges, or the default ones when it has none."""
    own = list(AccountCategory.objects.filter(
        organisation_id=organisation_id, archived_at__isnull=True,
    ).values_list("first_account", "last_account", "category"))
    if own:
        return own
    return [(first, last, str(category)) for first, last, category, _note
            in DEFAULT_ACCOUNT_CATEGORIES]


class Categoriser:
    """account → cost category ("" for accounts that are not costs), cached per account."""

    def __init__(self, ranges: Iterable[tuple[str, str, str]]):
        self.ranges = sorted(ranges, key=lambda r: (-len(r[0]), r[0]))
        self.cache: dict[str, str] = {}

    def __call__(self, account: str) -> str:
        cached = self.cache.get(account)
        if cached is not None:
            return cached
        category = ""
        for first, last, value in self.ranges:
            head = account[: len(first)]
            if len(head) == len(first) and first <= head <= last:
                category = value
                break
        else:
            if account[:1] in COST_CLASSES:
                category = CostCategory.OTHER.value
        self.cache[account] = category
        return category


# -- matching rules -----------------------------------------------------------------------------

def _pattern(text: str):
    """Case-insensitive "contains", where * stands for anything."""
    parts = [re.escape(p) for p in text.strip().split("*")]
    return re.compile(".*".join(parts), re.IGNORECASE)


_MISSING = object()


@dataclass(slots=True)
class CompiledRule:
    rule_id: int
    contract_id: int
    org_number: str | None = None
    account: tuple[str, str, int] | None = None
    cost_centre: str | None = None
    project: str | None = None
    supplier: object = None  # compiled pattern
    supplier_hits: dict = field(default_factory=dict)
    dimension: tuple[str, str] | None = None
    text: object = None  # compiled pattern


class Matcher:
    """The organisation's active rules in priority order; the first rule whose every condition
    holds gives the contract. Only lines with a cost category are matched.

    Equality and range conditions are tried before patterns; a supplier pattern is evaluated
    once per supplier name; and one combined search of every text pattern rules out, for most
    lines, all rules with a text condition at once."""

    def __init__(self, rules: Iterable[MatchingRule]):
        self.rules = [self._compile(r) for r in rules]
        self.keyed_rules = [r for r in self.rules if r.text is None]
        patterns = [r.text.pattern for r in self.rules if r.text is not None]
        self.any_text = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) \
            if patterns else None
        self._dims: dict[str, dict] = {}
        self._cache: dict[tuple, CompiledRule | None] = {}

    @classmethod
    def for_organisation(cls, organisation_id: int) -> Matcher:
        return cls(list(MatchingRule.objects.filter(
            organisation_id=organisation_id, archived_at__isnull=True,
        ).order_by("priority", "pk")))

    @staticmethod
    def _compile(rule: MatchingRule) -> CompiledRule:
        compiled = CompiledRule(rule.pk, rule.contract_id)
        if rule.supplier_org_number:
            compiled.org_number = rule.supplier_org_number
        if rule.supplier_pattern:
            compiled.supplier = _pattern(rule.supplier_pattern)
        if rule.account_from:
            first = rule.account_from
            compiled.account = (first, rule.account_to or first, len(first))
        if rule.cost_centre:
            compiled.cost_centre = rule.cost_centre.strip()
        if rule.project:
            compiled.project = rule.project.strip()
        if rule.dimension_object:
            dim, _sep, obj = (part.strip() for part in rule.dimension_object.partition(":"))
            compiled.dimension = (dim, obj)
        if rule.text_pattern:
            compiled.text = _pattern(rule.text_pattern)
        return compiled

    def _dimensions(self, text: str | None) -> dict:
        if not text:
            return {}
        cached = self._dims.get(text)
        if cached is None:
            cached = json.loads(text) if isinstance(text, str) else dict(text)
            if len(self._dims) < 50_000:
                self._dims[text] = cached
        return cached

    def __bool__(self) -> bool:
        return bool(self.rules)

    def match(self, line: tuple) -> CompiledRule | None:
        """`line` in the importers' LINE layout."""
        return self.match_key((line[2], line[4], line[5], line[7], line[8], line[9]), line[10])

    def text_may_match(self, text: str) -> bool:
        """Whether any rule's text pattern could match: if not, the key alone decides."""
        return self.any_text is not None and self.any_text.search(text) is not None

    def match_without_text(self, key: tuple) -> CompiledRule | None:
        """The rule for a line whose text no text pattern matches (see match_key): only rules
        without a text condition can apply."""
        return self._match(key, "", False, self.keyed_rules)

    def match_with_text(self, key: tuple, text: str) -> CompiledRule | None:
        """The rule for a line whose text a text pattern may match (text_may_match)."""
        return self._match(key, text, True)

    def match_key(self, key: tuple, text: str) -> CompiledRule | None:
        """key = (account, supplier name, supplier org number, cost centre, project,
        dimensions). Lines that no text pattern can match are decided by the key alone, so
        those results are remembered."""
        if self.any_text is None or self.any_text.search(text) is None:
            found = self._cache.get(key, _MISSING)
            if found is _MISSING:
                found = self._match(key, text, False)
                if len(self._cache) < 200_000:
                    self._cache[key] = found
            return found
        return self.match_with_text(key, text)

    def _match(self, key: tuple, text: str, text_possible: bool,
               rules: list | None = None) -> CompiledRule | None:
        account, supplier, org_number, cost_centre, project, dimensions = key
        for rule in self.rules if rules is None else rules:
            if rule.org_number is not None and org_number != rule.org_number:
                continue
            span = rule.account
            if span is not None and (len(account) < span[2]
                                     or not span[0] <= account[:span[2]] <= span[1]):
                continue
            if rule.cost_centre is not None and cost_centre != rule.cost_centre:
                continue
            if rule.project is not None and project != rule.project:
                continue
            if rule.supplier is not None:
                hit = rule.supplier_hits.get(supplier)
                if hit is None:
                    hit = bool(supplier) and rule.supplier.search(supplier) is not None
                    if len(rule.supplier_hits) < 10_000:
                        rule.supplier_hits[supplier] = hit
                if not hit:
                    continue
            if rule.dimension is not None and \
                    self._dimensions(dimensions).get(rule.dimension[0]) != rule.dimension[1]:
                continue
            if rule.text is not None and (not text_possible or rule.text.search(text) is None):
                continue
            return rule
        return None


# -- who may see what ---------------------------------------------------------------------------

def hidden_price_contracts(user):
    """Contracts whose prices `user` may not see (queryset of ids): confidential prices of
    contracts owned by organisations the user is not a member of. The same rule as
    contracts.services.can_see_prices, as a query."""
    from samverkan.contracts.models import Contract

    confidential = Contract.objects.filter(prices_confidential=True)
    if not getattr(user, "is_authenticated", False):
        return Contract.objects.values("pk")
    if user.is_superuser:
        return Contract.objects.none().values("pk")
    members = permissions.organisations_where(user, permissions.Role.READER)
    return confidential.exclude(organisation_id__in=members).values("pk")


def hidden_contract_ids(user) -> set[int]:
    cached = getattr(user, "_ledger_hidden_contracts", None)
    if cached is None:
        cached = set(hidden_price_contracts(user).values_list("pk", flat=True))
        if getattr(user, "is_authenticated", False):
            user._ledger_hidden_contracts = cached
    return cached


def can_see_amounts(user, contract_id: int | None, organisation_id: int) -> bool:
    """Invoiced amounts of a line or row: hidden only when they belong to a contract whose
    prices are confidential to the user, outside the user's own organisation's ledger."""
    if contract_id is None or contract_id not in hidden_contract_ids(user):
        return True
    return organisation_id in permissions.organisations_where(user, permissions.Role.READER)


def can_import_for(user, organisation: Organisation) -> bool:
    return permissions.can_act_for(user, permissions.ADD, organisation.pk)


# -- import pipeline ----------------------------------------------------------------------------

class LedgerImportError(Exception):
    """The import was refused; nothing was stored. `errors` as dicts of row, column, message."""

    def __init__(self, errors: list[dict], message: str | None = None):
        self.errors = errors
        self.message = message or (errors[0]["message"] if errors else "")
        super().__init__(self.message)


class NeedsReplaceConfirmation(LedgerImportError):
    """The file covers a period already imported from another file; confirm to replace it."""


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
        from django.db.backends.sqlite3.base import adapt_date, adapt_datetime

        adapt = adapt_datetime if isinstance(key, datetime.datetime) else adapt_date
        text = self[key] = adapt(key)
        return text


class _SqliteWriter:
    def __init__(self, columns):
        self.stored_values = _SqliteTexts()
        self.sql = (f"INSERT INTO {CostLine._meta.db_table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})")
        self.cursor = connection.connection.cursor()
        self.buffer: list[tuple] = []

    def write(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= SQLITE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.cursor.executemany(self.sql, self.buffer)
            self.buffer = []

    def close(self) -> None:
        self.flush()
        self.cursor.close()


class _CopyWriter:
    """Streams rows into PostgreSQL with binary COPY (psycopg 3): each value goes as the
    column's own binary type, with no text to format and escape (a quarter of the client's
    time per row of text COPY). The dimensions arrive as JSON text already, and go as jsonb."""

    def __init__(self, columns):
        from psycopg.adapt import Dumper
        from psycopg.pq import Format

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


def _writer(columns):
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        return _CopyWriter(columns)
    return _SqliteWriter(columns)


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
    from .importers import SieSource

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
    """Any source of line tuples (supplier-ledger files)."""
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


def _rules(organisation_id: int) -> tuple[Categoriser, Matcher]:
    return Categoriser(account_ranges(organisation_id)), Matcher.for_organisation(organisation_id)


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
    from .importers import SIE, SieSource, TabularSource

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
        with transaction.atomic():
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
    rules = _rules(batch.organisation_id)
    writer = _writer(LINE_COLUMNS)
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
        if isinstance(writer, _CopyWriter):
            writer.close(failed=failed)
        else:
            writer.close()
    if source.error_count:
        raise LedgerImportError(list(source.errors))
    if not stats.rows:
        raise LedgerImportError([{"row": 0, "column": "", "message": _(
            "Filen innehåller inga verifikationsrader att importera.")}])
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


# -- summaries ----------------------------------------------------------------------------------

def apply_summary_deltas(organisation_id: int, deltas: dict) -> None:
    """Add (year, contract id, category) → [öre, lines] to the summaries."""
    for (year, contract_id, category), (amount, count) in deltas.items():
        if not amount and not count:
            continue
        rows = CostSummary.objects.filter(organisation_id=organisation_id, year=year,
                                          contract_id=contract_id, category=category)
        if not rows.update(amount_ore=F("amount_ore") + amount,
                           line_count=F("line_count") + count):
            CostSummary.objects.create(organisation_id=organisation_id, year=year,
                                       contract_id=contract_id, category=category,
                                       amount_ore=amount, line_count=count)
    CostSummary.objects.filter(organisation_id=organisation_id, line_count=0).delete()


def rebuild_summaries(organisation_id: int, years: Iterable[int] | None = None) -> None:
    """Recompute the organisation's summaries from its lines (after lines were removed)."""
    from django.db.models import Count

    summaries = CostSummary.objects.filter(organisation_id=organisation_id)
    lines = CostLine.objects.filter(organisation_id=organisation_id).exclude(cost_category="")
    if years is not None:
        years = sorted(set(years))
        summaries = summaries.filter(year__in=years)
        lines = lines.filter(year__in=years)
    summaries.delete()
    CostSummary.objects.bulk_create([
        CostSummary(organisation_id=organisation_id, year=row["year"],
                    contract_id=row["contract_id"], category=row["cost_category"],
                    amount_ore=row["amount"], line_count=row["lines"])
        for row in lines.order_by().values("year", "contract_id", "cost_category").annotate(
            amount=Sum("amount_ore"), lines=Count("pk"))
    ], batch_size=1000)


def rebuild_everything() -> None:
    """Every summary and reconciliation row from the lines and contracts (a repair tool)."""
    for organisation_id in CostLine.objects.order_by().values_list(
            "organisation_id", flat=True).distinct():
        with transaction.atomic():
            rebuild_summaries(organisation_id)
    CostSummary.objects.exclude(organisation_id__in=CostLine.objects.values(
        "organisation_id")).delete()
    with transaction.atomic():
        Reconciliation.objects.all().delete()
        refresh_reconciliation()


# -- reconciliation rows ------------------------------------------------------------------------

def refresh_reconciliation(*, organisation_ids: Iterable[int] | None = None,
                           years: Iterable[int] | None = None,
                           contract_ids: Iterable[int] | None = None) -> None:
    """Recompute the reconciliation rows in scope (all when nothing is given): for each
    contract party and each year its organisation has ledger data, the contracted amount
    (contracts.services.contracted_amount_ore, pro-rated; None when missing) against the
    invoiced amount (lines matched to the contract); and rows for lines matched to a contract
    the organisation is no party to."""
    from samverkan.contracts.models import ContractParty
    from samverkan.contracts.services import contracted_amount_ore

    org_ids = set(organisation_ids) if organisation_ids is not None else None
    year_set = set(years) if years is not None else None
    contract_set = set(contract_ids) if contract_ids is not None else None

    summaries = CostSummary.objects.order_by()
    if org_ids is not None:
        summaries = summaries.filter(organisation_id__in=org_ids)
    if year_set is not None:
        summaries = summaries.filter(year__in=year_set)
    ledger_years: dict[int, set[int]] = defaultdict(set)
    for organisation_id, year in summaries.values_list("organisation_id", "year").distinct():
        ledger_years[organisation_id].add(year)

    matched = summaries.filter(contract__isnull=False)
    if contract_set is not None:
        matched = matched.filter(contract_id__in=contract_set)
    invoiced: dict[tuple, list] = {}
    for contract_id, organisation_id, year, amount, count in matched.values_list(
            "contract_id", "organisation_id", "year").annotate(
            amount=Sum("amount_ore"), count=Sum("line_count")).values_list(
            "contract_id", "organisation_id", "year", "amount", "count"):
        invoiced[(contract_id, organisation_id, year)] = [amount or 0, count or 0]

    parties = ContractParty.objects.select_related("contract").prefetch_related(
        "contract__extension_options")
    if org_ids is not None:
        parties = parties.filter(organisation_id__in=org_ids)
    if contract_set is not None:
        parties = parties.filter(contract_id__in=contract_set)
    contracted: dict[tuple, int | None] = {}
    for party in parties:
        for year in ledger_years.get(party.organisation_id, ()):
            key = (party.contract_id, party.organisation_id, year)
            amount = contracted_amount_ore(party, year)
            if key in contracted:
                previous = contracted[key]
                contracted[key] = None if previous is None or amount is None \
                    else previous + amount
            else:
                contracted[key] = amount

    rows = []
    for key in set(contracted) | set(invoiced):
        contract_id, organisation_id, year = key
        amount, count = invoiced.get(key, (0, 0))
        is_party = key in contracted
        agreed = contracted.get(key)
        if is_party and agreed == 0 and not count:
            continue  # the contract did not run that year and nothing was invoiced
        difference = None if agreed is None else agreed - amount
        deviation = abs(difference) if difference is not None else abs(amount)
        rows.append(Reconciliation(
            contract_id=contract_id, organisation_id=organisation_id, year=year,
            is_party=is_party, contracted_ore=agreed, invoiced_ore=amount,
            difference_ore=difference, deviation_ore=deviation, line_count=count))

    existing = Reconciliation.objects.all()
    if org_ids is not None:
        existing = existing.filter(organisation_id__in=org_ids)
    if year_set is not None:
        existing = existing.filter(year__in=year_set)
    if contract_set is not None:
        existing = existing.filter(contract_id__in=contract_set)
    existing.delete()
    Reconciliation.objects.bulk_create(rows, batch_size=1000)


def refresh_for_contract(contract_id: int) -> None:
    """After a contract, party or option changed (called once the change is committed)."""
    with transaction.atomic():
        refresh_reconciliation(contract_ids=[contract_id])


# -- matching operations ------------------------------------------------------------------------

MATCH_FIELDS = ("pk", "account", "supplier_name", "supplier_org_number", "cost_centre", "project",
                "dimensions", "text", "contract_id", "matched_rule_id", "year", "cost_category",
                "amount_ore")


@transaction.atomic
def reapply_rules(organisation_id: int) -> int:
    """Run the organisation's rules again over its lines (not those matched by hand); keep
    the summaries and reconciliation current. Returns the number of lines whose match
    changed."""
    matcher = Matcher.for_organisation(organisation_id)
    now = timezone.now()
    changes: list[tuple] = []
    deltas: dict[tuple, list] = defaultdict(lambda: [0, 0])
    lines = CostLine.objects.filter(organisation_id=organisation_id).exclude(
        cost_category="").exclude(match_method=MatchMethod.MANUAL).order_by()
    for values in lines.values_list(*MATCH_FIELDS).iterator(chunk_size=5000):
        (pk, account, supplier, org_number, cost_centre, project, dimensions, text,
         contract_id, rule_id, year, category, amount) = values
        if isinstance(dimensions, dict):
            dimensions = json.dumps(dimensions, ensure_ascii=False, sort_keys=True)
        line = (pk, None, account, amount, supplier, org_number, "", cost_centre, project,
                dimensions, text)
        rule = matcher.match(line) if matcher else None
        new_contract, new_rule = (rule.contract_id, rule.rule_id) if rule else (None, None)
        if (new_contract, new_rule) == (contract_id, rule_id):
            continue
        changes.append((pk, new_contract, new_rule))
        if new_contract != contract_id:
            deltas[(year, contract_id, category)][0] -= amount
            deltas[(year, contract_id, category)][1] -= 1
            deltas[(year, new_contract, category)][0] += amount
            deltas[(year, new_contract, category)][1] += 1
    for start in range(0, len(changes), 1000):
        chunk = changes[start:start + 1000]
        for new_contract, group in _group_by_target(chunk).items():
            contract_id, rule_id = new_contract
            CostLine.objects.filter(pk__in=group).update(
                contract_id=contract_id, matched_rule_id=rule_id,
                match_method=MatchMethod.RULE if rule_id else MatchMethod.NONE,
                matched_at=now if rule_id else None, matched_by=None)
    if changes:
        apply_summary_deltas(organisation_id, deltas)
        affected = {year for year, _c, _k in deltas}
        refresh_reconciliation(organisation_ids=[organisation_id], years=affected)
    return len(changes)


def _group_by_target(chunk):
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pk, contract_id, rule_id in chunk:
        groups[(contract_id, rule_id)].append(pk)
    return groups


@transaction.atomic
def recategorise(organisation_id: int) -> int:
    """After the account ranges changed: new categories for the organisation's lines (lines
    that are no longer costs lose their rule match); summaries rebuilt."""
    categorise = Categoriser(account_ranges(organisation_id))
    changed = 0
    accounts = CostLine.objects.filter(organisation_id=organisation_id).order_by().values_list(
        "account", flat=True).distinct()
    by_category: dict[str, list[str]] = defaultdict(list)
    for account in accounts:
        by_category[categorise(account)].append(account)
    for category, group in by_category.items():
        for start in range(0, len(group), 500):
            changed += CostLine.objects.filter(
                organisation_id=organisation_id, account__in=group[start:start + 500],
            ).exclude(cost_category=category).update(cost_category=category)
    CostLine.objects.filter(organisation_id=organisation_id, cost_category="").exclude(
        match_method=MatchMethod.NONE).update(contract=None, matched_rule=None,
                                               match_method=MatchMethod.NONE, matched_by=None,
                                               matched_at=None)
    if changed:
        rebuild_summaries(organisation_id)
        reapply_rules(organisation_id)
        refresh_reconciliation(organisation_ids=[organisation_id])
    return changed


def contracts_for_line(user, line: CostLine):
    """Contracts a line can be matched to: visible to the user and related to the line's
    organisation (owned by it, by a cooperation it is in, or with it as a party)."""
    from samverkan.contracts.models import Contract
    from samverkan.contracts.services import related_organisation_ids

    related = related_organisation_ids(line.organisation_id)
    return Contract.objects.for_user(user).filter(archived_at__isnull=True).filter(
        Q(organisation_id__in=related) | Q(parties__organisation_id=line.organisation_id)
    ).distinct().select_related("supplier").order_by("supplier__name", "title")


def can_match(user, line: CostLine) -> bool:
    return permissions.can_act_for(user, permissions.CHANGE, line.organisation_id)


@transaction.atomic
def match_by_hand(user, line: CostLine, contract, *, rule_fields: Iterable[str] = ()) -> \
        MatchingRule | None:
    """Match one line to a contract (or None to unmatch) and, if fields are chosen, turn it
    into a rule for the line's organisation in the same step (the rule then matches other
    lines too)."""
    from samverkan.core import services as core_services

    if not can_match(user, line):
        raise PermissionDenied(_("Du får inte matcha rader i den här organisationens bokföring."))
    if not line.cost_category:
        raise PermissionDenied(_("Raden är ingen kostnad och kan inte matchas mot ett avtal."))
    if contract is not None and not contracts_for_line(user, line).filter(pk=contract.pk).exists():
        raise PermissionDenied(_("Avtalet hör inte till radens organisation."))
    old_contract = line.contract_id
    locked = CostLine.objects.select_for_update().get(pk=line.pk)
    CostLine.objects.filter(pk=locked.pk).update(
        contract=contract, match_method=MatchMethod.MANUAL if contract else MatchMethod.NONE,
        matched_rule=None, matched_by=user if contract else None,
        matched_at=timezone.now() if contract else None)
    if old_contract != (contract.pk if contract else None):
        deltas = {
            (line.year, old_contract, line.cost_category): [-line.amount_ore, -1],
            (line.year, contract.pk if contract else None, line.cost_category):
                [line.amount_ore, 1],
        }
        apply_summary_deltas(line.organisation_id, deltas)
        refresh_reconciliation(organisation_ids=[line.organisation_id], years=[line.year])
    rule = None
    fields = set(rule_fields)
    if contract is not None and fields:
        rule = MatchingRule(organisation_id=line.organisation_id, contract=contract,
                            name=_("Från rad %(line)s, %(supplier)s") % {
                                "line": line.pk, "supplier": line.supplier_name or line.text[:40]})
        if "supplier_org_number" in fields and line.supplier_org_number:
            rule.supplier_org_number = line.supplier_org_number
        if "supplier_name" in fields and line.supplier_name:
            rule.supplier_pattern = line.supplier_name
        if "account" in fields:
            rule.account_from = line.account
        if "cost_centre" in fields and line.cost_centre:
            rule.cost_centre = line.cost_centre
        if "project" in fields and line.project:
            rule.project = line.project
        if "text" in fields and line.text:
            rule.text_pattern = line.text
        core_services.save_record(user, rule)
        apply_rules_soon(line.organisation_id)
    line.refresh_from_db()
    return rule


RULES_IN_BACKGROUND = 200_000  # cost lines; more than this are matched again by a task


def apply_rules_soon(organisation_id: int) -> bool:
    """Apply the organisation's rules again: at once, or for a large ledger as a background
    task once the change is committed. True when it was done at once."""
    lines = CostSummary.objects.filter(organisation_id=organisation_id).aggregate(
        total=Sum("line_count"))["total"] or 0
    if lines <= RULES_IN_BACKGROUND:
        reapply_rules(organisation_id)
        return True
    from .tasks import reapply_ledger_rules

    transaction.on_commit(lambda: reapply_ledger_rules.enqueue(organisation_id))
    return False


@transaction.atomic
def save_rule(user, rule: MatchingRule, *, expected_version: int | None = None) -> MatchingRule:
    """Create or change a rule (permission, validation, version, history) and apply the
    organisation's rules again; a rule moved to another organisation re-applies both."""
    from samverkan.core import services as core_services

    previous = None
    if rule.pk:
        previous = MatchingRule.objects.filter(pk=rule.pk).values_list(
            "organisation_id", flat=True).first()
    saved = core_services.save_record(user, rule, expected_version=expected_version)
    apply_rules_soon(saved.organisation_id)
    if previous and previous != saved.organisation_id:
        apply_rules_soon(previous)
    return saved


@transaction.atomic
def archive_rule(user, rule: MatchingRule, *, expected_version: int | None = None):
    from samverkan.core import services as core_services

    if rule.archived_at:
        core_services.restore_record(user, rule)
    else:
        core_services.archive_record(user, rule, expected_version=expected_version)
    apply_rules_soon(rule.organisation_id)
    return rule


# -- what other apps read -----------------------------------------------------------------------

def actual_cost_ore(*, year: int, organisation=None, contract=None, management_object=None,
                    system=None, category=None) -> int:
    """Booked cost in whole öre for a year (see the module documentation)."""
    from samverkan.contracts.models import Contract

    summaries = CostSummary.objects.filter(year=year).exclude(category="")
    if organisation is not None:
        summaries = summaries.filter(organisation_id=getattr(organisation, "pk", organisation))
    if contract is not None:
        summaries = summaries.filter(contract_id=getattr(contract, "pk", contract))
    linked = None
    if management_object is not None:
        object_id = getattr(management_object, "pk", management_object)
        linked = Contract.objects.filter(
            Q(management_objects=object_id) | Q(systems__management_object_id=object_id))
    if system is not None:
        system_id = getattr(system, "pk", system)
        by_system = Contract.objects.filter(systems=system_id)
        linked = by_system if linked is None else linked.filter(pk__in=by_system.values("pk"))
    if linked is not None:
        summaries = summaries.filter(contract_id__in=linked.values("pk"))
    if category is not None:
        values = [category] if isinstance(category, str) else list(category)
        summaries = summaries.filter(category__in=[str(v) for v in values])
    return summaries.aggregate(total=Sum("amount_ore"))["total"] or 0


# -- outcome per management object ---------------------------------------------------------------

def linked_contracts(management_object):
    """Contracts linked to the object directly or through one of its systems."""
    from samverkan.contracts.models import Contract

    object_id = getattr(management_object, "pk", management_object)
    return Contract.objects.filter(
        Q(management_objects=object_id) | Q(systems__management_object_id=object_id)).distinct()


def outcome_by_category(user, management_object, year: int) -> dict:
    """What the organisations' ledgers booked for a year on the contracts of a management
    object (linked to it directly or through its systems), per cost category in öre, read from
    the summaries: {"by_category": {category: öre}, "hidden": n}. Summaries of contracts whose
    prices the user may not see are left out, and counted in "hidden". Budgets against this
    outcome are the finance app's."""
    summaries = CostSummary.objects.filter(
        year=year, contract_id__in=linked_contracts(management_object).values("pk"))
    hidden = 0
    if not user.is_superuser:
        members = permissions.organisations_where(user, permissions.Role.READER)
        secret = Q(contract_id__in=hidden_price_contracts(user)) & ~Q(organisation_id__in=members)
        hidden = summaries.filter(secret).count()
        summaries = summaries.exclude(secret)
    totals = summaries.values_list("category").annotate(total=Sum("amount_ore")).order_by()
    return {"by_category": {category: total for category, total in totals if total},
            "hidden": hidden}


# -- staging files --------------------------------------------------------------------------------

def stage_file(user, organisation: Organisation, uploaded, *, fmt: str | None = None) -> ImportBatch:
    """Store an upload (or a django File) under the data folder and create its ImportBatch.
    For a supplier-ledger file the header is read and a remembered column mapping attached."""
    from samverkan.core.imports import store_upload
    from samverkan.core.tabular import FileRejected

    from .importers import KINDS, SIE, format_for

    if not can_import_for(user, organisation):
        raise PermissionDenied(_("Du får inte importera bokföring för den här organisationen."))
    fmt = format_for(uploaded.name, fmt)
    path, sha, size = store_upload(uploaded, KINDS[fmt])
    options: dict = {"format": fmt}
    if fmt != SIE:
        header = read_header(path, uploaded.name)
        options["header"] = header
        from . import supplier_ledger

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
    from samverkan.core.tabular import FileRejected, read_sheet

    sheet = read_sheet(Path(path), filename)
    header = [h for h in sheet.header]
    close = getattr(sheet.rows, "close", None)
    if close:
        close()
    if not any(header):
        raise FileRejected(_("Filen saknar rubrikrad."))
    return header


def remembered_mapping(organisation: Organisation, fingerprint: str) -> dict | None:
    from .models import ColumnMapping

    found = ColumnMapping.objects.filter(organisation=organisation, fingerprint=fingerprint).first()
    return dict(found.mapping) if found else None


@transaction.atomic
def confirm_mapping(user, batch: ImportBatch, mapping: dict[str, int | None]) -> None:
    """Remember the mapping for this organisation and layout, and use it for the batch."""
    from .models import ColumnMapping

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
