"""Change history and archiving as a user sees them: who changed what from what to what, and
records that are archived rather than deleted (arkivlagen) and can be restored."""

import re

import pytest
from django.urls import reverse

from samverkan.portfolio.models import ManagementObject, ObjectRole, System
from samverkan.testing.factories import PersonFactory, ProductFactory, SystemFactory

pytestmark = pytest.mark.django_db


def history_rows(page: str) -> list[str]:
    """The history table's rows as plain text, newest first."""
    section = page.split('id="history-heading"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>\s*(.*?)</tr>", section.split("<tbody>", 1)[1], re.S)
    return [" | ".join(" ".join(re.sub(r"<[^>]+>", " ", cell).split())
                       for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1:])
            for row in rows]


def system_form(laxa, **fields):
    return {"name": "Procapita", "organisation": laxa.pk, "lifecycle": "drift",
            "personal_data": "unknown", **fields}


def test_creating_and_changing_a_system_is_shown_with_who_and_what(laxa, hallsberg, editor,
                                                                   client_for):
    editor.first_name, editor.last_name = "Lena", "Nyberg"
    editor.save()
    client = client_for(editor)
    procapita = ProductFactory(name="Procapita Edlevo")
    response = client.post(reverse("portfolio:system_add"), system_form(laxa, criticality="medel"))
    system = System.objects.get(name="Procapita")
    assert response["Location"] == system.get_absolute_url()

    client.post(reverse("portfolio:system_edit", args=[system.pk]), system_form(
        laxa, criticality="hog", product=procapita.pk, expected_version=1))
    client.post(reverse("portfolio:usage_add", args=[system.pk]),
                {"organisation": hallsberg.pk, "users": 300})

    rows = history_rows(client.get(system.get_absolute_url()).content.decode())
    assert rows == [
        "Lena Nyberg | Skapad – användning: Hallsberg | –",
        "Lena Nyberg | Ändrad – Procapita | kritikalitet : Medel → Hög "
        "produkt : – → Procapita Edlevo",
        "Lena Nyberg | Skapad – Procapita | –",
    ]


def test_every_reader_sees_the_history(laxa, editor, reader, outsider, client_for):
    system = SystemFactory(name="Procapita", organisation=laxa)
    client_for(editor).post(reverse("portfolio:system_edit", args=[system.pk]),
                            system_form(laxa, name="Procapita Edlevo", expected_version=1))
    for user in (reader, outsider):
        rows = history_rows(client_for(user).get(system.get_absolute_url()).content.decode())
        assert rows[0] == "editor | Ändrad – Procapita Edlevo | namn : Procapita → Procapita Edlevo"


def test_removing_a_usage_row_is_kept_in_the_history(laxa, hallsberg, editor, client_for):
    client = client_for(editor)
    system = SystemFactory(name="Procapita", organisation=laxa)
    client.post(reverse("portfolio:usage_add", args=[system.pk]),
                {"organisation": hallsberg.pk, "users": 300})
    usage = system.usages.get()
    client.post(reverse("portfolio:usage_edit", args=[system.pk, usage.pk]),
                {"organisation": hallsberg.pk, "users": 320, "expected_version": usage.version})
    client.post(reverse("portfolio:usage_delete", args=[system.pk, usage.pk]))
    assert not system.usages.exists()
    rows = history_rows(client.get(system.get_absolute_url()).content.decode())
    assert rows[:3] == [
        "editor | Borttagen – användning: Hallsberg | –",
        "editor | Ändrad – användning: Hallsberg | antal användare : 300 → 320",
        "editor | Skapad – användning: Hallsberg | –",
    ]


def test_a_management_objects_history_includes_its_roles(cooperation, coop_editor, client_for):
    client = client_for(coop_editor)
    obj = ManagementObject.objects.create(name="Lärplattform", organisation=cooperation)
    person = PersonFactory(name="Magnus Ideqvist", organisation=cooperation)
    client.post(reverse("portfolio:role_add", args=[obj.pk]),
                {"role": "objektledare_it", "person": person.pk, "organisation": cooperation.pk})
    role = ObjectRole.objects.get()
    client.post(reverse("portfolio:role_edit", args=[obj.pk, role.pk]),
                {"role": "objektagare", "person": person.pk, "organisation": cooperation.pk,
                 "expected_version": role.version})
    rows = history_rows(client.get(obj.get_absolute_url()).content.decode())
    assert rows[:2] == [
        "coop_editor | Ändrad – förvaltningsroll: Objektägare: Magnus Ideqvist | roll : "
        "Objektledare / förvaltningsledare IT → Objektägare",
        "coop_editor | Skapad – förvaltningsroll: Objektledare / förvaltningsledare IT: "
        "Magnus Ideqvist | –",
    ]


