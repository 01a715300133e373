"""End to end against a real OpenID Connect provider on loopback: log in through the
provider's own login page, get the roles the group claim maps to, log out at the provider too."""

import pytest
from django.contrib.auth import get_user_model

from samverkan.core.permissions import Role
from samverkan.organisations.models import OrganisationRole
from samverkan.testing.browser import assert_accessible, assert_no_csp_errors, go_to_menu_entry, new_page

from . import oidc_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNA = {"email": "anna.andersson@laxa.se", "given_name": "Anna", "family_name": "Andersson",
        "groups": ["samverkan-laxa-redaktor", "samverkan-hallsberg-lasare", "personal"]}
ROLE_MAP = ("samverkan-laxa-redaktor=1860:redaktör; samverkan-laxa-admin=1860:administratör;\n"
            "samverkan-hallsberg-lasare=Hallsberg:lasare")


@pytest.fixture(scope="module")
def provider(live_server):
    started = oidc_provider.start(live_server.url, {"anna": ANNA})
    yield started
    oidc_provider.stop(started)


@pytest.fixture
def sso_page(provider, settings, browser_context_factory, live_server):
    settings.SAMVERKAN_OIDC_PROVIDERS = {"laxa": provider.settings("Laxå kommun", ROLE_MAP)}
    context = browser_context_factory()
    # nothing leaves the machine: only the site and the provider on loopback are reachable
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith((live_server.url, provider.issuer))
                  else route.abort())
    return new_page(context)


def _sign_in_at_provider(page, issuer):
    page.get_by_role("link", name="Logga in med Laxå kommun").click()
    assert page.url.startswith(issuer), page.url
    page.locator("input[name=login]").fill("anna")
    page.locator("input[name=password]").fill("vad som helst")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the provider's consent page
    page.wait_for_url("**/")


def test_sign_in_through_the_provider_grants_mapped_roles_and_logout_ends_both_sessions(
        sso_page, provider, laxa, hallsberg, live_server):
    page = sso_page
    page.goto("/konto/logga-in/")
    assert_accessible(page)
    _sign_in_at_provider(page, provider.issuer)
    assert page.url.startswith(live_server.url) and "/konto/logga-in/" not in page.url
    assert page.get_by_role("button", name="Logga ut").is_visible()

    user = get_user_model().objects.get(email="anna.andersson@laxa.se")
    assert (user.username, user.first_name, user.has_usable_password()) == (
        "anna.andersson@laxa.se", "Anna", False)
    roles = dict(OrganisationRole.objects.filter(user=user).values_list("organisation__name", "role"))
    assert roles == {"Laxå": Role.EDITOR, "Hallsberg": Role.READER}

    # the user's own API token, on a page reached from the menu bar
    go_to_menu_entry(page, "Register", "API-nycklar")
    page.get_by_role("button", name="Skapa en nyckel").click()
    assert page.get_by_role("button", name="Återkalla min nyckel").is_visible()
    assert_accessible(page)
    assert_no_csp_errors(page)

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{live_server.url}/konto/logga-in/**")
    assert page.get_by_role("link", name="Logga in med Laxå kommun").is_visible()

    # the provider's session ended too: the next login asks for the login again
    page.get_by_role("link", name="Logga in med Laxå kommun").click()
    assert page.locator("input[name=login]").is_visible()
    assert get_user_model().objects.filter(email="anna.andersson@laxa.se").count() == 1
