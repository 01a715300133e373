"""The permission layer as plain functions: owner, member of the cooperation, outsider."""

import pytest

from samverkan.core import permissions
from samverkan.portfolio.models import System
from samverkan.testing.factories import SystemFactory

pytestmark = pytest.mark.django_db


def test_every_signed_in_user_reads_what_is_not_confidential(laxa, outsider, reader):
    system = SystemFactory(organisation=laxa)
    assert permissions.can(outsider, permissions.VIEW, system)
    assert permissions.can(reader, permissions.VIEW, system)
    assert list(System.objects.for_user(outsider)) == [system]


def test_anonymous_users_see_nothing(laxa):
    from django.contrib.auth.models import AnonymousUser

    SystemFactory(organisation=laxa)
    assert not System.objects.for_user(AnonymousUser()).exists()


def test_it_lets_editors_change_their_own_organisations_records(laxa, editor):
    system = SystemFactory(organisation=laxa)
    assert permissions.can(editor, permissions.CHANGE, system)
    assert list(System.objects.for_user(editor, permissions.CHANGE)) == [system]


@pytest.mark.parametrize("action", [permissions.ADD, permissions.CHANGE, permissions.DELETE])
def test_it_rejects_readers_and_outsiders(laxa, reader, outsider, action):
    system = SystemFactory(organisation=laxa)
    assert not permissions.can(reader, action, system)
    assert not permissions.can(outsider, action, system)
    assert not System.objects.for_user(outsider, action).exists()


def test_cooperation_records_are_changed_by_the_cooperations_editors(cooperation, coop_editor,
                                                                      editor):
    system = SystemFactory(organisation=cooperation)
    assert permissions.can(coop_editor, permissions.CHANGE, system)
    assert not permissions.can(editor, permissions.CHANGE, system)


def test_superuser_may_do_everything(laxa, superuser):
    system = SystemFactory(organisation=laxa)
    for action in permissions.ACTIONS:
        assert permissions.can(superuser, action, system)


# -- confidentiality declared on the model -------------------------------------------------------

SECRET_RECORD = (permissions.Confidential(when=(("personal_data", True),)),)
SECRET_VALUES = (permissions.Confidential(fields=("users_note",), when=(("personal_data", True),),
                                          readers=("organisation", "product__supplier__id")),)


@pytest.fixture
def secret_records(monkeypatch):
    monkeypatch.setattr(System, "confidential", SECRET_RECORD)


@pytest.fixture
def secret_values(monkeypatch):
    monkeypatch.setattr(System, "confidential", SECRET_VALUES)


def test_a_confidential_record_is_read_by_the_owners_users_only(secret_records, laxa, reader,
                                                                 outsider, superuser):
    hidden = SystemFactory(organisation=laxa, personal_data=True)
    shown = SystemFactory(organisation=laxa, personal_data=False)
    assert set(System.objects.for_user(reader)) == {hidden, shown}
    assert set(System.objects.for_user(outsider)) == {shown}
    assert set(System.objects.for_user(superuser)) == {hidden, shown}
    assert permissions.can(reader, permissions.VIEW, hidden)
    assert not permissions.can(outsider, permissions.VIEW, hidden)
    assert permissions.can(outsider, permissions.VIEW, shown)


def test_a_cooperation_member_does_not_read_another_members_confidential_record(
        secret_records, hallsberg, laxa, cooperation, coop_editor, editor):
    """Membership of the same cooperation gives no right to a member's secrets."""
    hidden = SystemFactory(organisation=hallsberg, personal_data=True)
    assert not permissions.can(editor, permissions.VIEW, hidden)
    assert not permissions.can(coop_editor, permissions.VIEW, hidden)
    assert not System.objects.for_user(editor).filter(pk=hidden.pk).exists()


