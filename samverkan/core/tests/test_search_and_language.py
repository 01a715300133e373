"""Global search through the permission layer, and the language switch."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from samverkan.core import permissions, search
from samverkan.portfolio.models import System
from samverkan.testing.factories import (
    ManagementObjectFactory,
    PersonFactory,
    ProductFactory,
    SystemFactory,
)

pytestmark = pytest.mark.django_db


# -- search -----------------------------------------------------------------------------------

def labels_and_names(user, text):
    return {str(label): sorted(str(hit) for hit in hits)
            for label, hits, _total in search.search(user, text)}


def test_search_finds_every_kind_of_record_by_name(laxa, reader, cooperation):
    product = ProductFactory(name="Procapita Edlevo", supplier__name="Procapita Leverantör AB")
    SystemFactory(name="Elevregistret", organisation=laxa, product=product)
    ManagementObjectFactory(name="Procapita-objektet", organisation=cooperation)
    PersonFactory(name="Per Procapitasson", organisation=laxa)
    assert labels_and_names(reader, "procapita") == {
        "System": ["Elevregistret"],  # found by its product's name
        "Förvaltningsobjekt": ["Procapita-objektet"],
        "Personer": ["Per Procapitasson"],
        "Leverantörer": ["Procapita Leverantör AB"],
        "Produkter": ["Procapita Edlevo"],
    }
    assert labels_and_names(reader, "1860") == {"Organisationer": ["Laxå"]}


def test_search_leaves_out_archived_records_and_needs_two_letters(laxa, reader):
    SystemFactory(name="Gamla ekonomisystemet", organisation=laxa, archived_at=timezone.now())
    SystemFactory(name="Ekonomisystemet", organisation=laxa)
    assert labels_and_names(reader, "ekonomi") == {"System": ["Ekonomisystemet"]}
    assert search.search(reader, " e ") == []


def test_search_counts_all_hits_but_lists_the_first_ten(laxa, reader, client_for):
    SystemFactory.create_batch(13, organisation=laxa)
    (label, hits, total), = search.search(reader, "System ")
    assert (len(hits), total) == (10, 13)
    page = client_for(reader).get(reverse("core:search") + "?q=System").content.decode()
    assert '<span class="badge text-bg-secondary">13</span>' in page


def test_search_sees_only_what_the_permission_layer_lets_through(laxa, hallsberg, reader,
                                                                  outsider, superuser,
                                                                  monkeypatch):
    """If systems' personal-data flag made them confidential, search would follow at once."""
    monkeypatch.setattr(System, "confidential", (
        permissions.Confidential(when=(("personal_data", True),)),))
    SystemFactory(name="Hemligt Laxå", organisation=laxa, personal_data=True)
    SystemFactory(name="Öppet Laxå", organisation=laxa, personal_data=False)
    SystemFactory(name="Hemligt Hallsberg", organisation=hallsberg, personal_data=True)
    assert labels_and_names(reader, "Laxå")["System"] == ["Hemligt Laxå", "Öppet Laxå"]
    assert labels_and_names(outsider, "Laxå")["System"] == ["Öppet Laxå"]
    assert labels_and_names(outsider, "Hemligt")["System"] == ["Hemligt Hallsberg"]
    assert labels_and_names(superuser, "Hemligt")["System"] == ["Hemligt Hallsberg",
                                                                "Hemligt Laxå"]


def test_search_gives_nothing_to_anonymous_or_inactive_users(laxa, reader, client_for):
    SystemFactory(name="Procapita", organisation=laxa)
    assert search.search(AnonymousUser(), "Procapita") == []
    reader.is_active = False
    assert search.search(reader, "Procapita") == []
    response = client_for(None).get(reverse("core:search") + "?q=Procapita")
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


def test_search_text_is_not_sql_or_html(laxa, reader, client_for):
    SystemFactory(name="100% <b>fet</b> _x_", organisation=laxa)
    assert labels_and_names(reader, "100%") == {"System": ["100% <b>fet</b> _x_"]}
    assert labels_and_names(reader, "_x_") == {"System": ["100% <b>fet</b> _x_"]}
    assert search.search(reader, "%%") == [] and search.search(reader, "__") == []
    page = client_for(reader).get(reverse("core:search") + "?q=<b>fet").content.decode()
    assert "<b>fet</b>" not in page and "&lt;b&gt;fet&lt;/b&gt;" in page


# -- language ---------------------------------------------------------------------------------

def test_the_language_switch_sets_english_and_back(editor, client_for):
    client = client_for(editor)
    page = client.get(reverse("portfolio:systems")).content.decode()
    assert '<html lang="sv">' in page and 'name="language" value="en"' in page

    response = client.post(reverse("set_language"), {"language": "en", "next": "/system/"})
    assert response.status_code == 302 and response["Location"] == "/system/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    for url in ("/", "/system/", "/objekt/", "/organisationer/", "/sok/?q=x"):
        english = client.get(url)
        assert english.status_code == 200
        assert '<html lang="en">' in english.content.decode()
        assert english["Content-Language"] == "en"
    assert 'name="language" value="sv"' in client.get("/").content.decode()

    client.post(reverse("set_language"), {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/").content.decode()


def test_swedish_is_the_default_whatever_the_browser_says(editor, client_for):
    page = client_for(editor).get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert page["Content-Language"] == "sv"


def test_an_unknown_language_is_ignored(editor, client_for):
    client = client_for(editor)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert client.get("/")["Content-Language"] == "sv"


def test_the_switch_does_not_redirect_to_another_site(editor, client_for):
    response = client_for(editor).post(reverse("set_language"),
                                       {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"



def test_selects_offer_a_swedish_empty_choice_and_filters_say_alla(laxa, reader, client_for):
    page = client_for(reader).get("/system/").content.decode()
    assert "Select an option" not in page
    assert '<option value="unknown" selected>Alla</option>' in page
    form = client_for(reader).get("/avtal/").content.decode()
    assert "Select an option" not in form


def test_forms_offer_a_swedish_empty_choice(laxa, editor, client_for):
    page = client_for(editor).get("/system/ny/").content.decode()
    assert "Select an option" not in page and "– Välj –" in page
