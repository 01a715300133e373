"""A change to an existing record or to a part of it must say which version it was made on.

The edit pages carry the version in a hidden field; a form or hand-made POST without it would
otherwise overwrite whatever someone else saved in between, so it is refused with a message the
user can act on, and nothing is saved.
"""

import pytest
from django.urls import reverse

from samverkan.portfolio.models import System, SystemUsage
from samverkan.testing.factories import SystemFactory, SystemUsageFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Formuläret saknar postens version. Ladda om sidan och gör ändringen igen."
WITHOUT_VERSION = [{}, {"expected_version": ""}]


def shown_in_an_alert(page: str) -> bool:
    """The message is on the page, in the error box above the fields (the version field
    itself is hidden, so an error only attached to it would never be seen)."""
    start = page.find('role="alert"')
    return start != -1 and MESSAGE in page[start:page.find("</div>", start)]


def system_data(system, **extra):
    return {"name": "Omdöpt", "organisation": system.organisation_id, "lifecycle": "drift",
            "personal_data": "unknown", **extra}


@pytest.mark.parametrize("missing", WITHOUT_VERSION, ids=["absent", "empty"])
def test_editing_a_record_without_its_version_is_refused(client_for, editor, laxa, missing):
    system = SystemFactory(name="Procapita", organisation=laxa)
    before = System.objects.get(pk=system.pk)
    response = client_for(editor).post(reverse("portfolio:system_edit", args=[system.pk]),
                                       system_data(system, **missing))
    assert response.status_code == 400
    assert shown_in_an_alert(response.content.decode())
    after = System.objects.get(pk=system.pk)
    assert (after.name, after.version) == ("Procapita", before.version)


def test_editing_a_record_with_its_version_is_saved(client_for, editor, laxa):
    system = SystemFactory(name="Procapita", organisation=laxa)
    response = client_for(editor).post(reverse("portfolio:system_edit", args=[system.pk]),
                                       system_data(system, expected_version=system.version))
    assert response.status_code == 302
    assert System.objects.get(pk=system.pk).name == "Omdöpt"


def test_the_edit_page_carries_the_version(client_for, editor, laxa):
    system = SystemFactory(organisation=laxa)
    page = client_for(editor).get(reverse("portfolio:system_edit", args=[system.pk]))
    assert (f'<input type="hidden" name="expected_version" value="{system.version}"'
            in page.content.decode())


@pytest.mark.parametrize("missing", WITHOUT_VERSION, ids=["absent", "empty"])
def test_editing_a_part_without_its_version_is_refused(client_for, editor, laxa, hallsberg,
                                                       missing):
    system = SystemFactory(organisation=laxa)
    usage = SystemUsageFactory(system=system, organisation=hallsberg, users=300)
    before = SystemUsage.objects.get(pk=usage.pk)
    response = client_for(editor).post(
        reverse("portfolio:usage_edit", args=[system.pk, usage.pk]),
        {"organisation": hallsberg.pk, "users": 320, **missing})
    assert response.status_code == 400
    assert shown_in_an_alert(response.content.decode())
    after = SystemUsage.objects.get(pk=usage.pk)
    assert (after.users, after.version) == (300, before.version)


def test_editing_a_part_with_its_version_is_saved(client_for, editor, laxa, hallsberg):
    system = SystemFactory(organisation=laxa)
    usage = SystemUsageFactory(system=system, organisation=hallsberg, users=300)
    response = client_for(editor).post(
        reverse("portfolio:usage_edit", args=[system.pk, usage.pk]),
        {"organisation": hallsberg.pk, "users": 320, "expected_version": usage.version})
    assert response.status_code == 302
    assert SystemUsage.objects.get(pk=usage.pk).users == 320
