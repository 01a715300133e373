"""A ?next= target or a cancel link only ever leads to a page on this site."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from samverkan.core.redirects import safe_next, safe_url

HOSTILE = ["javascript:alert(1)", "https://evil.example/", "//evil.example", "\\\\evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_foreign_or_script_next_falls_back_to_the_default(target):
    request = RequestFactory().get("/", {"next": target})
    assert safe_next(request, "/system/") == "/system/"


def test_a_local_next_is_kept():
    request = RequestFactory().get("/", {"next": "/system/?q=Procapita"})
    assert safe_next(request, "/") == "/system/?q=Procapita"


def test_a_posted_next_is_checked_too():
    request = RequestFactory().post("/", {"next": "https://evil.example/"})
    assert safe_next(request) == "/"
    assert safe_url(request, "/avtal/", "/") == "/avtal/"


@pytest.mark.parametrize("target", HOSTILE)
def test_the_cancel_link_of_a_new_record_never_leads_off_site(client_for, editor, target):
    response = client_for(editor).get(reverse("portfolio:system_add"), {"next": target})
    assert response.status_code == 200
    assert response.context["cancel_url"] == "/"
    assert b'<a class="btn btn-link" href="/">' in response.content  # the "Avbryt" link


def test_the_cancel_link_of_a_new_record_keeps_a_local_next(client_for, editor):
    response = client_for(editor).get(reverse("portfolio:system_add"), {"next": "/avtal/"})
    assert response.context["cancel_url"] == "/avtal/"
    assert b'<a class="btn btn-link" href="/avtal/">' in response.content
