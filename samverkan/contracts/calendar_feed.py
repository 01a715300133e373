"""The per-organisation iCalendar feed of notice deadlines and term ends, and the secret links
that Outlook subscribes to. Only a link's SHA-256 is stored."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from samverkan.core import calendars

from . import services
from .models import CalendarToken, Contract

PAST_DAYS = 31  # keep last month's deadlines visible in the subscribed calendar
FUTURE_DAYS = 2 * 366


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(user, organisation) -> str:
    """A new secret for (organisation, user); an earlier link for the same pair stops working."""
    token = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        organisation=organisation, user=user, defaults={"token_sha256": _digest(token)})
    return token


def find_token(token: str) -> CalendarToken | None:
    if not token or len(token) > 100:
        return None
    found = CalendarToken.objects.select_related("user", "organisation").filter(
        token_sha256=_digest(token)).first()
    if found is not None:
        CalendarToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found


def contracts_for(token: CalendarToken):
    """What the token's user may see of the contracts the organisation owns or is party to."""
    organisation = token.organisation
    return Contract.objects.for_user(token.user).filter(archived_at__isnull=True).filter(
        Q(organisation=organisation) | Q(parties__organisation=organisation)
    ).distinct().select_related("organisation", "supplier").prefetch_related("extension_options")


SUMMARIES = {
    services.EventKind.INTERNAL_DEADLINE: gettext_noop(
        "Egen sista dag för beslut om uppsägning: %(contract)s"),
    services.EventKind.NOTICE_DEADLINE: gettext_noop("Sista dag att säga upp: %(contract)s"),
    services.EventKind.TERM_END: gettext_noop("Avtalstiden löper ut: %(contract)s"),
}


def feed(token: CalendarToken, base_url: str) -> bytes:
    today = timezone.localdate()
    first = today - datetime.timedelta(days=PAST_DAYS)
    last = today + datetime.timedelta(days=FUTURE_DAYS)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    with override("sv"):
        calendar = Calendar()
        calendar.add("prodid", "-//Samverkan//Avtalskalender//SV")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Avtal – %(organisation)s") % {
            "organisation": token.organisation})
        for contract in contracts_for(token):
            for event in services.events(contract, first, last):
                calendar.add_component(_event(event, base_url, stamp))
        for event in calendars.events(token.organisation, token.user, first, last, base_url):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(event: services.Event, base_url: str, stamp: datetime.datetime) -> CalendarEvent:
    contract = event.contract
    entry = CalendarEvent()
    entry.add("uid", event.uid)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.day)
    entry.add("dtend", event.day + datetime.timedelta(days=1))
    entry.add("summary", _(SUMMARIES[event.kind]) % {"contract": contract})
    url = base_url + reverse("contracts:contract", args=[contract.pk])
    lines = [_("Leverantör: %(supplier)s") % {"supplier": contract.supplier},
             _("Ägare: %(organisation)s") % {"organisation": contract.organisation}]
    if event.term_end:
        lines.append(_("Avtalstiden som avses slutar %(date)s.") % {
            "date": event.term_end.isoformat()})
    lines.append(url)
    entry.add("description", "\n".join(lines))
    entry.add("url", url)
    entry.add("transp", "TRANSPARENT")
    return entry
