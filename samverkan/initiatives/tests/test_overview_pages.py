"""The pipeline, the prioritisation and the benefit follow-up: each role sees what it may, only
the cooperation's editors prioritise, the figures are the services' own, and a contract nearing
its end is found from the register."""

import datetime
import io
from fractions import Fraction

import pytest
from django.test import Client
from openpyxl import load_workbook

from samverkan.testing.factories import ContractFactory, SystemFactory

from ..models import (
    Benefit,
    BenefitYear,
    CostYear,
    Criterion,
    Initiative,
    Participation,
    PrioritisationDecision,
    Score,
)
from ..services import benefits as benefit_rules
from ..services import priority

ROLES = ("proposer", "coop_editor", "member_reader", "outsider")
S = Initiative.Stage


def _client(world, who):
    client = Client()
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


@pytest.fixture
def three(world):
    idea = world.initiative(name="Gemensam e-arkivering", stage=S.IDEA)
    plan = world.initiative(name="Gemensam lärplattform", stage=S.PLAN,
                            project_budget_ore=1_200_000_00)
    running = world.initiative(name="Digital nämndhandling", stage=S.EXECUTION,
                               project_budget_ore=300_000_00)
    Participation.objects.create(initiative=plan, organisation=world.members["Hallsberg"],
                                 status=Participation.Status.BINDING)
    Participation.objects.create(initiative=plan, organisation=world.members["Askersund"],
                                 status=Participation.Status.INTEREST)
    return idea, plan, running


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_every_page_answers_each_role(world, three, who):
    client = _client(world, who)
    pages = ["/initiativ/steg/", f"/initiativ/steg/?organisation={world.coop.pk}",
             f"/initiativ/prioritering/{world.coop.pk}/", "/initiativ/nyttor/",
             f"/initiativ/nyttor/?organisation={world.coop.pk}",
             f"/initiativ/nyttor/?organisation={world.members['Laxå'].pk}",
             "/initiativ/nyttor/?export=xlsx", f"/initiativ/prioritering/{world.coop.pk}/?export=csv"]
    for url in pages:
        assert client.get(url).status_code == (302 if who == "anonymous" else 200), url


def test_the_pipeline_counts_and_sums_each_stage(world, three, client):
    client.force_login(world.users["member_reader"])
    page = client.get(f"/initiativ/steg/?organisation={world.coop.pk}")
    columns = {c.stage: c for c in page.context["columns"]}
    assert (columns[S.IDEA].count, columns[S.PLAN].count, columns[S.EXECUTION].count) == (1, 1, 1)
    assert columns[S.PLAN].budget_ore == 1_200_000_00
    assert page.context["total_budget_ore"] == 1_500_000_00
    card = columns[S.PLAN].initiatives[0]
    assert (card.binding, card.interested) == (1, 1)
    text = page.content.decode()
    assert "1\u00a0500\u00a0000" in text or "1 500 000" in text


def test_the_pipeline_query_count_does_not_grow(world, django_assert_max_num_queries, client):
    client.force_login(world.users["coop_editor"])
    for n in range(30):
        world.initiative(name=f"Initiativ {n}", stage=list(S.values)[n % 9])
    with django_assert_max_num_queries(30):
        client.get("/initiativ/steg/")


@pytest.mark.parametrize("who,allowed", [("coop_editor", True), ("proposer", False),
                                         ("member_reader", False), ("outsider", False)])
def test_only_the_cooperations_editors_prioritise(world, three, who, allowed):
    client = _client(world, who)
    url = f"/initiativ/prioritering/{world.coop.pk}/"
    response = client.post(url, {"action": "create"})
    assert response.status_code == (302 if allowed else 403)
    assert Criterion.objects.filter(organisation=world.coop).exists() == allowed


def test_weights_and_scores_give_the_ranking(world, three, client):
    idea, plan, running = three
    criteria = priority.ensure_criteria(world.coop)
    client.force_login(world.users["coop_editor"])
    data = {f"weight-{c.pk}": 1 for c in criteria}
    data[f"weight-{criteria[0].pk}"] = 3
    data[f"score-{plan.pk}-{criteria[0].pk}"] = 80
    data[f"score-{idea.pk}-{criteria[1].pk}"] = 90
    assert client.post(f"/initiativ/prioritering/{world.coop.pk}/", data).status_code == 302
    assert Criterion.objects.get(pk=criteria[0].pk).weight == 3
    page = client.get(f"/initiativ/prioritering/{world.coop.pk}/")
    ranked = [(r.initiative.name, r.score) for r, _e in page.context["ranked"]]
    total = 3 + len(criteria) - 1
    assert ranked[0] == ("Gemensam lärplattform", Fraction(240, total))
    assert ranked[1] == ("Gemensam e-arkivering", Fraction(90, total))
    # an empty field removes the score; a score outside 1–100 is refused with a message
    data.pop(f"score-{idea.pk}-{criteria[1].pk}")
    data[f"score-{plan.pk}-{criteria[0].pk}"] = 101
    client.post(f"/initiativ/prioritering/{world.coop.pk}/", data)
    assert Score.objects.get(initiative=plan).score == 80
    data[f"score-{plan.pk}-{criteria[0].pk}"] = 70
    client.post(f"/initiativ/prioritering/{world.coop.pk}/", data)
    assert list(Score.objects.values_list("score", flat=True)) == [70]


