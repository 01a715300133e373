"""Planning's dates in the organisation calendar: the subscribed feed and the calendar page hold
the organisation's and its cooperation's steering-group meetings, and the releases and agreed
service windows of the systems it uses – a weekly window expanded at its local hour across
summer time – and nothing of another municipality's own meetings or a municipality's wishes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samverkan.contracts import calendar_feed
from samverkan.core import calendars
from samverkan.planning.calendar import organisation_events
from samverkan.planning.models import Release
from samverkan.testing.factories import (
    ManagementObjectFactory,
    SystemFactory,
    SystemUsageFactory,
)

from .factories import MeetingFactory, PlanFactory, ReleaseFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def dates(laxa, hallsberg, cooperation):
    today = timezone.localdate()
    coop_plan = PlanFactory(management_object=ManagementObjectFactory(
        organisation=cooperation, name="Lärplattform"), organisation=cooperation, year=today.year)
    system = SystemFactory(organisation=cooperation, name="Lärplattformen")
    SystemUsageFactory(system=system, organisation=laxa)
    start = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(18),
                                      tzinfo=STOCKHOLM)
    window = ReleaseFactory(plan=coop_plan, kind=Release.Kind.SERVICE_WINDOW,
                            title="Tisdagar 18–22", starts_at=start,
                            ends_at=start + datetime.timedelta(hours=4),
                            recurrence="FREQ=WEEKLY")
    window.systems.add(system)
    ReleaseFactory(plan=coop_plan, kind=Release.Kind.SERVICE_WINDOW, title="Laxås önskemål",
                   starts_at=start, recurrence="FREQ=WEEKLY", preferred_by=laxa)
    release = ReleaseFactory(plan=coop_plan, title="Version 5.3",
                             starts_at=start + datetime.timedelta(days=20))
    release.systems.add(system)
    coop_meeting = MeetingFactory(management_object=coop_plan.management_object,
                                  organisation=cooperation, title="Lärplattformens styrgrupp",
                                  held_on=today + datetime.timedelta(days=30), place="Hallsberg")
    MeetingFactory(management_object=ManagementObjectFactory(organisation=hallsberg),
                   organisation=hallsberg, title="Hallsbergs eget möte",
                   held_on=today + datetime.timedelta(days=10))
    return {"window": window, "release": release, "meeting": coop_meeting, "start": start}


def test_the_subscribed_feed_holds_the_meetings_and_windows_that_concern_the_organisation(
        dates, editor, laxa, client):
    token = calendar_feed.issue_token(editor, laxa)
    body = client.get(reverse("contracts:calendar_feed", args=[token])).content
    calendar = Calendar.from_ical(body)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Styrgruppsmöte: Lärplattformens styrgrupp",
                           "Servicefönster: Tisdagar 18–22", "Release: Version 5.3"}
    window = events["Servicefönster: Tisdagar 18–22"]
    assert window["RRULE"].to_ical() == b"FREQ=WEEKLY"
    assert window["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    meeting = events["Styrgruppsmöte: Lärplattformens styrgrupp"]
    assert str(meeting["LOCATION"]) == "Hallsberg"
    assert str(meeting["URL"]).endswith(dates["meeting"].get_absolute_url())


def test_a_members_feed_holds_its_own_meetings_and_its_cooperations(
        dates, outsider, hallsberg):
    today = timezone.localdate()
    found = organisation_events(hallsberg, outsider, today, today + datetime.timedelta(days=60),
                                "")
    summaries = {str(e["SUMMARY"]) for e in found}
    # Hallsberg is a member of the cooperation too: its steering group's meeting concerns it
    assert "Styrgruppsmöte: Hallsbergs eget möte" in summaries
    assert "Styrgruppsmöte: Lärplattformens styrgrupp" in summaries


def test_a_weekly_window_keeps_its_local_hour_across_summer_time(laxa, editor):
    plan = PlanFactory(management_object=ManagementObjectFactory(organisation=laxa),
                       organisation=laxa)
    start = datetime.datetime(2026, 3, 17, 18, 0, tzinfo=STOCKHOLM)  # winter time
    ReleaseFactory(plan=plan, kind=Release.Kind.SERVICE_WINDOW, title="Tisdagar",
                   starts_at=start, ends_at=start + datetime.timedelta(hours=4),
                   recurrence="FREQ=WEEKLY;BYDAY=TU")
    first, last = datetime.date(2026, 3, 16), datetime.date(2026, 4, 10)
    found = calendars.occurrences(organisation_events(laxa, editor, first, last, ""), first,
                                  last)
    assert [(o.day.isoformat(), o.time) for o in found] == [
        ("2026-03-17", "18:00–22:00"), ("2026-03-24", "18:00–22:00"),
        ("2026-03-31", "18:00–22:00"), ("2026-04-07", "18:00–22:00")]  # summer from 29 March
    assert all(o.recurring and o.kind == "servicefonster" for o in found)


def test_the_calendar_page_shows_the_meeting_in_its_month_and_the_recurring_window(
        dates, editor, client):
    client.force_login(editor)
    page = client.get(reverse("contracts:calendar"), {"horisont": 365}).content.decode()
    assert "Styrgruppsmöte: Lärplattformens styrgrupp" in page
    assert "Release: Version 5.3" in page
    assert 'id="recurring"' in page and "Servicefönster: Tisdagar 18–22" in page
    assert "Laxås önskemål" not in page
    assert "18:00–22:00" in page
