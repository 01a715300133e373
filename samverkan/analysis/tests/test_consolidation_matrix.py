"""The consolidation finder's page, exports, API and «Skapa initiativ» through the permission
matrix: reading for everyone signed in (a confidential price only for its owner's users),
proposing an initiative for editors of the cooperation or one of its members; a refusal changes
nothing."""

import pytest
from django.urls import reverse

from samverkan.analysis.tests.consolidation_data import (  # noqa: F401
    YEAR,
)
from samverkan.initiatives.models import Initiative
from samverkan.testing.cast import ANONYMOUS, EDITORS_ANYWHERE, OUTSIDER, ROLES, SIGNED_IN, SUPERUSER
from samverkan.testing.matrix import (
    DENIED,
    SAVED,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

pytestmark = pytest.mark.django_db

SECRET = "123\u00a0456,78"
SEES_SECRET = frozenset({OUTSIDER, SUPERUSER})


def page(query=""):
    def build(cast):
        return (reverse("analysis:consolidation")
                + f"?samverkan={cast.orgs['coop'].pk}&ar={YEAR}{query}")
    return build


def shows_secret(who_sees):
    """Cases for each side of the secret: those who see it and those who do not."""
    shown = [
        Case("finder page (price readers)", page(), who_sees,
             shows=lambda c: ["Unikum Laxå", "Haldor gemensam", SECRET,
                              "Unikum (test) finns i 2 separata installationer.",
                              "2028-01-01", "2 passivt förlängda"]),
        Case("finder page (others)", page(), SIGNED_IN - who_sees,
             shows=lambda c: ["Unikum Laxå", "sekretess", "2028-01-01"],
             hides=lambda c: [SECRET]),
    ]
    return shown


def roles_of(case):
    """A reading case split by who sees the secret checks its own roles (and the anonymous)."""
    if case.method != "get" or case.allowed == SIGNED_IN:
        return ROLES
    return (ANONYMOUS, *sorted(case.allowed))


def initiative_made(cast):
    initiative = Initiative.objects.filter(
        organisation=cast.orgs["coop"], capability=cast.consolidation["capability"]).first()
    return initiative is not None and "2028-01-01" in initiative.problem


CASES = [
    *shows_secret(SEES_SECRET),
    Case("finder without a cooperation", lambda c: reverse("analysis:consolidation"), SIGNED_IN,
         shows=lambda c: ["Välj en samverkan för att skapa ett initiativ"]),
    Case("finder export xlsx", page("&export=xlsx"), SIGNED_IN),
    Case("finder export csv (price readers)", page("&export=csv"), SEES_SECRET,
         shows=lambda c: ["Unikum Hallsberg", "123456"]),
    Case("finder export csv (others)", page("&export=csv"), SIGNED_IN - SEES_SECRET,
         shows=lambda c: ["Unikum Hallsberg", "1 under sekretess"], hides=lambda c: ["123456"]),
    Case("create initiative", lambda c: reverse(
        "analysis:consolidation_initiative", args=[c.consolidation["capability"].pk]),
        EDITORS_ANYWHERE, yes=SAVED, no=DENIED, method="post",
        data=lambda c: {"samverkan": c.orgs["coop"].pk, "ar": YEAR},
        effect=initiative_made),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_consolidation_matrix(case, ccast):
    check_every_role(case, ccast, roles=roles_of(case))


# the analysis URL names this module covers (test_permission_matrix checks every other one)
COVERED = {"consolidation", "consolidation_initiative"}


def test_this_matrix_covers_its_pages(ccast):
    from django.urls import resolve

    assert {resolve(case.url(ccast).split("?")[0]).url_name for case in CASES} == COVERED


API_CASES = [
    Case("consolidation api (price readers)",
         lambda c: f"/api/consolidation/?cooperation={c.orgs['coop'].pk}&year={YEAR}",
         SEES_SECRET, anonymous=UNAUTHORISED, shows=lambda c: ['"ore":12345678']),
    Case("consolidation api (others)",
         lambda c: f"/api/consolidation/?cooperation={c.orgs['coop'].pk}&year={YEAR}",
         SIGNED_IN - SEES_SECRET, anonymous=UNAUTHORISED,
         shows=lambda c: ['"contracts_outside_agreed_term":2', '"hidden":1',
                          '"opens":"2028-01-01"'], hides=lambda c: ["12345678"]),
    Case("consolidation api candidates",
         lambda c: f"/api/consolidation/?candidates=1&year={YEAR}", SIGNED_IN,
         anonymous=UNAUTHORISED, shows=lambda c: ['"several_products":true']),
]


@pytest.mark.parametrize("case", API_CASES, ids=str)
def test_consolidation_api_matrix(case, ccast):
    check_every_role(case, ccast, send=api_send, roles=roles_of(case))


def test_the_button_is_shown_to_those_who_may_propose(ccast):
    for who in SIGNED_IN:
        text = ccast.client(who).get(page()(ccast)).content.decode()
        assert ("Skapa initiativ" in text) == (who in EDITORS_ANYWHERE), who


def test_an_unknown_cooperation_is_refused(ccast):
    client = ccast.client(SUPERUSER)
    assert client.get(reverse("analysis:consolidation") + "?samverkan=999999").status_code == 404
    response = client.get("/api/consolidation/?cooperation=999999",
                          HTTP_ACCEPT="application/json")
    assert response.status_code == 400
