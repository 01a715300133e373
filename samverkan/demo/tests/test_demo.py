"""`samverkan demo --no-serve`: the Sydnärke example, its logins, and that running it again
changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from samverkan.core import imports
from samverkan.core.permissions import Role
from samverkan.organisations.models import Organisation, OrganisationRole
from samverkan.portfolio.importers import SystemImporter
from samverkan.portfolio.models import ManagementObject, ObjectRole, System

pytestmark = pytest.mark.django_db

APPS = ("organisations", "portfolio", "contracts", "finance", "ledger", "core")


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count()
            for label in (*APPS, "auth") for model in apps.get_app_config(label).get_models()}


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for this module, in a transaction rolled back at its end (each
    test's own changes are rolled back after the test)."""
    from django.db import transaction
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("demo")
    with django_db_blocker.unblock(), override_settings(
            DATA_DIR=folder, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("demo", "--no-serve", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_once, db):
    return _demo_once


def test_the_demo_loads_sydnarke_and_a_second_run_changes_nothing(demo):
    first = counts()
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert counts() == first
    assert "0 nya, 0 ändrade, 311 oförändrade organisationer" in out.getvalue()
    assert "Inloggningar (lösenord: demo)" in demo


def test_the_demo_has_the_four_municipalities_their_board_and_the_systems(demo):
    board = Organisation.objects.get(name="Sydnärkes IT-nämnd")
    assert board.kind == Organisation.Kind.JOINT_BOARD
    members = {m.member.name: m.is_host for m in board.member_links.select_related("member")}
    assert members == {"Askersund": False, "Hallsberg": True, "Laxå": False, "Lekeberg": False}
    assert System.objects.count() >= 60
    assert System.objects.filter(organisation=board).count() >= 5
    laxa = Organisation.objects.get(municipality_code="1860")
    assert System.objects.filter(organisation=laxa).count() >= 15


def test_the_learning_platform_object_has_its_pm3_roles_and_steering_group(demo):
    obj = ManagementObject.objects.get(name="Lärplattform")
    assert obj.organisation.name == "Sydnärkes IT-nämnd"
    roles = sorted(obj.roles.values_list("role", "organisation__name"))
    assert (ObjectRole.Kind.OWNER, "Sydnärkes IT-nämnd") in roles
    assert (ObjectRole.Kind.LEAD_IT, "Sydnärkes IT-nämnd") in roles
    business = {org for role, org in roles if role == ObjectRole.Kind.LEAD_BUSINESS}
    assert business == {"Askersund", "Hallsberg", "Laxå", "Lekeberg"}
    steering = list(obj.steering_group.select_related("organisation"))
    assert len(steering) == 5
    assert [s.organisation.name for s in steering if s.is_chair] == ["Sydnärkes IT-nämnd"]
    assert obj.documents.exists()
    platforms = set(obj.systems.values_list("name", flat=True))
    assert {"Unikum Laxå", "Infomentor Askersund", "Haldor Education Hallsberg"} <= platforms


@pytest.mark.parametrize("username, superuser, organisation, level", [
    ("admin", True, None, None),
    ("laxa", False, "Laxå", Role.EDITOR),
    ("hallsberg", False, "Hallsberg", Role.READER),
    ("sydnarke", False, "Sydnärkes IT-nämnd", Role.EDITOR),
])
def test_the_four_demo_logins_have_their_roles_and_the_password_demo(demo, username, superuser,
                                                                    organisation, level):
    roles = OrganisationRole.objects.filter(user__username=username)
    assert sorted(roles.values_list("organisation__name", "role")) == (
        [(organisation, level)] if organisation else [])
    client = Client()
    assert client.login(username=username, password="demo")
    assert client.get("/").status_code == 200
    assert client.get("/system/").status_code == 200
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username=username).is_superuser is superuser


def test_the_example_file_imports_cleanly_for_the_laxa_editor(demo):
    from pathlib import Path

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    path = Path(demo.split("(System → Importera): ", 1)[1].split()[0])
    assert path.name == "exempel-20-system-laxa.xlsx"
    laxa = get_user_model().objects.get(username="laxa")
    before = System.objects.count()
    batch = imports.stage(laxa, SystemImporter, SimpleUploadedFile(path.name, path.read_bytes()))
    validation = imports.validate_batch(SystemImporter(laxa), batch)
    assert [(e.row, e.column, e.message) for e in validation.errors] == []
    imports.commit(SystemImporter(laxa), batch)
    assert System.objects.count() == before + 20
    crisis = System.objects.get(name="Krisledningsstöd")
    assert crisis.usages.count() == 4 and crisis.owner_person.name == "Lena Nyberg"
