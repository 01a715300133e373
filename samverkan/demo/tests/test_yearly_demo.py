"""The demo gives a yearly follow-up for Laxå and for Sydnärkes IT-nämnd with something in every
section: this year's goals and risks of Lärplattform's plan, the procurement's benefits, the
distributed cost per inhabitant, the contracts that end or run on, the initiatives by stage."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from samverkan.demo import contracts, finance, initiatives, ledger, sydnarke
from samverkan.demo import planning as demo_planning
from samverkan.organisations.models import Organisation
from samverkan.organisations.services import load_reference_data
from samverkan.planning.models import Goal
from samverkan.portfolio.services import load_capabilities
from samverkan.reports import pack as packs
from samverkan.reports import render_pptx, render_xlsx
from samverkan.reports.tests.helpers import slide_texts, xlsx_sheets
from samverkan.reports.yearly import KIND, YearlySubject

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def test_the_demo_follows_up_laxa_and_the_cooperation():
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    contracts.load()
    ledger.load()
    finance.load(today=TODAY)
    sydnarke.create_demo_users()
    demo_planning.load(today=TODAY)
    initiatives.load()
    users = get_user_model().objects
    laxa = Organisation.objects.get(municipality_code="1860")
    board = Organisation.objects.get(name="Sydnärkes IT-nämnd")
    goals = Goal.objects.filter(plan__organisation=board, plan__year=TODAY.year).count()
    for organisation, username in ((laxa, "laxa"), (board, "sydnarke")):
        pack = packs.build(YearlySubject(organisation, TODAY.year), users.get(username=username),
                           as_of=TODAY, kind=KIND)
        assert [part.key for part in pack.sections] == [
            "omslag", "mal", "nyttor", "kostnad", "avtal", "risker",
            "initiativ"]
        for part in pack.sections[1:]:
            assert part.content.tables[0].rows, (organisation, part.key)
        assert len(pack.section("mal").content.tables[0].rows) == goals
        deck = render_pptx.render(pack)
        assert f"Årsuppföljning {TODAY.year} – {organisation.name}" in "\n".join(slide_texts(deck))
        sheets = xlsx_sheets(render_xlsx.render(pack))
        assert len(sheets[f"IT-kostnad per invånare {TODAY.year}"]) == 1 + 4  # the members