def test_confidential_values_leave_the_record_visible(secret_values, laxa, reader, outsider):
    system = SystemFactory(organisation=laxa, personal_data=True)
    assert permissions.can(outsider, permissions.VIEW, system)
    assert not permissions.can(outsider, permissions.VIEW_CONFIDENTIAL, system)
    assert permissions.can(reader, permissions.VIEW_CONFIDENTIAL, system)
    assert permissions.hidden_fields(outsider, system) == {"users_note"}
    assert permissions.hidden_fields(reader, system) == frozenset()
    assert list(System.objects.for_user(outsider)) == [system]
    assert not System.objects.for_user(outsider, permissions.VIEW_CONFIDENTIAL).exists()
    assert list(System.objects.for_user(reader, permissions.VIEW_CONFIDENTIAL)) == [system]


def test_values_are_confidential_only_while_the_condition_holds(secret_values, laxa, outsider):
    system = SystemFactory(organisation=laxa, personal_data=False)
    assert permissions.hidden_fields(outsider, system) == frozenset()
    assert permissions.can(outsider, permissions.VIEW_CONFIDENTIAL, system)


def test_a_masked_value_neither_sorts_nor_sums_for_those_who_may_not_see_it(
        secret_values, laxa, hallsberg, outsider, reader):
    """Inference: ordering by a hidden value would reveal it; the mask makes it NULL first."""
    from django.db.models import Sum

    SystemFactory(organisation=laxa, personal_data=True, name="Hemlig")
    SystemFactory(organisation=hallsberg, personal_data=True, name="Egen")
    rows = System.objects.annotate(v=permissions.masked(System, outsider, "pk"))
    seen = {s.name: s.v for s in rows}
    assert seen["Hemlig"] is None and seen["Egen"] is not None
    total = System.objects.aggregate(t=Sum(permissions.masked(System, outsider, "pk")))["t"]
    assert total == System.objects.get(name="Egen").pk
    full = System.objects.aggregate(t=Sum(permissions.masked(System, reader, "pk")))["t"]
    assert full == System.objects.get(name="Hemlig").pk


def test_the_anonymous_user_sees_no_confidential_value(secret_values, laxa):
    from django.contrib.auth.models import AnonymousUser

    system = SystemFactory(organisation=laxa, personal_data=False)
    assert permissions.hidden_fields(AnonymousUser(), system) == {"users_note"}
    assert not permissions.can(AnonymousUser(), permissions.VIEW, system)


def test_reads_for_is_membership_of_any_role(laxa, hallsberg, reader, outsider, superuser):
    assert permissions.reads_for(reader, laxa.pk)
    assert not permissions.reads_for(outsider, laxa.pk)
    assert permissions.reads_for(superuser, hallsberg.pk)


def test_an_organisations_ledger_imports_are_read_by_its_users_only(laxa, editor, reader,
                                                                     outsider, client_for):
    """The global import log once listed every organisation's ledger imports to everyone."""
    from django.urls import reverse

    from samverkan.core.models import ImportBatch

    ImportBatch.objects.create(kind="ledger-sie", organisation=laxa, file_name="laxa-2025.se",
                               file_sha256="0" * 64, created_by=editor)
    ImportBatch.objects.create(kind="system", organisation=None, file_name="register.csv",
                               file_sha256="1" * 64, created_by=editor)
    for user, sees_ledger in ((editor, True), (reader, True), (outsider, False)):
        page = client_for(user).get(reverse("core:imports")).content.decode()
        assert ("laxa-2025.se" in page) is sees_ledger, user
        assert "register.csv" in page
    assert not ImportBatch.objects.for_user(outsider).filter(organisation=laxa).exists()


