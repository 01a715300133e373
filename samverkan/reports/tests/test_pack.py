"""The steering pack's content and its three formats: every figure read back from the PowerPoint
and the workbook equals what the planning follow-up computes for the meeting."""

import datetime
from decimal import Decimal

import pytest

from samverkan.core.formatting import ore_to_kronor
from samverkan.planning import followup
from samverkan.planning import services as planning
from samverkan.reports import pack as packs
from samverkan.reports import registry, render_pptx, render_xlsx, services
from samverkan.testing.factories import ManagementObjectFactory

from .helpers import followed_meeting, pptx_charts, pptx_tables, slide_texts, slides, xlsx_sheets

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 12, 1)


def exact(value):
    """Excel keeps numbers as binary floats; read back to the decimal written (öre, hours)."""
    return Decimal(repr(value)) if isinstance(value, float) else value


@pytest.fixture
def meeting(laxa):
    return followed_meeting(laxa, ManagementObjectFactory(organisation=laxa, name="Lärplattform"))


@pytest.fixture
def expected(meeting, superuser):
    plan = planning.plan_for(meeting, superuser)
    return followup.follow_up(plan, as_of=meeting.held_on)


def test_every_section_is_registered_in_the_pack_order():
    keys = [s.key for s in registry.sections()]
    assert keys == ["omslag", "dagordning", "aktiviteter", "timmar", "pengar", "risker",
                    "releaser", "beslut", "berakningar", "licenser", "time", "scenarier",
                    "bilagor"]


def test_activities_since_the_last_meeting_only(meeting, superuser):
    pack = packs.build(meeting, superuser, ["aktiviteter"], as_of=AS_OF)
    table = pack.section("aktiviteter").content.tables[0]
    assert [row[0] for row in table.rows] == ["Införa ny version"]  # Drift ended before 06-01
    assert pack.section("aktiviteter").content.paragraphs[1:] == ["Intervjuer",
                                                                   "Analys av avtalen"]


def test_sections_are_selectable(meeting, superuser):
    pack = packs.build(meeting, superuser, ["risker", "omslag", "okänd"], as_of=AS_OF)
    assert [part.key for part in pack.sections] == ["omslag", "risker"]
    texts = " ".join(slide_texts(render_pptx.render(pack)))
    assert "Svårt att få fram ekonomisk data" in texts
    assert "Tidsåtgång" not in texts


def test_pptx_hours_table_and_chart_are_the_follow_up(meeting, superuser, expected):
    pack = packs.build(meeting, superuser, as_of=AS_OF)
    content = render_pptx.render(pack)
    table = pptx_tables(content)["Timmar: budget, utfall och prognos"]
    external = expected.external
    row = next(r for r in table if r[0] == "Externa konsulttimmar")
    assert row[1:] == [packs.cell_text(v, registry.HOURS) for v in (
        external.budget, external.outcome, external.remaining, external.forecast,
        external.deviation)]
    total = table[-1]
    assert total[0] == "Summa"
    assert total[2] == packs.cell_text(expected.hours.outcome, registry.HOURS)
    chart = pptx_charts(content)[0]
    budget = next(s for s in chart.plots[0].series if s.name == "Budget")
    assert list(budget.values) == [float(expected.internal.budget),
                                   float(expected.external.budget)]
    outcome = next(s for s in chart.plots[0].series if s.name == "Utfall")
    assert list(outcome.values) == [float(expected.internal.outcome),
                                    float(expected.external.outcome)]


def test_pptx_money_risks_and_as_of_on_every_slide(meeting, superuser, expected):
    pack = packs.build(meeting, superuser, as_of=AS_OF)
    content = render_pptx.render(pack)
    tables = pptx_tables(content)
    money = tables["Pengar mot budget"]
    assert money[-1] == ["Summa", *(packs.cell_text(v, registry.MONEY) for v in (
        expected.money.budget, expected.money.outcome,
        expected.money.budget - expected.money.outcome))]
    risks = tables["Risker och åtgärder"]
    plan = planning.plan_for(meeting, superuser)
    assert [r[0] for r in risks[1:]] == [str(r.number) for r in followup.ranked_risks(
        plan.risks.all())]
    assert [r[4] for r in risks[1:]] == [str(r.priority) for r in followup.ranked_risks(
        plan.risks.all())]
    footers = [t for t in slide_texts(content) if "uppgifter per 2026-12-01" in t]
    assert len(footers) == len(slides(content))


def test_xlsx_has_every_table_on_its_own_sheet_with_exact_figures(meeting, superuser, expected):
    pack = packs.build(meeting, superuser, as_of=AS_OF)
    sheets = xlsx_sheets(render_xlsx.render(pack))
    assert len(sheets) == 1 + len(pack.tables)
    money = [[exact(v) for v in row] for row in sheets["Pengar mot budget"]]
    assert money[-1] == ["Summa", ore_to_kronor(expected.money.budget),
                         ore_to_kronor(expected.money.outcome),
                         ore_to_kronor(expected.money.budget - expected.money.outcome)]
    rows = {r.activity.title: r for r in expected.rows}
    for line in money[1:-1]:
        assert line[1] == ore_to_kronor(rows[line[0]].money.budget)
        assert line[2] == ore_to_kronor(rows[line[0]].money.outcome)
    hours = [[exact(v) for v in row] for row in sheets["Timmar budget, utfall och progn"]]
    external = next(r for r in hours if r[0] == "Externa konsulttimmar")
    assert external[1:] == [expected.external.budget, expected.external.outcome,
                            expected.external.remaining, expected.external.forecast,
                            expected.external.deviation]
    assert sheets["Paket"][1][:2] == ["Uppgifter per", datetime.datetime(2026, 12, 1)]


def test_time_reported_after_the_meeting_is_not_in_its_pack(meeting, superuser, expected):
    # 10 hours reported on 2026-12-15, after the meeting of 2026-11-30
    pack = packs.build(meeting, superuser, ["timmar"], as_of=AS_OF)
    total = pack.section("timmar").content.tables[0].total
    assert total[2] == expected.hours.outcome
    assert total[2] == sum(r.hours.outcome for r in expected.rows)


def test_print_view_holds_the_as_of_date_and_the_tables(meeting, superuser):
    pack, content = services.steering_pack(superuser, meeting, fmt="html")
    html = content.decode()
    assert f"Uppgifter per {pack.as_of:%Y-%m-%d}" in html
    assert html.count("<thead>") == len(pack.tables) + sum(
        len(part.content.charts) for part in pack.sections)
    assert "navbar" not in html


def test_issued_pack_is_kept_as_it_was(meeting, superuser):
    issued = services.issue(superuser, meeting, ["omslag", "risker"], "xlsx")
    first = bytes(issued.content)
    plan = planning.plan_for(meeting, superuser)
    plan.risks.update(description="Ändrad efteråt")
    issued.refresh_from_db()
    assert bytes(issued.content) == first
    assert issued.sections == ["omslag", "risker"]
    assert issued.issued_by == superuser
    assert "Ändrad efteråt" not in str(xlsx_sheets(first))
