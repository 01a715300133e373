"""The analyses in the steering pack: the calculations chosen for the meeting (or, none chosen,
its organisation's own) as tables and charts whose figures are the analysis services', read
back from PowerPoint and Excel; the meeting's choice on the pack page with a version check; the
budget against the ledger's outcome in the money section."""

import datetime

import pytest
from django.urls import reverse

from samverkan.analysis.models import Calculation, Scenario, ScenarioStep
from samverkan.analysis.services import calculations
from samverkan.finance.services import budget_follow_up
from samverkan.finance.tests.factories import BudgetFactory, BudgetLineFactory
from samverkan.planning.tests.factories import MeetingFactory
from samverkan.reports import analyses, registry, render_pptx, render_xlsx
from samverkan.reports import pack as packs
from samverkan.reports.models import MeetingAnalyses
from samverkan.testing.factories import ManagementObjectFactory

from .helpers import followed_meeting, pptx_tables, slides, xlsx_sheets

pytestmark = pytest.mark.django_db


def kr(ore):
    return float(packs.cell_value(ore, registry.MONEY))


def money(ore):
    return packs.cell_text(ore, registry.MONEY)


@pytest.fixture
def analysed(cooperation, laxa, hallsberg, superuser):
    procurement = Calculation.objects.create(
        organisation=cooperation, name="Ny lärplattform", kind=Calculation.Kind.PROCUREMENT,
        owner=superuser, year=2021, source_note="Källan skriver 47 %.",
        inputs={"hourly_rate_ore": 333_33, "members": [laxa.pk, hallsberg.pk], "activities": [
            {"name": "Kravställning", "hours_alone": "500", "hours_together": "600"},
            {"name": "Implementation", "hours_alone": "1999.5", "hours_together": "3000"}]})
    hosting = Calculation.objects.create(
        organisation=cooperation, name="Serverdrift", kind=Calculation.Kind.HOSTING,
        owner=superuser, year=2021, inputs={"horizon_months": 30, "members": [laxa.pk],
                                            "alternatives": [
            {"name": "Egen drift", "lines": [{"label": "Server", "quantity": "3",
                                              "unit_price_ore": 777_77}]},
            {"name": "Moln", "lines": [
                {"label": "Tjänst", "quantity": "1", "unit_price_ore": 1_500_00},
                {"label": "Flytt", "quantity": "2", "unit_price_ore": 10_000_01,
                 "one_off": True, "spread_months": 7}]}]})
    scenario = Scenario.objects.create(organisation=cooperation, name="Allt tillsammans",
                                       owner=superuser, recommended=True)
    ScenarioStep.objects.create(scenario=scenario, position=1, name="Upphandla",
                                calculation=procurement)
    meeting = MeetingFactory(organisation=cooperation, held_on=datetime.date(2026, 11, 30),
                             management_object=ManagementObjectFactory(organisation=cooperation))
    return meeting, procurement, hosting, scenario


