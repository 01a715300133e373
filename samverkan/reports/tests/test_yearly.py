"""The yearly follow-up: each section's figures against the services that computed them, the
three formats read back, who may make one, and a price under secrecy kept out of every format
for readers outside the contract."""

from __future__ import annotations

import datetime

import pytest

from samverkan.contracts import terms
from samverkan.core.formatting import format_ore, ore_to_kronor
from samverkan.finance import services as finance
from samverkan.initiatives.models import Initiative
from samverkan.initiatives.services import benefits as benefit_rules
from samverkan.ledger import services as ledger
from samverkan.planning import followup
from samverkan.planning.models import Goal, Risk
from samverkan.reports import pack as packs
from samverkan.reports import services
from samverkan.reports.registry import Context
from samverkan.reports.yearly import KIND, YearlySubject, resolve
from samverkan.reports.yearly.economy import per_inhabitant_ore
from samverkan.reports.yearly.initiatives import benefit_scope
from samverkan.reports.yearly.plans import light_text

from . import yearly_world
from .helpers import pptx_charts, pptx_tables, slide_texts, xlsx_sheets

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2027, 1, 15)
YEAR = yearly_world.YEAR


@pytest.fixture
def world(laxa, hallsberg, cooperation, superuser):
    return yearly_world.build(laxa, hallsberg, cooperation, superuser)


def build(organisation, user, **values):
    return packs.build(YearlySubject(organisation, YEAR, **values), user, as_of=AS_OF,
                       kind=KIND)


def _ctx(organisation, user):
    return Context(YearlySubject(organisation, YEAR), user, AS_OF, {}, kind=KIND)


def section(pack, key):
    return pack.section(key).content


def test_goals_of_the_plans_concerning_the_member_with_their_lights(world, reader):
    content = section(build(world.laxa, reader), "mal")
    goals = Goal.objects.filter(plan__year=YEAR, plan__organisation__in=[
        world.laxa, world.cooperation]).order_by("plan__name", "pk")
    rows = content.tables[0].rows
    assert sorted((r[1], r[6]) for r in rows) == sorted(
        (g.title, light_text(followup.goal_colour(g))) for g in goals)
    assert "Hallsbergs mål" not in [r[1] for r in rows]
    assert {r[1]: r[6] for r in rows}["Färre ärenden"] == "gul"  # 60 % is in the yellow band
    assert content.paragraphs[0] == "Av 4 mål: gröna 1, gula 1, röda 1, ej bedömda 1."


def test_benefits_planned_against_realised_in_the_year(world, reader, coop_editor):
    pack = build(world.laxa, reader)
    money = section(pack, "nyttor").tables[0]
    benefits, costs = benefit_scope(_ctx(world.laxa, reader))
    expected = benefit_rules.follow_up(benefits, costs, today=AS_OF)
    planned, realised = next((t, r) for y, t, r, _c in expected.money_by_year if y == YEAR)
    assert money.total[3:5] == [planned, realised] == [120_000_00, 95_000_50]
    assert [r[1] for r in money.rows] == ["Lägre licenskostnad"]
    other = section(pack, "nyttor").tables[1]
    assert [r[1:3] + r[4:6] for r in other.rows] == [
        ["Mindre administration", "Laxå", 400, None]]
    coop = section(build(world.cooperation, coop_editor), "nyttor").tables[0]
    assert coop.total[3] == 120_000_00 + 300_000_00


