"""The status report of a plan and the roll-up of a steering group as documents: read back from
PowerPoint and Excel and checked against planning's follow-up and roll-up."""

import datetime
from decimal import Decimal

import pytest

from samverkan.planning import followup, rollup
from samverkan.planning.models import SteeringGroup
from samverkan.reports import pack as packs
from samverkan.reports import registry, services
from samverkan.testing.factories import ManagementObjectFactory

from .helpers import followed_meeting, pptx_tables, xlsx_sheets

pytestmark = pytest.mark.django_db


def text(value, kind):
    return packs.cell_text(value, kind)


@pytest.fixture
def followed(cooperation):
    obj = ManagementObjectFactory(organisation=cooperation, name="Lärplattform")
    other = ManagementObjectFactory(organisation=cooperation, name="Elevregister")
    meeting = followed_meeting(cooperation, obj)
    plan = meeting.management_object.plans.get()
    group = SteeringGroup.objects.create(organisation=cooperation, name="Skolfamiljen",
                                         level=SteeringGroup.Level.FAMILY)
    group.management_objects.add(obj, other)
    return plan, group


def test_the_status_report_shows_the_plans_follow_up(followed, coop_editor):
    plan, _group = followed
    subject = registry.kind("status-report").resolve(coop_editor, {"plan": str(plan.pk)})
    pack, deck = services.document(coop_editor, "status-report", subject, fmt="pptx")
    tables = pptx_tables(deck)
    result = followup.follow_up(plan, as_of=pack.as_of)
    status = tables["Status per aktivitet"][1:]
    assert [row[0] for row in status] == [r.activity.title for r in result.rows]
    assert [row[7:9] for row in status] == [[text(r.money.budget, registry.MONEY),
                                            text(r.money.outcome, registry.MONEY)]
                                           for r in result.rows]
    hours = tables["Timmar: budget, utfall och prognos"][-1]
    assert hours[1:3] == [text(result.hours.budget, registry.HOURS),
                          text(result.hours.outcome, registry.HOURS)]
    assert [r[1] for r in tables["Risker och åtgärder"][1:]] == [
        r.description for r in followup.ranked_risks(plan.risks.all())]
    sheets = xlsx_sheets(services.document(coop_editor, "status-report", subject,
                                           fmt="xlsx")[1])
    money = sheets["Pengar mot budget"]
    assert money[-1][1] == float(Decimal(result.money.budget) / 100)
    issued = services.issue(coop_editor, subject, ["status"], fmt="xlsx", kind="status-report")
    assert issued.organisation == plan.organisation and issued.subject == {"plan": str(plan.pk)}


def test_the_roll_up_shows_each_object_worst_first(followed, coop_editor):
    plan, group = followed
    subject = registry.kind("rollup").resolve(coop_editor, {"group": str(group.pk),
                                                            "year": "2026"})
    pack, book = services.document(coop_editor, "rollup", subject, fmt="xlsx")
    sheet = xlsx_sheets(book)["Läge per förvaltningsobjekt"]
    expected = rollup.roll_up(group.covered_objects(), coop_editor, 2026)
    assert [row[0] for row in sheet[1:]] == [r.management_object.name for r in expected.rows]
    assert [row[2] for row in sheet[1:]] == [str(r.status_label) for r in expected.rows]
    assert [row[8] for row in sheet[1:]] == [float(Decimal(r.money.budget) / 100)
                                             for r in expected.rows]
    assert "Elevregister" in [r[0] for r in sheet[1:]]  # an object without a plan is listed
    deck = services.document(coop_editor, "rollup", subject, fmt="pptx")[1]
    risks = pptx_tables(deck)["Största öppna riskerna"][1:]
    assert [r[2] for r in risks] == [r.description for r in expected.top_risks]
    assert pack.title == f"Lägesbild {group} 2026"
    assert datetime.date.today() == pack.as_of


def test_a_roll_up_without_plans_still_renders(cooperation, coop_editor):
    group = SteeringGroup.objects.create(organisation=cooperation, name="Tom portfölj",
                                         level=SteeringGroup.Level.PORTFOLIO)
    ManagementObjectFactory(organisation=cooperation, name="Utan plan")
    subject = registry.kind("rollup").resolve(coop_editor, {"group": str(group.pk)})
    for fmt in ("pptx", "xlsx", "html"):
        pack, content = services.document(coop_editor, "rollup", subject, fmt=fmt)
        assert content
    assert pack.section("timmar-pengar").content.charts == []


def test_a_large_roll_up_shows_its_worst_objects_in_slides_and_every_one_in_excel(
        followed, coop_editor, monkeypatch):
    """A family group of thousands of objects: the deck holds the worst ones and says so, the
    workbook every one (here with room for one object on the slides and in the charts)."""
    from samverkan.reports import status_documents

    monkeypatch.setattr(status_documents, "SLIDE_OBJECTS", 1)
    monkeypatch.setattr(status_documents, "CHART_OBJECTS", 1)
    _plan, group = followed
    subject = registry.kind("rollup").resolve(coop_editor, {"group": str(group.pk),
                                                            "year": "2026"})
    expected = rollup.roll_up(group.covered_objects(), coop_editor, 2026)
    assert len(expected.rows) == 2
    pack, deck = services.document(coop_editor, "rollup", subject, fmt="pptx")
    shown = pptx_tables(deck)["Läge per förvaltningsobjekt"][1:]
    assert [row[0] for row in shown] == [expected.rows[0].management_object.name]
    assert "Bildspelet visar de 1 objekten med sämst läge; Excel och utskrift visar alla 2." in \
        pack.section("lage").content.paragraphs
    sheet = xlsx_sheets(services.document(coop_editor, "rollup", subject, fmt="xlsx")[1])[
        "Läge per förvaltningsobjekt"]
    assert [row[0] for row in sheet[1:]] == [r.management_object.name for r in expected.rows]
    planned = [r for r in expected.rows if r.plan is not None]
    for chart in pack.section("timmar-pengar").content.charts:
        assert chart.categories == [planned[0].management_object.name]
