"""Planning's dates as iCalendar (RFC 5545): releases, service windows – a recurring window with
its RRULE in local time – and steering-group meetings. The same events make a plan's own
calendar file and planning's part of the organisation calendar (`core.calendars`)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from samverkan.organisations.models import related_organisation_ids

from . import services
from .models import Meeting, Plan, Release

DOMAIN = "samverkan"
MEETING, RELEASE, WINDOW = "styrgruppsmote", "release", "servicefonster"


def _stamp() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)


def release_event(release: Release, base_url: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"release-{release.pk}@{DOMAIN}")
    event.add("dtstamp", stamp)
    # local time with its zone, so a weekly window stays at 18:00 across summer time
    start = timezone.localtime(release.starts_at)
    event.add("dtstart", start)
    event.add("dtend", timezone.localtime(release.ends_at) if release.ends_at
              else start + datetime.timedelta(hours=1))
    event.add("summary", f"{release.get_kind_display()}: {release.title}")
    event.add("categories", [WINDOW if release.kind == Release.Kind.SERVICE_WINDOW
                             else RELEASE])
    systems = ", ".join(str(s) for s in release.systems.all())
    url = base_url + release.plan.get_absolute_url()
    text = "\n".join(part for part in (release.notes, systems and _("System: %(s)s") % {
        "s": systems}, url) if part)
    event.add("description", text)
    event.add("url", url)
    if release.recurrence:
        event.add("rrule", vRecur.from_ical(release.recurrence))
    return event


def meeting_event(meeting: Meeting, base_url: str, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.held_on)
    event.add("dtend", meeting.held_on + datetime.timedelta(days=1))
    event.add("summary", _("Styrgruppsmöte: %(title)s") % {"title": meeting.title})
    event.add("categories", [MEETING])
    url = base_url + meeting.get_absolute_url()
    group = meeting.steering_group or meeting.management_object or meeting.project
    event.add("description", "\n".join(str(part) for part in (group, url) if part))
    event.add("url", url)
    if meeting.place:
        event.add("location", meeting.place)
    return event


def plan_calendar(plan: Plan, user) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//Planering//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(plan))
    stamp = _stamp()
    for release in plan.releases.select_related("plan").prefetch_related("systems"):
        calendar.add_component(release_event(release, "", stamp))
    for meeting in services.meetings_of(plan).for_user(user).filter(
            archived_at__isnull=True).select_related(
            "steering_group", "management_object", "project"):
        calendar.add_component(meeting_event(meeting, "", stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def group_calendar(group, user) -> bytes:
    """A family's, portfolio's or programme's steering group: its meetings."""
    calendar = Calendar()
    calendar.add("prodid", "-//Samverkan//Planering//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(group))
    stamp = _stamp()
    for meeting in Meeting.objects.for_user(user).filter(
            steering_group=group, archived_at__isnull=True).select_related("steering_group"):
        calendar.add_component(meeting_event(meeting, "", stamp))
    return calendar.to_ical()


def organisation_events(organisation, user, first: datetime.date, last: datetime.date,
                        base_url: str) -> list[Event]:
    """What concerns `organisation` of what `user` sees: meetings of its own and its
    cooperations' steering groups; releases and agreed service windows of their plans and of
    the systems it owns or uses (a municipality's own wishes for a window are not events)."""
    meetings = Meeting.objects.for_user(user).filter(
        archived_at__isnull=True, held_on__range=(first, last))
    releases = Release.objects.for_user(user).filter(
        plan__archived_at__isnull=True, preferred_by__isnull=True).exclude(
        plan__state=Plan.State.REVISED).filter(
        Q(recurrence="", starts_at__date__range=(first, last))
        | (~Q(recurrence="") & Q(starts_at__date__lte=last)))
    if organisation is not None:
        circle = related_organisation_ids(organisation.pk)
        meetings = meetings.filter(organisation_id__in=circle)
        releases = releases.filter(
            Q(plan__organisation_id__in=circle) | Q(systems__organisation=organisation)
            | Q(systems__usages__organisation=organisation)).distinct()
    stamp = _stamp()
    found = [meeting_event(m, base_url, stamp) for m in meetings.select_related(
        "steering_group", "management_object", "project")]
    found += [release_event(r, base_url, stamp) for r in releases.select_related(
        "plan").prefetch_related("systems")]
    return found