def test_the_pack_shows_the_calculations_as_the_services_compute_them(analysed, coop_editor):
    meeting, procurement, hosting, scenario = analysed
    pack = packs.build(meeting, coop_editor, ["berakningar", "scenarier"])
    deck = render_pptx.render(pack)
    tables = pptx_tables(deck)
    sheets = xlsx_sheets(render_xlsx.render(pack))

    result = calculations.result(procurement)
    cost = tables["Ny lärplattform: internkostnad"]
    assert [row[0] for row in cost[1:]] == ["Kravställning", "Implementation",
                                            "Summa internkostnad"]
    assert [row[1:5] for row in cost[1:]] == [[money(v) for v in (
        f.cost_alone_ore, f.cost_separately_ore, f.cost_together_ore, f.saved_ore)]
        for f in [r.figures for r in result.rows] + [result.total]]
    sheet = sheets["Ny lärplattform internkostnad"]
    assert sheet[-1][4] == kr(result.total.saved_ore)
    shares = sheets["Ny lärplattform besparing per k"]
    assert [r[3] for r in shares[1:-1]] == [
        kr(s.saved_ore) for s in result.shares]
    assert sum(s.saved_ore for s in result.shares) == result.total.saved_ore
    assert any("Källan skriver 47 %." in line
               for line in pack.section("berakningar").content.paragraphs)

    result = calculations.result(hosting)
    compare = tables["Serverdrift: per år och besparing"]
    assert compare[1][1:] == [money(v) for v in (
        result.outcomes[0].first_month_ore, *result.outcomes[0].years,
        result.outcomes[0].total_ore)]
    assert compare[3][1:] == [money(v) for v in (
        result.savings[0].first_month_ore, *result.savings[0].years, result.savings[0].total_ore)]
    yearly = next(shape.chart for slide in slides(deck) for shape in slide.shapes
                  if shape.has_chart and slide.shapes.title.text.startswith("Serverdrift"))
    assert [list(s.values) for s in yearly.plots[0].series] == [
        [kr(v) for v in o.years] for o in result.outcomes]

    summary = calculations.summary(scenario)
    side = tables["Scenarier sida vid sida"]
    assert side[1] == ["Allt tillsammans", "Ja", "1", money(summary.total_ore)]


def test_a_chosen_set_replaces_the_organisations_own(analysed, coop_editor):
    meeting, procurement, hosting, scenario = analysed
    default = analyses.choice(meeting, coop_editor)
    assert (default.calculations, default.scenarios, default.chosen) == (
        [hosting, procurement], [scenario], False)  # by kind: drift before upphandling
    analyses.save_choice(coop_editor, meeting, [hosting], [], 2020)
    chosen = analyses.choice(meeting, coop_editor)
    assert (chosen.calculations, chosen.scenarios, chosen.licence_year, chosen.chosen) == (
        [hosting], [], 2020, True)
    pack = packs.build(meeting, coop_editor, ["berakningar"])
    titles = [t.title for t in pack.tables]
    assert "Serverdrift: per år och besparing" in titles
    assert not any(t.startswith("Ny lärplattform") for t in titles)


def test_an_archived_calculation_is_never_shown(analysed, coop_editor, superuser):
    meeting, procurement, hosting, _scenario = analysed
    analyses.save_choice(superuser, meeting, [procurement, hosting], [], None)
    Calculation.objects.filter(pk=hosting.pk).update(archived_at=datetime.datetime.now(
        datetime.UTC))
    assert analyses.choice(meeting, coop_editor).calculations == [procurement]
    assert hosting not in analyses.candidates(meeting, coop_editor)[0]


def test_the_pack_page_saves_the_choice_and_refuses_a_stale_form(analysed, coop_editor,
                                                                 client):
    meeting, procurement, hosting, scenario = analysed
    client.force_login(coop_editor)
    page = client.get(reverse("reports:pack", args=[meeting.pk]))
    assert "Spara mötets analyser" in page.content.decode()
    url = reverse("reports:analyses", args=[meeting.pk])
    response = client.post(url, {"calculations": [procurement.pk], "scenarios": [scenario.pk],
                                 "licence_year": "2021"})
    assert response.status_code == 302
    record = MeetingAnalyses.objects.get(meeting=meeting)
    assert list(record.calculations.all()) == [procurement]
    version = record.version
    assert client.post(url, {"calculations": [hosting.pk], "expected_version": version}
                       ).status_code == 302
    stale = client.post(url, {"calculations": [procurement.pk], "expected_version": version})
    assert stale.status_code == 400
    assert "ändrats av någon annan" in stale.content.decode()
    assert list(MeetingAnalyses.objects.get(meeting=meeting).calculations.all()) == [hosting]
    missing = client.post(url, {"calculations": [hosting.pk]})
    assert missing.status_code == 400


