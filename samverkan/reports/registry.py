"""The documents the reports app makes and the sections each can hold, as registries.

A document kind (the steering pack of a meeting, a decision basis, a status report, the yearly
follow-up) names its subject by query parameters and says whose document it is; a section is a
key, a title and a function that computes its content (texts, tables, charts) from the subject
and the reader. Every renderer (PowerPoint, Excel, print) draws the same content, so an app adds
a section to every format with one `register` call and a document with one `register_kind`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

# column kinds: how a renderer formats and types a cell
TEXT, NUMBER, HOURS, MONEY, DATE = "text", "number", "hours", "money", "date"
LIGHT = "light"  # a traffic light as text (grön, gul, röd), coloured in print


@dataclass
class Column:
    title: str
    kind: str = TEXT


@dataclass
class Table:
    """A table with typed columns: money in whole öre, hours as exact decimals, dates as dates.
    A hidden value (confidential for the reader) is None and shown as such, never guessed."""

    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    total: list | None = None  # the last row, set apart
    # a slide deck shows only the first rows of a long table (ordered so that those matter
    # most); the section says so, and Excel and print hold every row
    slide_rows: int | None = None

    @property
    def all_rows(self) -> list[list]:
        return self.rows + ([self.total] if self.total else [])


@dataclass
class Chart:
    """A bar chart whose data stays editable in PowerPoint: categories and named series."""

    title: str
    categories: list[str]
    series: list[tuple[str, list]]
    kind: str = NUMBER  # of the values, as a table column's


@dataclass
class Content:
    """What one section shows: paragraphs, tables and charts, in this order."""

    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.paragraphs or self.tables or self.charts)


@dataclass
class Context:
    """What every section is computed from: the document's subject (for the steering pack, the
    meeting), its reader and the as-of date."""

    subject: object
    user: object
    as_of: datetime.date
    cache: dict = field(default_factory=dict)  # shared by sections (the plan, its follow-up)
    kind: str = "steering-pack"

    @property
    def meeting(self):
        return self.subject


@dataclass
class Section:
    key: str
    title: Callable[[], str] | str
    compute: Callable[[Context], Content]
    order: int = 100
    default: bool = True  # chosen unless the user unticks it

    @property
    def label(self) -> str:
        return str(self.title() if callable(self.title) else self.title)


def _nothing(subject):
    return None


@dataclass
class DocumentKind:
    """A document the reports app makes. `resolve(user, params)` gives the subject named by the
    query parameters `params` that the user may see, or None (it may raise ValidationError for
    parameters that are not valid at all)."""

    key: str  # in addresses and the API: /rapporter/ta-fram/<key>/, /api/reports/<key>/
    label: Callable[[], str]
    params: tuple[str, ...]
    resolve: Callable[[object, dict], object | None]
    title: Callable[[object], str]
    filename: Callable[[object], str]  # without the extension
    organisation: Callable[[object], object]  # whose document it is: who may open issued copies
    meeting: Callable[[object], object | None] = _nothing  # issued copies listed on the meeting
    query: Callable[[object], dict] = _nothing  # the subject's parameters, for links

    def params_of(self, subject) -> dict:
        return self.query(subject) or {}


STEERING_PACK = "steering-pack"
_KINDS: dict[str, DocumentKind] = {}
_SECTIONS: dict[str, dict[str, Section]] = {}


def register_kind(kind: DocumentKind) -> None:
    _KINDS[kind.key] = kind
    _SECTIONS.setdefault(kind.key, {})


def kind(key: str) -> DocumentKind:
    return _KINDS[key]


def kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


def register(key: str, title, compute: Callable[[Context], Content], *, order: int = 100,
             default: bool = True, kind: str = STEERING_PACK) -> None:
    """Add (or replace) a section of a document kind (by default the steering pack)."""
    _SECTIONS.setdefault(kind, {})[key] = Section(key, title, compute, order, default)


def sections(kind: str = STEERING_PACK) -> list[Section]:
    return sorted(_SECTIONS.get(kind, {}).values(), key=lambda s: (s.order, s.key))


def chosen(keys, kind: str = STEERING_PACK) -> list[Section]:
    """The sections named in `keys`, in the document's order; unknown keys are ignored, no keys
    means the default sections."""
    known = _SECTIONS.get(kind, {})
    keys = [k for k in (keys or []) if k in known]
    if not keys:
        return [s for s in sections(kind) if s.default]
    return [s for s in sections(kind) if s.key in keys]


def get(key: str, kind: str = STEERING_PACK) -> Section:
    return _SECTIONS[kind][key]
