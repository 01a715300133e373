"""The core pages (search, imports) × every role, with the shared cast."""

import pytest
from django.urls import resolve, reverse

from samverkan.core.urls import urlpatterns as core_urls
from samverkan.testing.cast import SIGNED_IN
from samverkan.testing.matrix import Case, check_every_role

pytestmark = pytest.mark.django_db

CASES = [
    Case("search", lambda c: reverse("core:search") + "?q=System", SIGNED_IN,
         shows=lambda c: [s.name for s in c.systems.values()]),
    Case("search by product", lambda c: reverse("core:search") + "?q=Lärplattformen", SIGNED_IN,
         shows=lambda c: ["System Laxå", "System Hallsberg"]),
    Case("imports", lambda c: reverse("core:imports"), SIGNED_IN, shows=lambda c: ["system.csv"]),
    # a menu group as a page: the register dropdown's links, with JavaScript off
    Case("menu", lambda c: reverse("core:menu", args=["register"]), SIGNED_IN,
         shows=lambda c: ["Organisationer", "Användare och roller", "/api/docs/"]),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_core_pages_in_the_permission_matrix(case, module_cast):
    check_every_role(case, module_cast)


def test_every_core_page_is_in_the_matrix(module_cast):
    covered = {resolve(case.url(module_cast).split("?")[0]).url_name for case in CASES}
    assert {p.name for p in core_urls} - covered == set()
