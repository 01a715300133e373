"""A pack holds only what its reader may see: a contract's price under secrecy reaches the
pack (PowerPoint, Excel, print, API) of the contract owner's members and superusers only, and
nothing in anyone else's pack changes with it (no total, order, count or flag)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.core.formatting import format_ore, ore_to_kronor
from samverkan.planning.tests.factories import DecisionFactory, MeetingFactory
from samverkan.reports import services
from samverkan.reports.models import IssuedReport
from samverkan.testing.factories import ManagementObjectFactory
from samverkan.testing.factories.contracts import (
    ContractFactory,
    ContractPartyFactory,
    ExtensionOptionFactory,
)

from .helpers import slide_texts, xlsx_sheets

pytestmark = pytest.mark.django_db

SECRET_ORE = 4_711_123_45


@pytest.fixture
def secret_meeting(laxa, cooperation):
    """The cooperation's steering group decides on using the extension option of a contract of
    Laxå's whose prices are under secrecy."""
    contract = ContractFactory(organisation=laxa, title="Lärplattformsavtalet",
                               prices_confidential=True)
    party = ContractPartyFactory(contract=contract, organisation=laxa,
                                 annual_amount_ore=SECRET_ORE)
    option = ExtensionOptionFactory(contract=contract)
    obj = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    meeting = MeetingFactory(management_object=obj, organisation=cooperation,
                             held_on=datetime.date(2026, 11, 30))
    DecisionFactory(meeting=meeting, title="Förlängning av avtalet", contract_option=option)
    return meeting, party


def texts(user, meeting) -> dict[str, str]:
    """What each format shows, as text (creation times inside the files left out)."""
    out = {}
    for fmt in ("pptx", "xlsx", "html"):
        content = services.steering_pack(user, meeting, fmt=fmt)[1]
        if fmt == "pptx":
            out[fmt] = "\n".join(slide_texts(content))
        elif fmt == "xlsx":
            out[fmt] = repr(xlsx_sheets(content))
        else:
            out[fmt] = content.decode()
    return out


def shows_secret(shown: dict[str, str]) -> dict[str, bool]:
    return {"pptx": format_ore(SECRET_ORE) in shown["pptx"],
            "xlsx": repr(ore_to_kronor(SECRET_ORE)) in shown["xlsx"]
            or str(float(ore_to_kronor(SECRET_ORE))) in shown["xlsx"],
            "html": format_ore(SECRET_ORE) in shown["html"]}


def test_the_owners_members_see_the_price_in_every_format(secret_meeting, reader, superuser):
    meeting, _party = secret_meeting
    for user in (reader, superuser):
        assert shows_secret(texts(user, meeting)) == {"pptx": True, "xlsx": True, "html": True}


def test_others_never_see_it_in_any_format(secret_meeting, outsider, coop_editor):
    meeting, _party = secret_meeting
    for user in (outsider, coop_editor):
        assert shows_secret(texts(user, meeting)) == {"pptx": False, "xlsx": False,
                                                      "html": False}


def test_nothing_in_an_outsiders_pack_depends_on_the_price(secret_meeting, coop_editor):
    meeting, party = secret_meeting
    before = texts(coop_editor, meeting)
    party.annual_amount_ore = 1
    party.save()
    assert texts(coop_editor, meeting) == before
    party.annual_amount_ore = None
    party.save()
    assert texts(coop_editor, meeting) == before


def test_an_issued_pack_with_the_price_opens_only_for_its_issuer(secret_meeting, reader,
                                                                   coop_editor, client):
    meeting, _party = secret_meeting
    issued = services.issue(reader, meeting, fmt="xlsx")
    assert issued.contains_confidential
    assert list(services.visible_issued(coop_editor)) == []
    own = services.issue(coop_editor, meeting, fmt="xlsx")
    assert not own.contains_confidential
    assert list(services.visible_issued(coop_editor)) == [own]
    client.force_login(coop_editor)
    assert client.get(reverse("reports:issued_file", args=[issued.pk])).status_code == 404
    listing = client.get("/api/issued-reports/", HTTP_ACCEPT="application/json").json()
    assert [r["id"] for r in listing["results"]] == [own.pk]
    client.force_login(reader)
    response = client.get(reverse("reports:issued_file", args=[issued.pk]))
    sheets = load_workbook(io.BytesIO(response.content))
    assert "Beslutsärenden" in sheets.sheetnames
    assert IssuedReport.objects.count() == 2


def test_the_api_pack_follows_its_caller(secret_meeting, reader, coop_editor, client):
    meeting, _party = secret_meeting
    url = f"/api/reports/steering-pack/?meeting={meeting.pk}&format=html"
    client.force_login(coop_editor)
    response = client.get(url)
    assert response.status_code == 200
    assert "Förlängning av avtalet" in response.content.decode()
    assert format_ore(SECRET_ORE) not in response.content.decode()
    client.force_login(reader)
    response = client.get(url)
    assert response.status_code == 200
    assert format_ore(SECRET_ORE) in response.content.decode()
