"""A document (the steering pack of a meeting, a decision basis, …) for one reader: the chosen
sections computed once, then drawn by any renderer. Cells keep their type (öre, hours, dates)
until a renderer formats them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from samverkan.core.formatting import format_number, format_ore, ore_to_kronor

from . import registry
from .registry import DATE, HOURS, MONEY, NUMBER, Content, Context, Section

FORMATS = ("pptx", "xlsx", "html")
HIDDEN = "–"  # an empty or hidden value: never a zero that is not one


@dataclass
class PackSection:
    section: Section
    content: Content

    @property
    def key(self) -> str:
        return self.section.key

    @property
    def title(self) -> str:
        return self.section.label


@dataclass
class Pack:
    subject: object
    user: object
    as_of: datetime.date
    sections: list[PackSection]
    contains_confidential: bool = False  # the reader saw values under secrecy in it
    kind: str = registry.STEERING_PACK

    @property
    def document(self) -> registry.DocumentKind:
        return registry.kind(self.kind)

    @property
    def meeting(self):
        return self.document.meeting(self.subject)

    @property
    def title(self) -> str:
        return self.document.title(self.subject)

    @property
    def back_url(self) -> str:
        """The subject's own page, where the reader came from."""
        url = getattr(self.subject, "get_absolute_url", None)
        return url() if url else ""

    @property
    def tables(self):
        return [table for part in self.sections for table in part.content.tables]

    def section(self, key: str) -> PackSection | None:
        return next((part for part in self.sections if part.key == key), None)


def build(subject, user, keys=None, as_of: datetime.date | None = None,
          kind: str = registry.STEERING_PACK, on_section=None) -> Pack:
    """The document of `subject` as `user` may see it, with the sections named in `keys`;
    `on_section(done, total)` hears of each section computed (a background job's progress)."""
    ctx = Context(subject=subject, user=user, as_of=as_of or timezone.localdate(), kind=kind)
    chosen = registry.chosen(keys, kind)
    parts = []
    for section in chosen:
        parts.append(PackSection(section, section.compute(ctx)))
        if on_section is not None:
            on_section(len(parts), len(chosen))
    return Pack(subject, user, ctx.as_of, parts, bool(ctx.cache.get("confidential")), kind)


def cell_text(value, kind: str) -> str:
    """A cell as a person reads it (PowerPoint, print): the installation's one money format."""
    if value is None or value == "":
        return HIDDEN if kind != registry.TEXT else ""
    if kind == MONEY:
        return format_ore(value)
    if kind == HOURS:
        value = Decimal(value)
        return format_number(value, 0 if value == value.to_integral_value() else 1)
    if kind == NUMBER:
        return format_number(value)
    if kind == DATE:
        return value.isoformat()
    return str(value)


def cell_value(value, kind: str):
    """A cell as Excel takes it: money in kronor to the öre, hours and numbers as numbers."""
    if value is None:
        return None
    if kind == MONEY:
        return ore_to_kronor(value)
    return value


def filename(pack: Pack, fmt: str) -> str:
    return f"{pack.document.filename(pack.subject)}.{fmt}"