def test_api_changes_are_recorded_with_the_api_user(laxa, editor):
    from rest_framework.test import APIClient

    system = SystemFactory(name="Procapita", organisation=laxa)
    api = APIClient()
    api.force_authenticate(editor)
    assert api.patch(f"/api/systems/{system.pk}/", {"hosting": "saas", "version": 1},
                     format="json").status_code == 200
    latest = system.history.first()
    assert (latest.history_user, latest.hosting, latest.history_type) == (editor, "saas", "~")


# -- archiving --------------------------------------------------------------------------------

def test_archiving_keeps_the_record_and_it_can_be_restored(laxa, editor, reader, client_for):
    client = client_for(editor)
    system = SystemFactory(name="Procapita", organisation=laxa)
    archive_url = reverse("portfolio:system_archive", args=[system.pk])
    assert "arkivlagen" in client.get(archive_url).content.decode()

    response = client.post(archive_url, {"expected_version": 1}, follow=True)
    assert "Arkiverad: Procapita" in response.content.decode()
    system.refresh_from_db()
    assert system.archived_at is not None  # still there, with its history
    assert system.history.count() == 2

    listed = client_for(reader).get(reverse("portfolio:systems")).content.decode()
    assert "Procapita" not in listed
    assert "Procapita" in client_for(reader).get(
        reverse("portfolio:systems") + "?arkiverade=1").content.decode()
    page = client_for(reader).get(system.get_absolute_url()).content.decode()
    assert "Arkiverad</span>" in page
    assert history_rows(page)[0] == "editor | Arkiverad – Procapita | –"

    restore = client.post(archive_url, follow=True)
    assert "Återställd: Procapita" in restore.content.decode()
    system.refresh_from_db()
    assert system.archived_at is None and system.version == 3
    rows = history_rows(client.get(system.get_absolute_url()).content.decode())
    assert rows[:2] == ["editor | Återställd – Procapita | –", "editor | Arkiverad – Procapita | –"]
    assert "Procapita" in client_for(reader).get(reverse("portfolio:systems")).content.decode()


def test_an_archived_record_is_not_offered_in_choices_and_its_name_is_free_again(
        laxa, editor, client_for):
    client = client_for(editor)
    old = SystemFactory(name="Procapita", organisation=laxa)
    product = ProductFactory(name="Gammal produkt")
    client.post(reverse("portfolio:system_archive", args=[old.pk]), {"expected_version": 1})
    client.post(reverse("portfolio:product_archive", args=[product.pk]), {"expected_version": 1})

    client.get(reverse("portfolio:systems"))  # shows and clears the "Arkiverad" messages
    form_page = client.get(reverse("portfolio:system_add")).content.decode()
    assert "Gammal produkt" not in form_page
    other = SystemFactory(name="Annat", organisation=laxa)
    target_page = client.get(reverse("portfolio:integration_add", args=[other.pk]))
    assert "Procapita" not in target_page.content.decode()

    response = client.post(reverse("portfolio:system_add"), system_form(laxa))
    assert response.status_code == 302
    assert System.objects.filter(name="Procapita").count() == 2  # one archived, one active

    duplicate = client.post(reverse("portfolio:system_add"), system_form(laxa, name="PROCAPITA"))
    assert duplicate.status_code == 400
    assert "Det finns redan ett system som heter PROCAPITA i Laxå." in duplicate.content.decode()
    assert System.objects.filter(name__iexact="Procapita").count() == 2

    # the archived one cannot come back while its name is taken
    response = client.post(reverse("portfolio:system_archive", args=[old.pk]), follow=True)
    assert "Det finns redan ett system som heter Procapita i Laxå." in response.content.decode()
    old.refresh_from_db()
    assert old.archived_at is not None and old.version == 2


def test_a_duplicate_name_is_refused_through_the_api_too(laxa, editor, cooperation):
    from rest_framework.test import APIClient

    SystemFactory(name="Procapita", organisation=laxa)
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post("/api/systems/", {"name": "Procapita", "organisation": laxa.pk},
                        format="json")
    assert response.status_code == 400
    assert response.json() == {"name": ["Det finns redan ett system som heter Procapita i Laxå."]}
    other = ManagementObject.objects.create(name="Skola", organisation=laxa)
    assert other.pk
    clash = api.post("/api/management-objects/", {"name": "skola", "organisation": laxa.pk},
                     format="json")
    assert clash.json() == {"name": [
        "Det finns redan ett förvaltningsobjekt som heter skola i Laxå."]}


def test_history_is_never_deleted_from_the_pages(laxa, editor, client_for):
    """Nothing in the UI hard-deletes a governed record: there is no delete URL, only archive."""
    from samverkan.portfolio import urls

    names = {p.name for p in urls.urlpatterns}
    governed = {"system", "object", "supplier", "product", "capability"}
    assert {f"{n}_delete" for n in governed} & names == set()
    assert {f"{n}_archive" for n in governed} <= names
