"""The steering pack of a meeting for one reader: the chosen sections computed once, then drawn
by any renderer. Cells keep their type (öre, hours, dates) until a renderer formats them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

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
    meeting: object
    user: object
    as_of: datetime.date
    sections: list[PackSection]
    contains_confidential: bool = False  # the reader saw values under secrecy in it

    @property
    def title(self) -> str:
        return _("Styrgruppspaket %(meeting)s") % {"meeting": self.meeting}

    @property
    def tables(self):
        return [table for part in self.sections for table in part.content.tables]

    def section(self, key: str) -> PackSection | None:
        return next((part for part in self.sections if part.key == key), None)


def build(meeting, user, keys=None, as_of: datetime.date | None = None) -> Pack:
    """The pack of `meeting` as `user` may see it, with the sections named in `keys`."""
    ctx = Context(meeting=meeting, user=user, as_of=as_of or timezone.localdate())
    parts = [PackSection(section, section.compute(ctx)) for section in registry.chosen(keys)]
    return Pack(meeting, user, ctx.as_of, parts, bool(ctx.cache.get("confidential")))


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
    return f"styrgruppspaket-{pack.meeting.held_on:%Y-%m-%d}-{pack.meeting.pk}.{fmt}"
