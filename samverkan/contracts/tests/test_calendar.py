"""The contract calendar page and the iCalendar feed behind a secret link."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from samverkan.contracts import calendar_feed
from samverkan.contracts.models import CalendarToken
from samverkan.testing.factories import ContractFactory, ContractPartyFactory

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("contracts:calendar_feed", args=[token])


@pytest.fixture
def renewing(laxa):
    # renews every 31 December, three months' notice: a deadline every 30 September
    return ContractFactory(organisation=laxa, title="Skolplattform", number="K-1",
                           start_date=datetime.date(2020, 1, 1),
                           original_end_date=datetime.date(2022, 12, 31),
                           renewal_period_months=12, notice_period_months=3,
                           internal_lead_days=14)


def events_of(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_a_token_link_gives_the_organisations_deadlines_without_login(renewing, editor, laxa,
                                                                      client):
    token = calendar_feed.issue_token(editor, laxa)
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    events = events_of(response.content)
    summaries = {str(e["SUMMARY"]) for e in events}
    assert "Sista dag att säga upp: K-1 Skolplattform" in summaries
    assert "Egen sista dag för beslut om uppsägning: K-1 Skolplattform" in summaries
    notice = next(e for e in events if str(e["SUMMARY"]).startswith("Sista dag"))
    assert notice.decoded("DTSTART").month == 9 and notice.decoded("DTSTART").day == 30
    assert str(notice["UID"]).startswith(f"avtal-{renewing.pk}-uppsagning-")
    assert CalendarToken.objects.get(user=editor).last_used_at is not None


@pytest.mark.parametrize("token", ["fel", "x" * 43, "x" * 500])
def test_a_wrong_token_gives_404(renewing, editor, laxa, client, token):
    calendar_feed.issue_token(editor, laxa)
    assert client.get(feed_url(token)).status_code == 404


def test_only_the_hash_of_the_token_is_stored(editor, laxa):
    token = calendar_feed.issue_token(editor, laxa)
    stored = CalendarToken.objects.get(user=editor)
    assert token not in stored.token_sha256 and len(stored.token_sha256) == 64


def test_rotating_a_link_stops_the_old_one(renewing, editor, laxa, client):
    old = calendar_feed.issue_token(editor, laxa)
    new = calendar_feed.issue_token(editor, laxa)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarToken.objects.filter(user=editor).count() == 1


def test_a_deactivated_users_link_stops_working(renewing, editor, laxa, client):
    token = calendar_feed.issue_token(editor, laxa)
    editor.is_active = False
    editor.save()
    assert client.get(feed_url(token)).status_code == 404


def test_the_feed_follows_the_token_users_permission_layer(renewing, editor, laxa, client,
                                                           monkeypatch):
    token = calendar_feed.issue_token(editor, laxa)
    seen = []
    original = calendar_feed.Contract.objects.for_user

    def spy(user, *args):
        seen.append(user)
        return original(user, *args)

    monkeypatch.setattr(calendar_feed.Contract.objects, "for_user", spy)
    client.get(feed_url(token))
    assert seen == [editor]


def test_the_feed_holds_the_organisations_own_and_party_contracts_only(
        renewing, laxa, hallsberg, cooperation, outsider, client):
    joint = ContractFactory(organisation=cooperation, title="Gemensamt", number="K-2")
    ContractPartyFactory(contract=joint, organisation=laxa)
    ContractFactory(organisation=hallsberg, title="Annans", number="K-3")
    archived = ContractFactory(organisation=laxa, title="Arkiverat", number="K-4")
    archived.archived_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    archived.save()
    token = calendar_feed.issue_token(outsider, laxa)  # any signed-in user may subscribe
    body = client.get(feed_url(token)).content.decode()
    assert "K-1" in body and "K-2" in body
    assert "K-3" not in body and "K-4" not in body


def test_the_token_page_shows_a_new_link_once(editor, laxa, client_for):
    client = client_for(editor)
    response = client.post(reverse("contracts:calendar_tokens"),
                           {"action": "create", "organisation": laxa.pk})
    assert response.status_code == 200
    page = response.content.decode()
    link = page.split('id="new-link" type="text" readonly value="')[1].split('"')[0]
    assert link.startswith("http://testserver/avtal/kalender/") and link.endswith(".ics")
    assert client.get(link).status_code == 200
    again = client.get(reverse("contracts:calendar_tokens")).content.decode()
    assert link not in again and "Laxå" in again


def test_rotate_and_delete_on_the_token_page(editor, laxa, client_for):
    client = client_for(editor)
    old = calendar_feed.issue_token(editor, laxa)
    token = CalendarToken.objects.get(user=editor)
    response = client.post(reverse("contracts:calendar_tokens"),
                           {"action": "rotate", "token": token.pk})
    assert response.status_code == 200 and "new-link" in response.content.decode()
    assert calendar_feed.find_token(old) is None
    response = client.post(reverse("contracts:calendar_tokens"),
                           {"action": "delete", "token": token.pk})
    assert response.status_code == 302
    assert not CalendarToken.objects.filter(user=editor).exists()


def test_nobody_rotates_or_deletes_another_users_link(editor, outsider, laxa, client_for):
    calendar_feed.issue_token(editor, laxa)
    token = CalendarToken.objects.get(user=editor)
    for action in ("rotate", "delete"):
        response = client_for(outsider).post(reverse("contracts:calendar_tokens"),
                                             {"action": action, "token": token.pk})
        assert response.status_code == 404
    assert CalendarToken.objects.get(user=editor).token_sha256 == token.token_sha256


def test_anonymous_visitors_cannot_manage_links(client):
    response = client.get(reverse("contracts:calendar_tokens"))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_calendar_page_groups_events_by_month(renewing, editor, client_for):
    page = client_for(editor).get(reverse("contracts:calendar") + "?horisont=730")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sista dag för uppsägning" in text and "K-1 Skolplattform" in text
    assert "september" in text.lower()


def test_the_calendar_page_ignores_bad_parameters(renewing, editor, client_for):
    page = client_for(editor).get(reverse("contracts:calendar") + "?horisont=x&organisation=y")
    assert page.status_code == 200


def test_a_late_decision_is_red_and_says_its_period_and_what_to_do(renewing, editor, client_for,
                                                                   monkeypatch):
    """20 September 2026: the own last day (16 September) has passed, notice can still be
    given until 30 September, for the period ending 31 December 2026."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 20))
    page = client_for(editor).get(renewing.get_absolute_url()).content.decode()
    assert "2026-09-16" in page and "passerad" in page and "text-bg-danger" in page
    assert "för avtalsperioden som slutar 2026-12-31" in page
    assert "Beslut behövs före 2026-09-30" in page and "?kind=beslut" in page
    calendar = client_for(editor).get(reverse("contracts:calendar")).content.decode()
    assert "2026-09-16" in calendar and "passerad" in calendar
    assert "för avtalsperioden som slutar 2026-12-31" in calendar
    form = client_for(editor).get(reverse("contracts:document_add", args=[renewing.pk])
                                  + "?kind=beslut").content.decode()
    assert 'value="beslut" selected' in form


def test_a_decision_in_good_time_is_not_red(renewing, editor, client_for, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 9, 1))
    page = client_for(editor).get(renewing.get_absolute_url()).content.decode()
    assert "2026-09-16" in page and "passerad" not in page
