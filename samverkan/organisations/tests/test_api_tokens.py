"""A hardened API: 401 with WWW-Authenticate for a bad token (a request without credentials
stays 403, as the API's permission tests expect); tokens that expire, that their user
and administrators revoke (page and API), that end with a new password, a deactivated account or
a locked-out login; login throttling that sees the client's address behind the proxies."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.db import DataError
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from samverkan.core.api import exception_handler
from samverkan.core.authentication import issue_token
from samverkan.testing.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def api(token) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}")


@pytest.mark.parametrize("header", ["Token fel", "Token ", "Token a b"])
def test_a_bad_token_gets_401_with_a_challenge(db, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/systems/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_at_all_is_still_403_like_every_page_of_the_api(db):
    assert Client().get("/api/systems/").status_code == 403


@pytest.mark.parametrize("method", ["PATCH", "PUT", "POST"])
def test_a_list_instead_of_an_object_is_a_400_not_a_500(editor, laxa, method):
    url = f"/api/organisations/{laxa.pk}/" if method != "POST" else "/api/systems/"
    response = api(issue_token(editor)).generic(method, url, json.dumps([{"name": "x"}]),
                                                content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_token_expires_after_the_configured_days_and_a_new_one_is_issued(editor, settings):
    settings.SAMVERKAN_API_TOKEN_DAYS = 7
    token = issue_token(editor)
    assert api(token).get("/api/systems/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - datetime.timedelta(days=8))
    expired = api(token).get("/api/systems/")
    assert expired.status_code == 401 and "gått ut" in expired.json()["detail"]
    fresh = Client().post("/api/auth/token/", {"username": "editor", "password": PASSWORD})
    assert fresh.json()["token"] != token.key
    assert api(Token.objects.get(user=editor)).get("/api/systems/").status_code == 200


def test_a_user_revokes_their_own_token_in_the_api(editor):
    token = issue_token(editor)
    assert api(token).delete(f"/api/auth/tokens/{editor.pk}/").status_code == 204
    assert api(token).get("/api/systems/").status_code == 401


def test_an_administrator_revokes_the_token_of_a_user_they_manage_but_not_others(
        org_admin, editor, outsider):
    admin_token = issue_token(org_admin)
    editor_token, outsider_token = issue_token(editor), issue_token(outsider)
    assert api(admin_token).delete(f"/api/auth/tokens/{outsider.pk}/").status_code == 403
    assert api(outsider_token).get("/api/systems/").status_code == 200
    assert api(admin_token).delete(f"/api/auth/tokens/{editor.pk}/").status_code == 204
    assert api(editor_token).get("/api/systems/").status_code == 401


def test_the_token_page_creates_shows_and_revokes(client, editor, org_admin):
    client.force_login(editor)
    created = client.post("/organisationer/api-nycklar/", {"user": editor.pk, "action": "create"},
                          follow=True)
    key = Token.objects.get(user=editor).key
    assert key in created.content.decode()
    client.post("/organisationer/api-nycklar/", {"user": editor.pk, "action": "revoke"})
    assert not Token.objects.filter(user=editor).exists()

    issue_token(editor)
    client.force_login(org_admin)
    page = client.get("/organisationer/api-nycklar/").content.decode()
    assert "Nycklar för användare du administrerar" in page and "editor" in page
    client.post("/organisationer/api-nycklar/", {"user": editor.pk, "action": "revoke"})
    assert not Token.objects.filter(user=editor).exists()


def test_the_token_page_refuses_to_revoke_for_a_user_one_does_not_manage(client, editor, outsider):
    issue_token(outsider)
    client.force_login(editor)
    response = client.post("/organisationer/api-nycklar/", {"user": outsider.pk,
                                                            "action": "revoke"})
    assert response.status_code == 403 and Token.objects.filter(user=outsider).exists()


def test_a_new_password_or_a_deactivated_account_ends_the_token(editor, reader):
    token = issue_token(editor)
    editor.set_password("ett helt nytt lösenord")
    editor.save()
    assert api(token).get("/api/systems/").status_code == 401
    other = issue_token(reader)
    reader.first_name = "Ny"
    reader.save()  # other changes keep it
    assert api(other).get("/api/systems/").status_code == 200
    reader.is_active = False
    reader.save()
    assert not Token.objects.filter(user=reader).exists()


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True  # the shared test set-up switches the lock-out off


def _fail_logins(client, username, times, **meta):
    return [client.post("/konto/logga-in/", {"username": username, "password": "fel"}, **meta
                        ).status_code for _ in range(times)]


def test_a_locked_out_login_stops_its_token_from_that_address(editor, settings, axes_on):
    token = issue_token(editor)
    _fail_logins(Client(), "editor", settings.AXES_FAILURE_LIMIT)
    assert api(token).get("/api/systems/").status_code == 401
    elsewhere = Client(HTTP_AUTHORIZATION=f"Token {token.key}", REMOTE_ADDR="198.51.100.7")
    assert elsewhere.get("/api/systems/").status_code == 200


BEHIND_PROXY = {"REMOTE_ADDR": "127.0.0.1"}


def test_behind_the_proxy_one_attacker_locks_out_only_their_own_address(editor, settings, axes_on):
    settings.SAMVERKAN_PROXY_COUNT = 1
    attacker = Client()
    statuses = _fail_logins(attacker, "editor", settings.AXES_FAILURE_LIMIT + 1,
                            HTTP_X_FORWARDED_FOR="203.0.113.66", **BEHIND_PROXY)
    assert statuses[-1] == 429
    colleague = Client()
    response = colleague.post("/konto/logga-in/", {"username": "editor", "password": PASSWORD},
                              HTTP_X_FORWARDED_FOR="192.0.2.10", **BEHIND_PROXY)
    assert response.status_code == 302 and "_auth_user_id" in colleague.session


def test_a_forged_forwarded_for_does_not_buy_more_tries(editor, settings, axes_on):
    settings.SAMVERKAN_PROXY_COUNT = 1
    client = Client()
    statuses = [client.post("/konto/logga-in/", {"username": "editor", "password": "fel"},
                            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.66", **BEHIND_PROXY
                            ).status_code for n in range(settings.AXES_FAILURE_LIMIT + 2)]
    assert statuses[-1] == 429  # the proxy's entry counts, not what the client wrote before it


def test_trusted_proxy_addresses_are_skipped_from_the_right(editor, settings, axes_on):
    settings.SAMVERKAN_TRUSTED_PROXIES = ["127.0.0.0/8", "10.0.0.0/8"]
    statuses = [Client().post("/konto/logga-in/", {"username": "editor", "password": "fel"},
                              HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.66, 10.0.0.5",
                              **BEHIND_PROXY).status_code
                for n in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert statuses[-1] == 429
    fine = Client().post("/konto/logga-in/", {"username": "editor", "password": PASSWORD},
                         HTTP_X_FORWARDED_FOR="192.0.2.10, 10.0.0.5", **BEHIND_PROXY)
    assert fine.status_code == 302


def test_without_proxy_settings_the_header_is_ignored(db, settings, axes_on):
    UserFactory(username="anna")
    statuses = [Client().post("/konto/logga-in/", {"username": "anna", "password": "fel"},
                              HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
                for n in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert statuses[-1] == 429


@pytest.mark.parametrize("query", ["management_object=-233115011908250693009408",
                                   "organisation=99999999999999999999"])
def test_a_number_beyond_what_the_database_holds_is_never_a_500(editor, query):
    response = api(issue_token(editor)).get(f"/api/reconciliation/?{query}")
    assert response.status_code in (200, 400)  # PostgreSQL finds nothing, SQLite cannot ask


@pytest.mark.parametrize("error", [OverflowError("Python int too large to convert"),
                                   DataError("value too long for type character varying(200)")])
def test_what_the_database_cannot_hold_is_the_clients_mistake(error):
    response = exception_handler(error, {})
    assert response.status_code == 400 and "för stort" in str(response.data)
