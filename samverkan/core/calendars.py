"""The organisation calendar's other sources. The contract calendar (its page and the iCalendar
feed that Outlook subscribes to) shows notice deadlines; later apps add their own dates –
planning its steering-group meetings, releases and service windows – by registering a source in
`AppConfig.ready()`, without the contracts app knowing them.

A source is `source(organisation, user, first, last, base_url)` giving iCalendar events (RFC
5545, a recurring one with its RRULE) that the user may see and that concern the organisation
(`None`: every organisation), starting or recurring within [first, last]. Each event carries
its kind in CATEGORIES. The page expands recurring events with `recurring-ical-events`, so it
shows the same occurrences as a calendar program does."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import recurring_ical_events
from django.utils import timezone
from icalendar import Calendar, Event

Source = Callable[..., Iterable[Event]]

_SOURCES: list[tuple[int, str, Source]] = []


def register(name: str, source: Source, order: int = 100) -> None:
    if not any(existing == name for _o, existing, _s in _SOURCES):
        _SOURCES.append((order, name, source))
        _SOURCES.sort(key=lambda item: (item[0], item[1]))


def events(organisation, user, first: datetime.date, last: datetime.date,
           base_url: str = "") -> list[Event]:
    found = []
    for _order, _name, source in _SOURCES:
        found.extend(source(organisation, user, first, last, base_url))
    return found


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event, for the calendar page."""

    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime | None
    summary: str
    kind: str
    url: str
    location: str
    recurring: bool

    @property
    def day(self) -> datetime.date:
        if isinstance(self.start, datetime.datetime):
            return timezone.localtime(self.start).date()
        return self.start

    @property
    def time(self) -> str:
        """"18:00–22:00" for a timed event, "" for a whole day."""
        if not isinstance(self.start, datetime.datetime):
            return ""
        start = timezone.localtime(self.start)
        if isinstance(self.end, datetime.datetime):
            return f"{start:%H:%M}–{timezone.localtime(self.end):%H:%M}"
        return f"{start:%H:%M}"


def occurrences(components: Iterable[Event], first: datetime.date,
                last: datetime.date) -> list[Occurrence]:
    """Every occurrence within [first, last] (recurring events expanded), in date order."""
    calendar = Calendar()
    recurring = set()
    for component in components:
        calendar.add_component(component)
        if "rrule" in component:
            recurring.add(str(component["uid"]))
    found = []
    for event in recurring_ical_events.of(calendar).between(
            first, last + datetime.timedelta(days=1)):
        categories = event.get("categories")
        kind = str(categories.cats[0]) if categories is not None and categories.cats else ""
        end = event.get("dtend")
        found.append(Occurrence(
            start=event.decoded("dtstart"), end=end.dt if end is not None else None,
            summary=str(event.get("summary", "")), kind=kind, url=str(event.get("url", "")),
            location=str(event.get("location", "")), recurring=str(event.get("uid")) in recurring))
    found.sort(key=lambda o: (o.day, o.time, o.summary))
    return found