def test_cost_per_inhabitant_from_the_ledger_and_the_distribution(world, reader, coop_editor):
    content = section(build(world.cooperation, coop_editor), "kostnad")
    table = content.tables[0]
    summary = finance.summary(coop_editor, YEAR, issuer=world.cooperation)
    charged = {row.organisation.name: row.total_ore for row in summary.rows}
    rows = {row[0].rstrip(" ◂"): row for row in table.rows}
    assert list(rows) == ["Hallsberg", "Laxå"]
    for name, inhabitants in yearly_world.POPULATION.items():
        row = rows[name]
        assert row[1:3] == [inhabitants, "2025"]
        assert row[5] == charged[name]
        assert row[6] == per_inhabitant_ore(charged[name], inhabitants)
    # the secret contract's booking counts for no one outside Hallsberg
    assert rows["Laxå"][3] == 1_234_567_89  # unclassified lines are not IT cost
    assert rows["Hallsberg"][3] == 2_000_000_00 == ledger.actual_cost_ore(
        year=YEAR, organisation=world.hallsberg, seen_by=world.cooperation.pk)
    assert rows["Hallsberg"][4] == round(2_000_000_00 / 16_200)
    assert any("2026 saknas, 2025 används" in p for p in content.paragraphs)
    assert content.charts[0].series[0][1] == [rows["Hallsberg"][4], rows["Laxå"][4]]
    # a member's reader reads its own distributed amount only
    mine = {row[0].rstrip(" ◂"): row for row in section(build(world.laxa, reader),
                                                          "kostnad").tables[0].rows}
    assert mine["Laxå"][5] == charged["Laxå"] and mine["Hallsberg"][5] is None


def test_contracts_ending_within_a_year_or_passively_extended(world, reader):
    table = section(build(world.laxa, reader), "avtal").tables[0]
    titles = [row[0] for row in table.rows]
    assert len(titles) == 3 and not any("Långt avtal" in t for t in titles)
    passive = next(r for r in table.rows if "Ekonomisystem" in r[0])
    on = datetime.date(YEAR, 12, 31)
    assert passive[3] == terms.StatusKind.PASSIVELY_EXTENDED.label
    assert passive[2] == "Passivt förlängt" and passive[6] == 250_000_00
    contract = world.laxa.contracts.get(title="Ekonomisystem")
    assert passive[5] == terms.notice_deadline(contract, on)
    joint = next(r for r in table.rows if "Gemensam lärplattform" in r[0])
    assert joint[6] == 40_000_00  # Laxå's own part of the cooperation's contract


def test_risks_above_the_threshold(world, reader):
    content = section(build(world.laxa, reader), "risker")
    red = followup.risk_thresholds()[0]
    expected = [r for r in Risk.objects.filter(plan__year=YEAR, plan__organisation__in=[
        world.laxa, world.cooperation]) if r.priority >= red and not (
        r.affected.exists() and not r.affected.filter(pk=world.laxa.pk).exists())]
    rows = content.tables[0].rows
    assert sorted(r[2] for r in rows) == sorted(r.description for r in expected) == [
        "Leverantören svarar inte", "Nyckelperson slutar"]
    assert [r[5] for r in rows] == [16, 12]
    higher = section(build(world.laxa, reader, threshold=13), "risker").tables[0].rows
    assert [r[2] for r in higher] == ["Leverantören svarar inte"]


def test_initiatives_by_stage(world, reader, coop_editor):
    content = section(build(world.laxa, reader), "initiativ")
    by_stage, listing = content.tables
    assert [r[0] for r in listing.rows] == ["Laxås bokningssystem", "Gemensam lärplattform"]
    assert listing.rows[0][2] == "D. Anmälan att nyttja lösningen" == str(
        Initiative.objects.get(name="Laxås bokningssystem").step())
    assert by_stage.rows == [["Intresseanmälan", 1], ["Genomförande", 1]]
    coop = section(build(world.cooperation, coop_editor), "initiativ")
    assert coop.tables[0].total == ["Summa", 4]


def test_the_three_formats_read_back(world, reader):
    subject = YearlySubject(world.laxa, YEAR)
    deck = services.document(reader, KIND, subject, fmt="pptx")[1]
    texts = "\n".join(slide_texts(deck))
    assert "Årsuppföljning 2026 – Laxå" in texts
    tables = pptx_tables(deck)
    assert any(row[1] == "Fler lärare använder plattformen" for row in tables["Mål med trafikljus"])
    charts = {tuple(c.plots[0].categories): c for c in pptx_charts(deck)}
    costs = section(build(world.laxa, reader), "kostnad").tables[0].rows
    chart = charts[tuple(row[0] for row in costs)]
    assert list(chart.plots[0].series[0].values) == [
        float(ore_to_kronor(row[4])) for row in costs]  # kronor per inhabitant, not öre
    sheets = xlsx_sheets(services.document(reader, KIND, subject, fmt="xlsx")[1])
    costs = sheets["IT-kostnad per invånare 2026"]
    assert costs[0][0] == "Kommun"
    laxa = next(r for r in costs if str(r[0]).startswith("Laxå"))
    assert laxa[3] == float(ore_to_kronor(1_234_567_89))
    html = services.document(reader, KIND, subject, fmt="html")[1].decode()
    assert "light-gul" in html and "Risker över tröskeln" in html