def test_a_masked_queryset_blanks_and_does_not_sort_by_hidden_values(
        laxa, hallsberg, outsider, reader, monkeypatch):
    """Inference: a list sorted by a hidden value would place the row by that value."""
    a = SystemFactory(organisation=laxa, personal_data=True, name="A", criticality=4)
    b = SystemFactory(organisation=hallsberg, personal_data=True, name="B", criticality=2)
    c = SystemFactory(organisation=hallsberg, personal_data=True, name="C", criticality=3)
    monkeypatch.setattr(System, "confidential", (permissions.Confidential(
        fields=("criticality",), when=(("personal_data", True),)),))
    seen = list(System.objects.masked_for(outsider).order_by("-criticality", "name"))
    assert [s.name for s in seen] == ["C", "B", "A"]  # A's hidden 4 sorts as unknown, last
    assert seen[2].criticality is None and seen[2].hidden_fields == {"criticality"}
    assert [s.name for s in System.objects.masked_for(outsider).order_by("criticality", "name")] \
        == ["A", "B", "C"]
    assert [s.name for s in System.objects.masked_for(reader).order_by("-criticality", "-name")] \
        == ["A", "C", "B"]  # Laxå's reader sees A's value, not Hallsberg's
    assert [s.criticality for s in System.objects.masked_for(reader).filter(pk=a.pk)] == ["4"]
    assert {s.pk: s.criticality for s in System.objects.masked_for(outsider)} == {
        a.pk: None, b.pk: "2", c.pk: "3"}


def test_a_table_shows_a_hidden_value_as_sekretess(laxa, outsider, reader, rf, monkeypatch):
    from samverkan.portfolio.tables import SystemTable

    monkeypatch.setattr(System, "confidential", (permissions.Confidential(
        fields=("criticality",), when=(("personal_data", True),)),))
    SystemFactory(organisation=laxa, personal_data=True, name="A", criticality="4")
    for user, hidden in ((outsider, True), (reader, False)):
        request = rf.get("/system/")
        request.user = user
        table = SystemTable(System.objects.masked_for(user), request=request)
        assert ("Sekretess" in str(table.rows_html)) is hidden, user


def test_filter_dropdowns_list_only_what_the_user_may_see(laxa, hallsberg, outsider, reader,
                                                          rf, monkeypatch):
    from samverkan.portfolio.filtersets import SystemFilterSet
    from samverkan.portfolio.models import ManagementObject
    from samverkan.testing.factories import ManagementObjectFactory

    monkeypatch.setattr(ManagementObject, "confidential", (permissions.Confidential(),))
    ManagementObjectFactory(organisation=laxa, name="Laxås objekt")
    for user, listed in ((reader, True), (outsider, False)):
        request = rf.get("/system/")
        request.user = user
        form = SystemFilterSet(request.GET, queryset=System.objects.all(), request=request).form
        names = [str(o) for o in form.fields["management_object"].queryset]
        assert ("Laxås objekt" in names) is listed, user


def test_a_save_that_would_leave_the_users_scope_is_undone(laxa, editor, client_for,
                                                           monkeypatch):
    """As NetBox's edit view: after the save the record must still be visible to its editor;
    if not, nothing is kept."""
    from django.urls import reverse

    monkeypatch.setattr(System, "confidential", (permissions.Confidential(
        when=(("criticality", "hog"),), readers=("management_object__organisation",)),))
    system = SystemFactory(organisation=laxa, name="Procapita", criticality="medel")
    response = client_for(editor).post(reverse("portfolio:system_edit", args=[system.pk]), {
        "name": "Procapita", "organisation": laxa.pk, "lifecycle": "drift",
        "personal_data": "unknown", "criticality": "hog", "expected_version": system.version})
    assert response.status_code == 400
    assert "Ingenting sparades" in response.content.decode()
    system.refresh_from_db()
    assert (system.criticality, system.version) == ("medel", 1)


def test_an_api_save_that_would_leave_the_users_scope_is_undone(laxa, editor, monkeypatch):
    from rest_framework.test import APIClient

    monkeypatch.setattr(System, "confidential", (permissions.Confidential(
        when=(("criticality", "hog"),), readers=("management_object__organisation",)),))
    system = SystemFactory(organisation=laxa, name="Procapita", criticality="medel")
    client = APIClient()
    client.force_authenticate(editor)
    response = client.patch(f"/api/systems/{system.pk}/", {"criticality": "hog"}, format="json",
                            HTTP_IF_MATCH=f'"{system.version}"')
    assert response.status_code == 403
    system.refresh_from_db()
    assert (system.criticality, system.version) == ("medel", 1)
