"""The sections a report pack can hold, as a registry: a section is a key, a title and a function
that computes its content (texts, tables, charts) from the meeting and the reader. Every
renderer (PowerPoint, Excel, print) draws the same content, so an app adds a section to every
format with one `register` call."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

# column kinds: how a renderer formats and types a cell
TEXT, NUMBER, HOURS, MONEY, DATE = "text", "number", "hours", "money", "date"


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
    """What every section is computed from: the meeting, its reader and the as-of date."""

    meeting: object
    user: object
    as_of: datetime.date
    cache: dict = field(default_factory=dict)  # shared by sections (the plan, its follow-up)


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


_SECTIONS: dict[str, Section] = {}


def register(key: str, title, compute: Callable[[Context], Content], *, order: int = 100,
             default: bool = True) -> None:
    """Add (or replace) a section of the steering pack."""
    _SECTIONS[key] = Section(key, title, compute, order, default)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def chosen(keys) -> list[Section]:
    """The sections named in `keys`, in the pack's order; unknown keys are ignored, no keys
    means the default sections."""
    keys = [k for k in (keys or []) if k in _SECTIONS]
    if not keys:
        return [s for s in sections() if s.default]
    return [s for s in sections() if s.key in keys]


def get(key: str) -> Section:
    return _SECTIONS[key]