def test_who_may_make_one(world, reader, outsider, coop_editor, client):
    params = {"organisation": str(world.laxa.pk), "year": str(YEAR)}
    assert resolve(reader, params).organisation == world.laxa
    assert resolve(coop_editor, params).organisation == world.laxa
    assert resolve(outsider, params) is None
    assert resolve(outsider, {**params, "organisation": str(world.cooperation.pk)}) is not None
    client.force_login(outsider)
    query = f"?organisation={world.laxa.pk}&year={YEAR}"
    assert client.get(f"/api/reports/{KIND}/{query}&format=xlsx").status_code == 404
    assert client.get(f"/rapporter/ta-fram/{KIND}/{query}").status_code == 404
    missing = f"?organisation=999999&year={YEAR}"
    assert client.get(f"/rapporter/ta-fram/{KIND}/{missing}").status_code == 404
    client.force_login(reader)
    response = client.get(f"/api/reports/{KIND}/{query}&format=xlsx")
    assert response.status_code == 200
    assert "IT-kostnad per invånare 2026" in xlsx_sheets(response.content)
    assert client.get(f"/rapporter/ta-fram/{KIND}/{query}").status_code == 200


def texts(user, subject) -> dict[str, str]:
    out = {}
    for fmt in ("pptx", "xlsx", "html"):
        content = services.document(user, KIND, subject, fmt=fmt)[1]
        out[fmt] = ("\n".join(slide_texts(content)) if fmt == "pptx" else
                    repr(xlsx_sheets(content)) if fmt == "xlsx" else content.decode())
    return out


def shows(shown: dict[str, str], ore: int) -> dict[str, bool]:
    kronor = ore_to_kronor(ore)
    return {"pptx": format_ore(ore) in shown["pptx"],
            "xlsx": repr(kronor) in shown["xlsx"] or repr(float(kronor)) in shown["xlsx"],
            "html": format_ore(ore) in shown["html"]}


NOTHING = {"pptx": False, "xlsx": False, "html": False}


def test_a_secret_price_only_for_those_inside_the_contract(world, outsider, coop_editor,
                                                           reader):
    hallsberg = YearlySubject(world.hallsberg, YEAR)
    inside = texts(outsider, hallsberg)  # Hallsberg's own editor
    assert shows(inside, yearly_world.SECRET_ORE) == {"pptx": True, "xlsx": True, "html": True}
    for user, subject in ((coop_editor, hallsberg),
                          (coop_editor, YearlySubject(world.cooperation, YEAR)),
                          (reader, YearlySubject(world.laxa, YEAR))):
        shown = texts(user, subject)
        assert shows(shown, yearly_world.SECRET_ORE) == NOTHING
        assert shows(shown, 2_000_000_00 + yearly_world.SECRET_ORE) == NOTHING
    assert "Vårdsystem" in texts(coop_editor, hallsberg)["html"]


def test_nothing_an_outsider_sees_depends_on_the_secret(world, coop_editor):
    subjects = [YearlySubject(world.hallsberg, YEAR), YearlySubject(world.cooperation, YEAR)]
    before = [texts(coop_editor, s) for s in subjects]
    for amount in (1, 999_999_999_99):
        world.secret_party.annual_amount_ore = amount
        world.secret_party.save()
        world.secret_summary.amount_ore = amount
        world.secret_summary.save()
        after = [texts(coop_editor, s) for s in subjects]
        for old, new in zip(before, after, strict=True):
            assert old["html"] == new["html"]
            assert old["xlsx"] == new["xlsx"]
            assert old["pptx"] == new["pptx"]
