"""A duplicate part of a record is refused by the model's unique constraint, and the form shows
the constraint's Swedish message instead of failing."""

import pytest
from django.urls import reverse

from samverkan.portfolio.models import SystemUsage
from samverkan.testing.factories import SystemFactory, SystemUsageFactory

pytestmark = pytest.mark.django_db


def test_a_second_usage_row_for_the_same_organisation_gets_a_clear_message(client_for, editor, laxa):
    system = SystemFactory(organisation=laxa)
    SystemUsageFactory(system=system, organisation=laxa, users=10)
    response = client_for(editor).post(reverse("portfolio:usage_add", args=[system.pk]),
                                       {"organisation": laxa.pk, "users": 20})
    assert response.status_code == 400
    assert "Organisationen finns redan som användare av systemet." in response.content.decode()
    assert SystemUsage.objects.filter(system=system).count() == 1


def test_changing_a_usage_row_to_an_organisation_already_listed_is_refused(
        client_for, editor, laxa, hallsberg):
    system = SystemFactory(organisation=laxa)
    SystemUsageFactory(system=system, organisation=laxa)
    other = SystemUsageFactory(system=system, organisation=hallsberg)
    response = client_for(editor).post(
        reverse("portfolio:usage_edit", args=[system.pk, other.pk]),
        {"organisation": laxa.pk, "expected_version": other.version})
    assert response.status_code == 400
    assert "Organisationen finns redan som användare av systemet." in response.content.decode()
    other.refresh_from_db()
    assert other.organisation == hallsberg
