"""Reaching the yearly follow-up: the form on the organisation's page and on the reports page,
the generic document form, issuing, the print view, and the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from samverkan.reports.models import IssuedReport
from samverkan.reports.yearly import KIND

from . import yearly_world
from .helpers import xlsx_sheets

pytestmark = pytest.mark.django_db
YEAR = yearly_world.YEAR
MAKE = f"/rapporter/ta-fram/{KIND}/"


@pytest.fixture
def world(laxa, hallsberg, cooperation, superuser):
    return yearly_world.build(laxa, hallsberg, cooperation, superuser)


def test_the_organisations_page_links_it_for_those_who_may_make_it(world, reader, outsider,
                                                                    client_for):
    page = client_for(reader).get(world.laxa.get_absolute_url()).content.decode()
    assert f'action="{MAKE}"' in page and f'name="organisation" value="{world.laxa.pk}"' in page
    assert f'<option value="{YEAR}"' in page
    assert f'action="{MAKE}"' not in client_for(outsider).get(
        world.laxa.get_absolute_url()).content.decode()


def test_the_reports_page_offers_the_organisations_the_user_may_follow_up(world, reader,
                                                                         client_for):
    page = client_for(reader).get("/rapporter/").content.decode()
    assert f'action="{MAKE}"' in page
    assert f'<option value="{world.laxa.pk}">Laxå</option>' in page
    assert f'<option value="{world.cooperation.pk}">' in page
    assert f'<option value="{world.hallsberg.pk}">' not in page


def test_made_issued_and_printed_from_the_generic_form(world, reader, client_for):
    client = client_for(reader)
    query = f"?organisation={world.laxa.pk}&year={YEAR}"
    form = client.get(MAKE + query)
    assert form.status_code == 200
    assert "Årsuppföljning 2026 – Laxå" in form.content.decode()
    response = client.post(MAKE + query, {"sections": ["mal", "avtal"], "format": "xlsx"})
    assert response.status_code == 302
    issued = IssuedReport.objects.get()
    assert (issued.kind, issued.organisation, issued.sections) == (KIND, world.laxa,
                                                                   ["mal", "avtal"])
    assert issued.subject == {"organisation": str(world.laxa.pk), "year": str(YEAR)}
    assert "Mål med trafikljus" in xlsx_sheets(bytes(issued.content))
    printed = client.get(f"/rapporter/utskrift/{KIND}/{query}").content.decode()
    assert 'class="light light-gron"' in printed and "Risker över tröskeln" in printed
    assert client.get(MAKE + f"?organisation={world.laxa.pk}&year=tjugo").status_code == 404


def test_the_command_line(world, reader, outsider, tmp_path):
    output = tmp_path / "arsuppfoljning.xlsx"
    call_command("report", KIND, "--organisation", str(world.laxa.pk), "--year", str(YEAR),
                 "--format", "xlsx", "--output", str(output), "--user", reader.username)
    sheets = xlsx_sheets(output.read_bytes())
    assert "IT-kostnad per invånare 2026" in sheets and "Initiativ per steg" in sheets
    with pytest.raises(CommandError):
        call_command("report", KIND, "--organisation", str(world.laxa.pk), "--year", str(YEAR),
                     "--output", str(output), "--user", outsider.username)
