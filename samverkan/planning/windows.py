"""Service windows per municipality and their overlap (REQUIREMENTS RL1, RL2): a shared
installation needs one window acceptable to all its users."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dates import WEEKDAYS
from icalendar import vRecur

from .models import Release

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Weekly:
    """A weekly window: which weekdays (0 = Monday) and from when to when (local time)."""

    days: frozenset[int]
    start: datetime.time
    end: datetime.time


def weekly(window: Release) -> Weekly | None:
    """The window as a weekly pattern, or None if it does not recur weekly within a day."""
    if not window.recurrence or window.ends_at is None:
        return None
    rule = vRecur.from_ical(window.recurrence)
    if [str(f).upper() for f in rule.get("FREQ", [])] != ["WEEKLY"]:
        return None
    start = timezone.localtime(window.starts_at)
    end = timezone.localtime(window.ends_at)
    if end.date() != start.date():
        return None
    days = {DAYS.index(str(d).upper()[-2:]) for d in rule.get("BYDAY", [])} or {start.weekday()}
    return Weekly(frozenset(days), start.time(), end.time())


@dataclass
class Overlap:
    day: int
    start: datetime.time
    end: datetime.time

    @property
    def label(self) -> str:
        return f"{WEEKDAYS[self.day].capitalize()} {self.start:%H:%M}–{self.end:%H:%M}"


def preferences(releases) -> tuple[list[tuple[Release, Weekly | None]], list[Overlap]]:
    """Each municipality's preferred windows and where they all overlap."""
    preferred = [(r, weekly(r)) for r in releases
                 if r.kind == Release.Kind.SERVICE_WINDOW and r.preferred_by_id]
    by_organisation: dict[int, list[Weekly]] = {}
    for release, pattern in preferred:
        if pattern is not None:
            by_organisation.setdefault(release.preferred_by_id, []).append(pattern)
    # an organisation with several preferred windows accepts any of them: merge per weekday
    merged = [_union(patterns) for patterns in by_organisation.values()]
    return preferred, overlap(merged)


def _union(patterns: list[Weekly]) -> dict[int, list[tuple[datetime.time, datetime.time]]]:
    days: dict[int, list] = {}
    for p in patterns:
        for day in p.days:
            days.setdefault(day, []).append((p.start, p.end))
    return days


def overlap(unions) -> list[Overlap]:
    """The times every organisation accepts, per weekday (none when they share no time)."""
    if not unions:
        return []
    result = []
    for day in range(7):
        ranges = [union.get(day, []) for union in unions]
        if not all(ranges):
            continue
        common = ranges[0]
        for other in ranges[1:]:
            common = [(max(a, c), min(b, d)) for a, b in common for c, d in other
                      if max(a, c) < min(b, d)]
        result += [Overlap(day, a, b) for a, b in sorted(common)]
    return result
