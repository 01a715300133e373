"""A plan's calendar as iCalendar (RFC 5545): its releases and service windows – a recurring
window with its RRULE – and the meetings of its steering group, to import or subscribe to."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from . import services
from .models import Plan

DOMAIN = "samverkan"


def plan_calendar(plan: Plan, user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//Planering//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(plan))
    stamp = datetime.datetime.now(tz=datetime.UTC)
    for release in plan.releases.prefetch_related("systems"):
        event = Event()
        event.add("uid", f"release-{release.pk}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", release.starts_at)
        event.add("dtend", release.ends_at or release.starts_at + datetime.timedelta(hours=1))
        event.add("summary", f"{release.get_kind_display()}: {release.title}")
        systems = ", ".join(str(s) for s in release.systems.all())
        text = "\n".join(part for part in (release.notes, systems and _("System: %(s)s") % {
            "s": systems}) if part)
        if text:
            event.add("description", text)
        if release.recurrence:
            event.add("rrule", vRecur.from_ical(release.recurrence))
        calendar.add_component(event)
    for meeting in services.meetings_of(plan).for_user(user).filter(archived_at__isnull=True):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.held_on)
        event.add("dtend", meeting.held_on + datetime.timedelta(days=1))
        event.add("summary", meeting.title)
        if meeting.place:
            event.add("location", meeting.place)
        calendar.add_component(event)
    return calendar.to_ical()