def test_a_contract_of_the_initiatives_system_nearing_its_end_is_shown(world, three, client):
    _idea, plan, _running = three
    today = datetime.date.today()
    system = SystemFactory(organisation=world.members["Laxå"], name="Lärplattform Laxå")
    plan.systems.add(system)
    contract = ContractFactory(organisation=world.members["Laxå"], title="Lärplattformsavtal",
                               start_date=today - datetime.timedelta(days=700),
                               original_end_date=today + datetime.timedelta(days=200))
    contract.systems.add(system)
    far = ContractFactory(organisation=world.members["Laxå"], title="Långt avtal",
                          start_date=today, original_end_date=today + datetime.timedelta(days=2000))
    far.systems.add(system)
    found = priority.ending_contracts([plan], world.users["coop_editor"], today)
    assert [(e.contract.title, e.term_end) for e in found[plan.pk]] == [
        ("Lärplattformsavtal", today + datetime.timedelta(days=200))]
    client.force_login(world.users["member_reader"])
    assert "Lärplattformsavtal" in client.get(
        f"/initiativ/prioritering/{world.coop.pk}/").content.decode()


def test_the_benefit_follow_up_flags_what_is_overdue_and_sums_per_year(world, three, client):
    _idea, plan, _running = three
    laxa = world.members["Laxå"]
    money = Benefit.objects.create(initiative=plan, name="Lägre licenskostnad", organisation=laxa,
                                   kind=Benefit.Kind.MONEY, indicator="kr per år")
    BenefitYear.objects.create(benefit=money, year=2024, target=100_000_00, realised=90_000_00)
    BenefitYear.objects.create(benefit=money, year=2025, target=150_000_00)  # overdue
    time = Benefit.objects.create(initiative=plan, name="Mindre administration",
                                  organisation=world.members["Hallsberg"],
                                  kind=Benefit.Kind.TIME, indicator="timmar")
    BenefitYear.objects.create(benefit=time, year=2025, target=400, realised=300)
    CostYear.objects.create(initiative=plan, year=2024, amount_ore=50_000_00)
    result = benefit_rules.follow_up(Benefit.objects.all(), CostYear.objects.all(),
                                     today=datetime.date(2026, 2, 1))
    assert result.money_by_year == [(2024, 100_000_00, 90_000_00, 50_000_00),
                                    (2025, 150_000_00, 0, 0)]
    assert [(r.benefit.name, r.year.year) for r in result.overdue] == [
        ("Lägre licenskostnad", 2025)]
    assert [r.share for r in result.rows] == [90, None, 75]
    client.force_login(world.users["member_reader"])
    page = client.get(f"/initiativ/nyttor/?organisation={laxa.pk}").content.decode()
    assert "Lägre licenskostnad" in page and "Mindre administration" not in page
    export = client.get(f"/initiativ/nyttor/?organisation={world.coop.pk}&export=xlsx")
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.values)
    header = rows[0]
    assert rows[1][header.index("Mål")] == 100_000
    assert {r[header.index("Nytta")] for r in rows[1:]} == {"Lägre licenskostnad",
                                                             "Mindre administration"}


