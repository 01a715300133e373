"""Users and roles as an organisation's administrator sees them."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from samverkan.core.permissions import Role
from samverkan.organisations.models import OrganisationRole

pytestmark = pytest.mark.django_db


def test_an_administrator_sees_the_users_of_their_own_organisation_only(org_admin, editor,
                                                                        reader, outsider,
                                                                        client_for):
    page = client_for(org_admin).get(reverse("organisations:users")).content.decode()
    for name in ("org_admin", "editor", "reader"):
        assert f"<td>{name}" in page
    assert "outsider" not in page and "Hallsberg" not in page


def test_a_superuser_sees_everybody(superuser, editor, outsider, client_for):
    page = client_for(superuser).get(reverse("organisations:users")).content.decode()
    assert all(f"<td>{name}" in page for name in ("root", "editor", "outsider"))


def test_a_new_user_gets_a_hashed_password_and_one_role(org_admin, laxa, client_for):
    response = client_for(org_admin).post(reverse("organisations:user_add"), {
        "username": "maria.lindqvist", "first_name": "Maria", "last_name": "Lindqvist",
        "email": "maria@laxa.se", "password": "Ekonomi i Laxå 2025",
        "organisation": laxa.pk, "role": Role.READER})
    assert response.status_code == 302
    user = get_user_model().objects.get(username="maria.lindqvist")
    assert user.check_password("Ekonomi i Laxå 2025") and user.password != "Ekonomi i Laxå 2025"
    assert list(user.organisation_roles.values_list("organisation", "role")) == [
        (laxa.pk, Role.READER)]
    assert OrganisationRole.history.filter(user=user).first().history_user == org_admin


@pytest.mark.parametrize("username, password, field, message", [
    ("EDITOR", "Ett långt lösenord 42", "username", "Användarnamnet är upptaget."),
    ("ny", "kort", "__all__", "minst 10 tecken"),
    ("ny", "1234567890123", "__all__", "enbart numeriskt"),
    ("ny", "password123", "__all__", "för vanligt"),
    ("ny användare", "Ett långt lösenord 42", "username", "Fyll i ett giltigt värde"),
])
def test_a_new_user_needs_a_free_name_and_a_good_password(org_admin, editor, laxa, client_for,
                                                          username, password, field, message):
    response = client_for(org_admin).post(reverse("organisations:user_add"), {
        "username": username, "password": password, "organisation": laxa.pk,
        "role": Role.READER})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert get_user_model().objects.count() == 2


def test_giving_a_role_again_changes_it_rather_than_adding_one(org_admin, reader, laxa,
                                                               client_for):
    client_for(org_admin).post(reverse("organisations:role_add", args=[reader.pk]),
                               {"organisation": laxa.pk, "role": Role.ADMIN})
    assert list(reader.organisation_roles.values_list("role", flat=True)) == [Role.ADMIN]


def test_a_changed_role_takes_effect_on_the_next_request(org_admin, reader, laxa, client_for):
    from samverkan.testing.factories import SystemFactory

    system = SystemFactory(organisation=laxa)
    client = client_for(reader)
    edit = reverse("portfolio:system_edit", args=[system.pk])
    assert client.get(edit).status_code == 403
    client_for(org_admin).post(reverse("organisations:role_add", args=[reader.pk]),
                               {"organisation": laxa.pk, "role": Role.EDITOR})
    assert client.get(edit).status_code == 200
    role = OrganisationRole.objects.get(user=reader)
    client_for(org_admin).post(reverse("organisations:role_remove", args=[role.pk]))
    assert client.get(edit).status_code == 403
