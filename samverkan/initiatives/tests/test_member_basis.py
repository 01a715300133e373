"""A member's own decision basis for joining: its share of each budget is the initiative's
split to the öre, its own benefits apart from the cooperation's common ones, and only those who
see the initiative see it."""

import json
import re

import pytest
from django.test import Client

from ..models import Benefit, BenefitYear, Initiative, Participation
from ..services import benefits, money

S = Initiative.Stage


@pytest.fixture
def proposal(world):
    initiative = world.initiative(stage=S.PLAN, project_budget_ore=1_200_000_00,
                                  management_budget_ore=300_000_01, agreement_year=2025)
    for name in ("Laxå", "Hallsberg", "Askersund"):
        Participation.objects.create(initiative=initiative, organisation=world.members[name],
                                     gave_solution=name == "Laxå")
    own = Benefit.objects.create(initiative=initiative, name="Färre pappersansökningar",
                                 organisation=world.members["Hallsberg"],
                                 kind=Benefit.Kind.MONEY, indicator="kr")
    BenefitYear.objects.create(benefit=own, year=2026, target=40_000_00, realised=35_000_50)
    BenefitYear.objects.create(benefit=own, year=2027, target=60_000_00)
    Benefit.objects.create(initiative=initiative, name="Gemensam kravbild",
                           organisation=world.coop, kind=Benefit.Kind.QUALITY, indicator="")
    Benefit.objects.create(initiative=initiative, name="Askersunds nytta",
                           organisation=world.members["Askersund"], kind=Benefit.Kind.TIME,
                           indicator="timmar")
    return initiative


def test_the_basis_is_the_members_share_of_each_split(world, proposal):
    hallsberg = world.members["Hallsberg"]
    splits = [("Projekt", money.budget_split(proposal)),
              ("Förvaltning", money.budget_split(proposal, budget="forvaltning"))]
    basis = benefits.member_basis(proposal, hallsberg.pk, splits)
    assert basis.cost_ore == sum(split.by_id()[hallsberg.pk].amount_ore for _l, split in splits)
    assert basis.money_by_year == [(2026, 40_000_00, 35_000_50), (2027, 60_000_00, 0)]
    assert basis.benefit_ore == 100_000_00
    assert [b.name for b in basis.benefits] == ["Färre pappersansökningar"]
    assert [b.name for b in basis.common] == ["Gemensam kravbild"]


def test_the_page_shows_the_members_figures(world, proposal):
    hallsberg = world.members["Hallsberg"]
    client = Client()
    client.force_login(world.users["member_reader"])  # a reader in Hallsberg
    page = client.get(proposal.get_absolute_url()).content.decode()
    url = f"/initiativ/{proposal.pk}/beslutsunderlag/{hallsberg.pk}/"
    assert url in page
    page = client.get(url).content.decode()
    share = money.budget_split(proposal).by_id()[hallsberg.pk].amount_ore
    assert f"{share // 100:,}".replace(",", "\u00a0") in page
    assert "Färre pappersansökningar" in page and "Gemensam kravbild" in page
    assert "Askersunds nytta" not in page
    assert "100\u00a0000,00\u00a0kr" in page  # the member's money benefits summed


def test_the_gift_member_pays_nothing_and_it_says_why(world, proposal):
    client = Client()
    client.force_login(world.users["coop_editor"])
    page = client.get(f"/initiativ/{proposal.pk}/beslutsunderlag/{world.members['Laxå'].pk}/")
    assert "SGM4" in page.content.decode() and "0,00\u00a0kr" in page.content.decode()


@pytest.mark.parametrize("who", ["outsider", "proposer", "anonymous"])
def test_it_is_seen_by_those_who_see_the_initiative(world, proposal, who):
    client = Client()
    if who != "anonymous":
        client.force_login(world.users[who])
    url = f"/initiativ/{proposal.pk}/beslutsunderlag/{world.members['Hallsberg'].pk}/"
    assert client.get(url).status_code == client.get(proposal.get_absolute_url()).status_code
    assert client.get(url).status_code in (200, 302)


def test_a_non_participant_has_no_basis(world, proposal):
    client = Client()
    client.force_login(world.users["coop_editor"])
    url = f"/initiativ/{proposal.pk}/beslutsunderlag/{world.stranger.pk}/"
    assert client.get(url).status_code == 404


def test_the_initiatives_page_charts_the_split_as_its_table(world, proposal):
    client = Client()
    client.force_login(world.users["coop_editor"])
    page = client.get(proposal.get_absolute_url()).content.decode()
    spec = json.loads(re.search(r'<script id="chart-split" type="application/json">(.*?)</script>',
                                page, re.S).group(1))
    split = money.budget_split(proposal)
    assert spec["data"][0]["y"] == [s.name for s in split.shares]
    assert spec["data"][0]["x"] == [s.amount_ore / 100 for s in split.shares]
