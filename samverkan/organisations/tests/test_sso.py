"""Roles from a single sign-on provider's group claim, as plain functions: the role map's format,
and granting, changing and removing roles at each login."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from samverkan.core.permissions import Role
from samverkan.organisations import oidc
from samverkan.organisations.models import OrganisationRole
from samverkan.testing.factories import OrganisationFactory, UserFactory

MAP = oidc.parse_role_map(
    "samverkan-laxa-redaktor=1860:redaktör; samverkan-laxa-admin=1860:administrator\n"
    "CN=IT,OU=Grupper,DC=hallsberg,DC=se=Hallsberg:läsare;"
    "samverkan-samverkan-lasare=556677-8899:1")


def test_the_role_map_reads_every_entry():
    assert MAP == [
        oidc.RoleRule("samverkan-laxa-redaktor", "1860", Role.EDITOR),
        oidc.RoleRule("samverkan-laxa-admin", "1860", Role.ADMIN),
        oidc.RoleRule("CN=IT,OU=Grupper,DC=hallsberg,DC=se", "Hallsberg", Role.READER),
        oidc.RoleRule("samverkan-samverkan-lasare", "556677-8899", Role.READER),
    ]


@pytest.mark.parametrize("entry", ["utan-mal", "grupp=1860", "grupp=1860:chef", "=1860:läsare",
                                   "grupp=:läsare"])
def test_a_malformed_entry_is_an_error_that_names_it(entry):
    with pytest.raises(ImproperlyConfigured, match="felaktig post"):
        oidc.parse_role_map(f"ok=1860:läsare; {entry}")


def test_the_highest_role_wins_and_a_single_string_claim_counts():
    claims = {"groups": ["samverkan-laxa-redaktor", "samverkan-laxa-admin", "annat"]}
    assert oidc.roles_from_claims(claims, "groups", MAP) == {"1860": Role.ADMIN}
    assert oidc.roles_from_claims({"roles": "samverkan-laxa-redaktor"}, "roles", MAP) == {
        "1860": Role.EDITOR}
    assert oidc.roles_from_claims({}, "groups", MAP) == {}


@pytest.fixture
def orgs(db):
    return {
        "laxa": OrganisationFactory(name="Laxå", municipality_code="1860"),
        "hallsberg": OrganisationFactory(name="Hallsberg", municipality_code="1861"),
        "lekeberg": OrganisationFactory(name="Lekeberg", municipality_code="1814"),
    }


def _roles(user):
    return dict(OrganisationRole.objects.filter(user=user)
                .values_list("organisation__name", "role"))


def test_roles_are_granted_changed_and_removed_with_the_claim(orgs):
    user = UserFactory()
    OrganisationRole.objects.create(user=user, organisation=orgs["lekeberg"], role=Role.EDITOR)

    granted = oidc.sync_roles(user, {"groups": ["samverkan-laxa-redaktor",
                                                 "CN=IT,OU=Grupper,DC=hallsberg,DC=se"]},
                              "groups", MAP)
    assert granted == {"Laxå": "granted", "Hallsberg": "granted"}
    assert _roles(user) == {"Laxå": Role.EDITOR, "Hallsberg": Role.READER,
                            "Lekeberg": Role.EDITOR}

    changed = oidc.sync_roles(user, {"groups": ["samverkan-laxa-admin",
                                                "CN=IT,OU=Grupper,DC=hallsberg,DC=se"]},
                              "groups", MAP)
    assert changed == {"Laxå": "changed"}
    assert _roles(user)["Laxå"] == Role.ADMIN

    removed = oidc.sync_roles(user, {"groups": []}, "groups", MAP)
    assert removed == {"Laxå": "removed", "Hallsberg": "removed"}
    # a role in an organisation the map does not name is managed in Samverkan, not by the claim
    assert _roles(user) == {"Lekeberg": Role.EDITOR}
    assert oidc.sync_roles(user, {}, "groups", MAP) == {}


def test_the_change_is_in_the_role_history_as_made_by_the_user(orgs):
    user = UserFactory()
    oidc.sync_roles(user, {"groups": ["samverkan-laxa-redaktor"]}, "groups", MAP)
    history = OrganisationRole.history.filter(user=user).latest("history_date")
    assert history.history_user == user


def test_providers_come_from_settings_and_are_checked(settings):
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": {
        "CLIENT_ID": "c", "CLIENT_SECRET": "s", "AUTHORIZATION_ENDPOINT": "https://idp/auth",
        "TOKEN_ENDPOINT": "https://idp/token", "USER_ENDPOINT": "https://idp/me",
        "ROLE_MAP": "g=1860:läsare", "USERNAME_CLAIM": "preferred_username"}}
    provider = oidc.providers()["laxa"]
    assert (provider.label, provider.sign_algo, provider.username_claim, provider.roles_claim) == (
        "Laxa", "RS256", "preferred_username", "groups")
    assert provider.setting("OIDC_USE_PKCE") is True
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": {"CLIENT_ID": "c"}}
    with pytest.raises(ImproperlyConfigured, match="CLIENT_SECRET"):
        oidc.providers()


def _provider_settings(label):
    return {"LABEL": label, "CLIENT_ID": "c", "CLIENT_SECRET": "s",
            "AUTHORIZATION_ENDPOINT": "https://idp/auth", "TOKEN_ENDPOINT": "https://idp/token",
            "USER_ENDPOINT": "https://idp/me"}


def test_the_login_page_has_one_button_per_provider(client, settings, db):
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": _provider_settings("Laxå kommun"),
                                         "hallsberg": _provider_settings("Hallsbergs kommun")}
    page = client.get("/konto/logga-in/").content.decode()
    assert 'href="/oidc/laxa/logga-in/"' in page and "Logga in med Laxå kommun" in page
    assert 'href="/oidc/hallsberg/logga-in/"' in page and 'name="password"' in page
    start = client.get("/oidc/laxa/logga-in/")
    assert start.status_code == 302 and start["Location"].startswith("https://idp/auth?")
    assert "code_challenge=" in start["Location"] and "client_id=c" in start["Location"]
    assert client.get("/oidc/okand/logga-in/").status_code == 404


def test_password_login_can_be_switched_off(client, settings, editor):
    settings.SAMVERKAN_PASSWORD_LOGIN = False
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": _provider_settings("Laxå kommun")}
    editor.set_password("correct horse battery")
    editor.save()
    page = client.get("/konto/logga-in/").content.decode()
    assert 'name="password"' not in page and "Logga in med Laxå kommun" in page
    response = client.post("/konto/logga-in/", {"username": editor.username,
                                                "password": "correct horse battery"})
    assert response.status_code == 405 and "_auth_user_id" not in client.session
    assert not client.login(username=editor.username, password="correct horse battery")


def test_a_mistake_in_the_provider_settings_is_a_system_check_error(settings):
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": {**_provider_settings("Laxå"),
                                                  "ROLE_MAP": "grupp=1860:chef"}}
    errors = oidc.check_providers(None)
    assert [e.id for e in errors] == ["samverkan.E001"] and "grupp=1860:chef" in errors[0].msg
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": _provider_settings("Laxå")}
    assert oidc.check_providers(None) == []


def _backend(settings, **extra):
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": {**_provider_settings("Laxå"), **extra}}
    backend = oidc.ProviderBackend()
    backend.provider = oidc.providers()["laxa"]
    return backend


def test_users_are_matched_by_the_configured_claim(settings, orgs):
    existing = UserFactory(username="anna", email="")
    backend = _backend(settings, USERNAME_CLAIM="preferred_username",
                       ROLE_MAP="samverkan-laxa-redaktor=1860:redaktör")
    claims = {"preferred_username": "ANNA", "email": "anna@laxa.se",
              "groups": ["samverkan-laxa-redaktor"]}
    assert backend.verify_claims(claims) and not backend.verify_claims({"email": "x@y.se"})
    assert list(backend.filter_users_by_claims(claims)) == [existing]
    backend.update_user(existing, claims)
    existing.refresh_from_db()
    assert existing.email == "anna@laxa.se" and _roles(existing) == {"Laxå": Role.EDITOR}


def test_a_new_user_is_created_without_a_password_and_with_the_mapped_roles(settings, orgs):
    backend = _backend(settings, ROLE_MAP="samverkan-laxa-admin=1860:administratör")
    claims = {"email": "bo@laxa.se", "given_name": "Bo", "groups": "samverkan-laxa-admin"}
    assert not backend.filter_users_by_claims(claims).exists()
    user = backend.create_user(claims)
    assert (user.username, user.first_name, user.has_usable_password()) == ("bo@laxa.se", "Bo",
                                                                            False)
    assert _roles(user) == {"Laxå": Role.ADMIN}
    assert list(backend.filter_users_by_claims({"email": "BO@laxa.se"})) == [user]


def test_the_backend_answers_only_the_callback_of_a_single_sign_on(rf, db):
    request = rf.post("/konto/logga-in/")
    assert oidc.ProviderBackend().authenticate(request, username="a", password="b") is None