def test_a_benefit_and_its_years_are_entered_on_the_initiatives_page(world, three, client):
    _idea, plan, _running = three
    client.force_login(world.users["coop_editor"])
    page = client.get(f"/initiativ/{plan.pk}/").content.decode()
    assert f"/initiativ/{plan.pk}/nyttor/ny/" in page
    response = client.post(f"/initiativ/{plan.pk}/nyttor/ny/", {
        "name": "Lägre licenskostnad", "organisation": world.members["Laxå"].pk,
        "kind": "pengar", "indicator": "kr per år", "confidence": "estimat"})
    assert response.status_code == 302, response.content.decode()[:2000]
    benefit = Benefit.objects.get()
    response = client.post(f"/initiativ/nyttor/{benefit.pk}/ar/ny/", {
        "year": 2025, "target_value": "125000,50", "realised_value": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    year = BenefitYear.objects.get()
    assert (year.target, year.realised) == (12_500_050, None)
    edit = f"/initiativ/nyttor/{benefit.pk}/ar/{year.pk}/"
    assert 'value="125000' in client.get(edit).content.decode()
    client.post(edit, {"year": 2025, "target_value": "125000,50", "realised_value": "99000",
                       "expected_version": 1})
    assert BenefitYear.objects.get().realised == 9_900_000
    # a stale form changes nothing
    response = client.post(edit, {"year": 2025, "target_value": "1", "expected_version": 1})
    assert response.status_code == 400 and BenefitYear.objects.get().target == 12_500_050
    # a member's reader neither sees the buttons nor may post
    reader = _client(world, "member_reader")
    assert f"/initiativ/{plan.pk}/nyttor/ny/" not in reader.get(
        f"/initiativ/{plan.pk}/").content.decode()
    assert reader.get(f"/initiativ/{plan.pk}/nyttor/ny/").status_code == 403


@pytest.mark.parametrize("who,allowed", [("hallsberg_editor", True), ("coop_editor", True),
                                         ("proposer", False), ("member_reader", False)])
def test_a_member_signs_its_participation_on_the_page(world, three, who, allowed):
    _idea, plan, _running = three
    participation = Participation.objects.get(organisation=world.members["Askersund"])
    participation.organisation = world.members["Hallsberg"]
    Participation.objects.filter(initiative=plan, status="bindande").delete()
    participation.save()
    client = _client(world, who)
    page = client.get(f"/initiativ/{plan.pk}/").content.decode()
    assert (f"/initiativ/deltagande/{participation.pk}/teckna/" in page) == allowed
    response = client.post(f"/initiativ/deltagande/{participation.pk}/teckna/", {
        "agreement": "SGM3", "signatory": world.people["Hallsberg"].pk,
        "signed_on": "2025-03-04", "expected_version": participation.version})
    assert response.status_code == (302 if allowed else 403)
    participation.refresh_from_db()
    assert (participation.status == Participation.Status.BINDING) == allowed


def test_the_group_records_its_decision_on_the_ranking(world, three):
    idea, plan, running = three
    criteria = priority.ensure_criteria(world.coop)
    priority.save_scores(world.users["coop_editor"], world.coop,
                         {c.pk: 10 for c in criteria},
                         {(plan.pk, c.pk): 90 for c in criteria}
                         | {(running.pk, c.pk): 40 for c in criteria})
    client = _client(world, "coop_editor")
    url = f"/initiativ/prioritering/{world.coop.pk}/"
    assert "Protokollför prioriteringen" in client.get(url).content.decode()
    response = client.post(url, {"action": "decide", "meeting": world.meeting.pk,
                                 "note": "Förstudien om e-arkiv väntar till 2027."})
    assert response.status_code == 302
    decided = PrioritisationDecision.objects.get()
    assert [r["name"] for r in decided.ranking] == [plan.name, running.name, idea.name]
    assert [r["score"] for r in decided.ranking] == ["90,0", "40,0", "0,0"]  # unscored count 0
    assert decided.decision.meeting == world.meeting and decided.decision.number == 1
    assert "1. Gemensam lärplattform (90,0 poäng)" in decided.decision.text
    assert "e-arkiv väntar" in decided.decision.text
    # later scores do not change what was decided
    priority.save_scores(world.users["coop_editor"], world.coop, {},
                         {(idea.pk, c.pk): 100 for c in criteria})
    decided.refresh_from_db()
    assert decided.ranking[0]["name"] == plan.name
    page = client.get(url).content.decode()
    assert "§ 1/2025" in page and "Ingen prioritering är beslutad" not in page


@pytest.mark.parametrize("who", ["member_reader", "proposer", "outsider"])
def test_only_the_cooperations_editors_record_the_decision(world, three, who):
    priority.ensure_criteria(world.coop)
    client = _client(world, who)
    response = client.post(f"/initiativ/prioritering/{world.coop.pk}/",
                           {"action": "decide", "meeting": world.meeting.pk})
    assert response.status_code == 403 and not PrioritisationDecision.objects.exists()


def test_approved_minutes_take_no_new_decision(world, three):
    priority.ensure_criteria(world.coop)
    Meeting = type(world.meeting)
    Meeting.objects.filter(pk=world.meeting.pk).update(
        minutes_approved_on=datetime.date(2025, 3, 10))
    response = _client(world, "coop_editor").post(
        f"/initiativ/prioritering/{world.coop.pk}/",
        {"action": "decide", "meeting": world.meeting.pk})
    assert response.status_code == 302 and not PrioritisationDecision.objects.exists()


def test_who_keeps_the_freed_amount_is_a_decision_of_the_cooperation(world, three):
    from samverkan.planning.models import Decision

    _idea, plan, _running = three
    own = Decision.objects.create(meeting=world.meeting, series="p", year=2025, number=4,
                                  title="Vinsten", text="Kommunerna behåller sin andel.")
    other_meeting = type(world.meeting).objects.create(
        organisation=world.stranger, title="Annat möte", held_on=datetime.date(2025, 3, 5))
    other = Decision.objects.create(meeting=other_meeting, series="q", year=2025, number=1,
                                    title="Främmande", text="-")
    client = _client(world, "coop_editor")
    data = {"name": "Lägre licenskostnad", "organisation": world.members["Laxå"].pk,
            "kind": "pengar", "indicator": "kr per år", "confidence": "estimat",
            "winner": "Kommunerna behåller sin andel."}
    refused = client.post(f"/initiativ/{plan.pk}/nyttor/ny/", data | {"winner_decision": other.pk})
    assert refused.status_code == 400 and not Benefit.objects.exists()
    saved = client.post(f"/initiativ/{plan.pk}/nyttor/ny/", data | {"winner_decision": own.pk})
    assert saved.status_code == 302 and Benefit.objects.get().winner_decision == own
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "§ 4/2025" in page and "Kommunerna behåller sin andel." in page
