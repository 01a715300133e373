"""Shared test fixtures. Every permission test has the same cast (as in healthchecks):

- `laxa` and `hallsberg` are municipalities; `cooperation` is their joint IT board (both members);
- `editor` edits Laxå, `reader` only reads Laxå, `outsider` edits Hallsberg,
  `coop_editor` edits the cooperation, `org_admin` administers Laxå, `superuser` does all.
"""

import pytest
from django.test import Client

from samverkan.core.permissions import Role
from samverkan.testing.browser import (  # noqa: F401  (end-to-end fixtures in Chromium)
    browser_context_factory,
    browser_page,
    chromium_browser,
    logged_in_page,
)
from samverkan.testing.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    role,
)


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.AXES_ENABLED = False


@pytest.fixture
def laxa(db):
    return OrganisationFactory(name="Laxå", municipality_code="1860")


@pytest.fixture
def hallsberg(db):
    return OrganisationFactory(name="Hallsberg", municipality_code="1861")


@pytest.fixture
def cooperation(db, laxa, hallsberg):
    coop = OrganisationFactory(name="Sydnärkes IT-nämnd", kind="gemensam_namnd",
                               municipality_code="")
    MembershipFactory(cooperation=coop, member=laxa, is_host=False)
    MembershipFactory(cooperation=coop, member=hallsberg, is_host=True)
    return coop


@pytest.fixture
def editor(laxa):
    return role(UserFactory(username="editor"), laxa, Role.EDITOR)


@pytest.fixture
def reader(laxa):
    return role(UserFactory(username="reader"), laxa, Role.READER)


@pytest.fixture
def outsider(hallsberg):
    return role(UserFactory(username="outsider"), hallsberg, Role.EDITOR)


@pytest.fixture
def coop_editor(cooperation):
    return role(UserFactory(username="coop_editor"), cooperation, Role.EDITOR)


@pytest.fixture
def org_admin(laxa):
    return role(UserFactory(username="org_admin"), laxa, Role.ADMIN)


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