def test_the_money_section_adds_the_budget_against_the_ledger(cooperation, coop_editor):
    obj = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    meeting = followed_meeting(cooperation, obj)
    budget = BudgetFactory(management_object=obj, year=2026)
    BudgetLineFactory(budget=budget, category="licenser", amount_ore=700_000_01)
    BudgetLineFactory(budget=budget, category="drift", amount_ore=123_45, forecast_ore=200_00)
    pack = packs.build(meeting, coop_editor, ["pengar"])
    table = next(t for t in pack.tables if t.title == "Budget och bokfört utfall 2026")
    follow = budget_follow_up(budget, coop_editor)
    assert table.total[1:3] == [follow.budget_ore, follow.forecast_ore]
    assert [row[1] for row in table.rows] == [c.budget_ore for c in follow.categories]
    # no ledger of 2026: the outcome is unknown, not zero
    assert table.total[3] is None
    assert any("Ingen huvudbok" in line for line in pack.section("pengar").content.paragraphs)


def test_the_time_section_counts_per_member_and_shows_what_to_act_on_first(
        analysed, coop_editor, laxa, hallsberg, monkeypatch):
    """Per municipality the results per TIME class and their cost, exactly as the overview's
    rows; the detail retire-and-replace first; a long table's slides hold its first rows and
    the workbook every one (here with room for two rows on the slides)."""
    from decimal import Decimal

    from django.utils import timezone

    from samverkan.assessments.models import Assessment, EconomyField, EconomyValue
    from samverkan.assessments.services import overview, questionnaires
    from samverkan.reports import analysis_sections
    from samverkan.testing.factories import SystemFactory

    monkeypatch.setattr(analysis_sections, "TIME_SLIDE_ROWS", 2)
    meeting = analysed[0]
    field = EconomyField.objects.filter(code="E1").first()
    for org, name, disposition, cost in (
            (laxa, "Elevregister", "tolerate", "12.5"), (laxa, "Lärplattform", "eliminate", None),
            (hallsberg, "Lärplattform H", "migrate", "1.25"),
            (hallsberg, "Ekonomi", "tolerate", "0.00001")):
        a = Assessment.objects.create(
            organisation=org, system=SystemFactory(organisation=org, name=name),
            questionnaire=questionnaires.default(), opened_on=datetime.date(2026, 1, 1),
            state=Assessment.State.CLOSED, closed_at=timezone.now(), disposition=disposition,
            business_value=Decimal("2.50"), technical_fit=Decimal("3.50"))
        if cost is not None:
            EconomyValue.objects.create(assessment=a, field=field, value=Decimal(cost))
    pack = packs.build(meeting, coop_editor, ["time"])
    section = pack.section("time").content
    per_member, detail = section.tables
    rows = overview.latest_results(coop_editor, {laxa.pk, hallsberg.pk, meeting.organisation_id})
    assert [r[0] for r in per_member.rows] == ["Hallsberg", "Laxå"]
    # columns: Tolerera, Investera, Migrera, Avveckla, Ej bestämd, bedömda, kostnad
    assert per_member.rows[0][1:] == [1, 0, 1, 0, 0, 2, Decimal("1.25001")]
    assert per_member.rows[1][1:] == [1, 0, 0, 1, 0, 2, Decimal("12.5")]
    assert per_member.total[1:] == [2, 0, 1, 1, 0, 4, sum(
        r.yearly_cost_tkr for r in rows if r.yearly_cost_tkr is not None)]
    assert [r[0] for r in detail.rows] == ["Lärplattform", "Lärplattform H", "Ekonomi",
                                           "Elevregister"]
    assert "Bildspelet visar de 2 första raderna; Excel och utskrift visar alla 4." in \
        section.paragraphs
    shown = pptx_tables(render_pptx.render(pack))["TIME per system och kommun"]
    assert [r[0] for r in shown[1:]] == ["Lärplattform", "Lärplattform H"]
    sheet = xlsx_sheets(render_xlsx.render(pack))
    detail_sheet = next(rows for title, rows in sheet.items() if "TIME per system" in title)
    assert [r[0] for r in detail_sheet[1:]] == [r[0] for r in detail.rows]
