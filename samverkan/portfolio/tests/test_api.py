"""The REST API as a script uses it: a token, lists with filters and pages, and updates that
must name the version they start from so nobody overwrites a colleague's change."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from samverkan.portfolio.models import System
from samverkan.testing.factories import SystemFactory

pytestmark = pytest.mark.django_db

STALE = "Posten har ändrats av någon annan sedan du öppnade den."


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the token endpoint's rate limit counts in the cache
    yield
    cache.clear()


def token_client(user) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token.key}", enforce_csrf_checks=True)


def send(client, method, url, data=None, **headers):
    import json

    return client.generic(method, url, json.dumps(data or {}), content_type="application/json",
                          headers=headers)


# -- tokens -----------------------------------------------------------------------------------

def test_a_token_is_issued_for_good_credentials_and_opens_the_api(editor, laxa):
    SystemFactory(name="Procapita", organisation=laxa)
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/auth/token/", {"username": "editor",
                                                "password": "correct horse battery"})
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=editor).key
    again = client.post("/api/auth/token/", {"username": "editor",
                                             "password": "correct horse battery"})
    assert again.json()["token"] == token  # the same token, not a new one each time

    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    listed = api.get("/api/systems/")
    assert listed.status_code == 200
    assert [s["name"] for s in listed.json()["results"]] == ["Procapita"]


@pytest.mark.parametrize("credentials", [
    {"username": "editor", "password": "fel lösenord"},
    {"username": "ingen", "password": "correct horse battery"},
    {"username": "editor", "password": "correct horse battery "},  # passwords are not trimmed
])
def test_bad_credentials_get_no_token(editor, credentials):
    response = Client().post("/api/auth/token/", credentials)
    assert response.status_code == 400
    assert response.json() == {"detail": "Fel användarnamn eller lösenord."}
    assert not Token.objects.exists()


def test_an_inactive_user_gets_no_token(editor):
    editor.is_active = False
    editor.save()
    response = Client().post("/api/auth/token/", {"username": "editor",
                                                  "password": "correct horse battery"})
    assert response.status_code == 400 and not Token.objects.exists()


def test_missing_fields_are_named(db):
    response = Client().post("/api/auth/token/", {"username": "editor"})
    assert response.status_code == 400 and "password" in response.json()


def test_guessing_passwords_is_throttled(editor):
    client = Client()
    statuses = [client.post("/api/auth/token/", {"username": "editor", "password": f"gissning{n}"}
                            ).status_code for n in range(11)]
    assert statuses == [400] * 10 + [429]


@pytest.mark.parametrize("header", ["", "Token ", "Token fel", "Bearer x"])
def test_requests_without_a_valid_token_are_refused(editor, header):
    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get("/api/systems/")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_a_token_client_writes_without_a_csrf_token_but_a_session_needs_one(editor, laxa):
    response = send(token_client(editor), "POST", "/api/systems/",
                    {"name": "Via token", "organisation": laxa.pk})
    assert response.status_code == 201
    session = Client(enforce_csrf_checks=True)
    session.force_login(editor)
    refused = send(session, "POST", "/api/systems/", {"name": "Via cookie", "organisation": laxa.pk})
    assert refused.status_code == 403
    assert list(System.objects.values_list("name", flat=True)) == ["Via token"]


# -- lists: pages and filters -----------------------------------------------------------------

def test_lists_are_paginated_by_fifty(reader, laxa):
    SystemFactory.create_batch(60, organisation=laxa)
    client = token_client(reader)
    first = client.get("/api/systems/").json()
    assert (first["count"], len(first["results"]), first["previous"]) == (60, 50, None)
    second = client.get(first["next"]).json()
    assert (len(second["results"]), second["next"]) == (10, None)
    names = {s["name"] for s in first["results"]} | {s["name"] for s in second["results"]}
    assert len(names) == 60


def test_lists_filter_by_text_owner_and_more(reader, laxa, hallsberg):
    SystemFactory(name="Procapita Laxå", organisation=laxa, lifecycle="avveckling")
    SystemFactory(name="Procapita Hallsberg", organisation=hallsberg, criticality="kritisk")
    SystemFactory(name="Infomentor", organisation=hallsberg, description="Lärplattform")
    SystemFactory(name="Gammalt", organisation=laxa, archived_at=timezone.now())
    client = token_client(reader)

    def names(query):
        response = client.get(f"/api/systems/?{query}")
        assert response.status_code == 200, response.content
        return sorted(s["name"] for s in response.json()["results"])

    assert names("q=procapita") == ["Procapita Hallsberg", "Procapita Laxå"]
    assert names("q=lärplattform") == ["Infomentor"]  # the description is searched too
    assert names(f"organisation={hallsberg.pk}") == ["Infomentor", "Procapita Hallsberg"]
    assert names(f"organisation={hallsberg.pk}&q=procapita") == ["Procapita Hallsberg"]
    assert names("lifecycle=avveckling") == ["Procapita Laxå"]
    assert names("criticality=kritisk") == ["Procapita Hallsberg"]
    assert names("ordering=-name") == ["Procapita Laxå", "Procapita Hallsberg", "Infomentor"][::-1]
    assert "Gammalt" in names("archived=true")
    assert client.get("/api/systems/?organisation=999999").status_code == 400


def test_organisations_and_people_filter_too(reader, laxa, hallsberg, cooperation):
    client = token_client(reader)
    response = client.get("/api/organisations/?q=hall").json()
    assert [o["name"] for o in response["results"]] == ["Hallsberg"]
    kinds = client.get("/api/organisations/?kind=gemensam_namnd").json()["results"]
    assert [o["name"] for o in kinds] == ["Sydnärkes IT-nämnd"]
    assert sorted(m["member"] for m in kinds[0]["members"]) == sorted([laxa.pk, hallsberg.pk])


# -- lost updates -----------------------------------------------------------------------------

@pytest.fixture
def system(laxa):
    return SystemFactory(name="Procapita", organisation=laxa, criticality="medel")


def reloaded(system):
    return System.objects.get(pk=system.pk)


def test_reading_a_record_gives_its_version_as_etag(editor, system):
    response = token_client(editor).get(f"/api/systems/{system.pk}/")
    assert response["ETag"] == '"1"' and response.json()["version"] == 1


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_an_update_without_a_version_is_refused_with_428(editor, system, method):
    response = send(token_client(editor), method, f"/api/systems/{system.pk}/",
                    {"name": "Utan version", "organisation": system.organisation_id})
    assert response.status_code == 428
    assert "version" in response.json()["detail"]
    assert (reloaded(system).name, reloaded(system).version) == ("Procapita", 1)


@pytest.mark.parametrize("how", ["if-match", "weak-if-match", "body"])
def test_a_stale_version_is_refused_with_412_and_nothing_changes(editor, system, how):
    client = token_client(editor)
    assert send(client, "PATCH", f"/api/systems/{system.pk}/",
                {"criticality": "hog", "version": 1}).status_code == 200  # a colleague, first
    headers = {"if-match": {"If-Match": '"1"'}, "weak-if-match": {"If-Match": 'W/"1"'},
               "body": {}}[how]
    data = {"name": "Min ändring"} | ({"version": 1} if how == "body" else {})
    response = send(client, "PATCH", f"/api/systems/{system.pk}/", data, **headers)
    assert response.status_code == 412
    assert STALE in response.json()["detail"]
    assert (reloaded(system).name, reloaded(system).criticality, reloaded(system).version) == (
        "Procapita", "hog", 2)


def test_the_current_version_saves_and_counts_up(editor, system, laxa):
    client = token_client(editor)
    response = send(client, "PATCH", f"/api/systems/{system.pk}/", {"name": "Edlevo"},
                    **{"If-Match": '"1"'})
    assert response.status_code == 200
    assert (response.json()["version"], response["ETag"]) == (2, '"2"')
    put = send(client, "PUT", f"/api/systems/{system.pk}/",
               {"name": "Edlevo", "organisation": laxa.pk, "lifecycle": "drift", "version": 2})
    assert put.status_code == 200 and put.json()["version"] == 3
    assert put.json()["criticality"] == "medel"  # optional fields left out keep their value
    assert reloaded(system).history.first().history_user == editor  # history knows who


def test_delete_archives_and_the_record_stays(editor, system):
    client = token_client(editor)
    assert send(client, "DELETE", f"/api/systems/{system.pk}/").status_code == 428
    assert send(client, "DELETE", f"/api/systems/{system.pk}/",
                **{"If-Match": '"7"'}).status_code == 412
    assert send(client, "DELETE", f"/api/systems/{system.pk}/",
                **{"If-Match": '"1"'}).status_code == 204
    assert send(client, "DELETE", f"/api/systems/{system.pk}/",
                **{"If-Match": '"2"'}).status_code == 400  # archived already: its date stays
    archived = reloaded(system)
    assert archived.archived_at is not None and archived.version == 2
    assert client.get("/api/systems/").json()["count"] == 0
    assert client.get(f"/api/systems/{system.pk}/").json()["archived_at"] is not None
    assert [s["id"] for s in client.get("/api/systems/?archived=true").json()["results"]] == [
        system.pk]


def test_validation_errors_are_field_by_field_in_swedish(editor):
    response = send(token_client(editor), "POST", "/api/suppliers/",
                    {"name": "Tietoevry", "org_number": "556071-5211"})
    assert response.status_code == 400
    assert response.json() == {"org_number": [
        "556071-5211 är inte ett giltigt organisationsnummer (NNNNNN-NNNN)."]}


def test_a_rule_of_the_model_is_kept_through_the_api(editor, laxa):
    response = send(token_client(editor), "POST", "/api/systems/", {
        "name": "Molnet", "organisation": laxa.pk, "personal_data": True, "hosting": "saas",
        "dpa": "ej_aktuellt"})
    assert response.status_code == 400
    assert "personuppgiftsbiträdesavtal" in response.json()["dpa"][0]
    assert not System.objects.exists()


# -- the same protection in the pages ---------------------------------------------------------

def test_a_stale_edit_form_shows_the_swedish_message_and_saves_nothing(editor, system, laxa,
                                                                       client_for):
    client = client_for(editor)
    form = {"name": "Min ändring", "organisation": laxa.pk, "lifecycle": "drift",
            "personal_data": "unknown", "expected_version": 1}
    colleague = reloaded(system)
    colleague.criticality = "hog"
    from samverkan.core.services import save_record

    save_record(editor, colleague, expected_version=1)

    response = client.post(reverse("portfolio:system_edit", args=[system.pk]), form)
    assert response.status_code == 400
    page = response.content.decode()
    assert STALE in page and "Ladda om sidan" in page
    assert (reloaded(system).name, reloaded(system).version) == ("Procapita", 2)


def test_a_stale_archive_is_refused_with_the_message(editor, system, client_for):
    client = client_for(editor)
    send(token_client(editor), "PATCH", f"/api/systems/{system.pk}/", {"name": "Ny",
                                                                      "version": 1})
    response = client.post(reverse("portfolio:system_archive", args=[system.pk]),
                           {"expected_version": 1}, follow=True)
    assert STALE in response.content.decode()
    assert reloaded(system).archived_at is None


def test_the_schema_describes_every_foundation_endpoint(reader):
    response = token_client(reader).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    import json

    paths = json.loads(response.content)["paths"]
    for resource in ("organisations", "people", "capabilities", "suppliers", "products",
                     "systems", "management-objects"):
        assert f"/api/{resource}/" in paths and f"/api/{resource}/{{id}}/" in paths
    assert "/api/auth/token/" in paths


def test_the_api_root_needs_credentials(db):
    assert Client().get("/api/").status_code in (401, 403)


def test_the_schema_needs_credentials(db):
    assert Client().get("/api/schema/").status_code in (401, 403)


def test_a_stale_form_for_a_part_is_refused_and_so_is_a_stale_removal(editor, system, laxa,
                                                                    hallsberg, client_for):
    from samverkan.core.services import save_child
    from samverkan.portfolio.models import SystemUsage
    from samverkan.testing.factories import SystemUsageFactory

    usage = SystemUsageFactory(system=system, organisation=hallsberg, users=10)
    client = client_for(editor)
    url = reverse("portfolio:usage_edit", args=[system.pk, usage.pk])
    assert 'name="expected_version" value="1"' in client.get(url).content.decode()
    colleague = SystemUsage.objects.get(pk=usage.pk)
    colleague.users = 20
    save_child(editor, colleague, system, expected_version=1)
    response = client.post(url, {"organisation": hallsberg.pk, "users": 30,
                                 "expected_version": 1})
    assert response.status_code == 400 and STALE in response.content.decode()
    assert SystemUsage.objects.get(pk=usage.pk).users == 20
    delete = reverse("portfolio:usage_delete", args=[system.pk, usage.pk])
    response = client.post(delete, {"expected_version": 1})
    assert response.status_code == 400 and STALE in response.content.decode()
    assert SystemUsage.objects.filter(pk=usage.pk).exists()
    assert client.post(delete, {"expected_version": 2}).status_code == 302
    assert not SystemUsage.objects.filter(pk=usage.pk).exists()
