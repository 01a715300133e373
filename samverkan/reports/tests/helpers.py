"""Reading generated packs back, as PowerPoint and Excel would: every text of every slide and
table, every table of every sheet."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook
from pptx import Presentation

from samverkan.planning.models import Meeting, Plan, TimeReport
from samverkan.planning.tests.factories import (
    ActivityFactory,
    EstimateFactory,
    MeetingFactory,
    PlanFactory,
    ReleaseFactory,
    RiskFactory,
)


def slides(content: bytes):
    return list(Presentation(io.BytesIO(content)).slides)


def slide_texts(content: bytes) -> list[str]:
    """Every text of the deck: titles, text boxes and table cells, slide by slide."""
    texts = []
    for slide in slides(content):
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                for row in shape.table.rows:
                    texts += [cell.text for cell in row.cells]
    return texts


def pptx_tables(content: bytes) -> dict[str, list[list[str]]]:
    """Each native table by its slide's title (a table split over slides is joined)."""
    found: dict[str, list[list[str]]] = {}
    for slide in slides(content):
        title = slide.shapes.title.text.split(" (")[0] if slide.shapes.title else ""
        for shape in slide.shapes:
            if shape.has_table:
                rows = [[c.text for c in row.cells] for row in shape.table.rows]
                found.setdefault(title, rows[:1])
                found[title] += rows[1:]
    return found


def pptx_charts(content: bytes):
    return [shape.chart for slide in slides(content) for shape in slide.shapes
            if shape.has_chart]


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets}


def followed_meeting(organisation, management_object, **plan_values) -> Meeting:
    """An approved plan with two activities, hours, money, an estimate, risks and a release,
    and a meeting on 2026-11-30 (an earlier one on 2026-06-01)."""
    plan = PlanFactory(management_object=management_object, organisation=organisation,
                       year=2026, name="Förvaltningsplan 2026", **plan_values)
    plan.state, plan.approved_on = Plan.State.APPROVED, datetime.date(2026, 1, 20)
    plan.save()
    first = ActivityFactory(plan=plan, title="Införa ny version", internal_hours=Decimal(40),
                            external_hours=Decimal(180), budget_ore=120_000_00,
                            actual_end=datetime.date(2026, 10, 15),
                            description="Intervjuer\nAnalys av avtalen")
    ActivityFactory(plan=plan, title="Drift och support", internal_hours=Decimal(200),
                    budget_ore=33_333_33, actual_end=datetime.date(2026, 5, 1))
    for day, category, hours, cost in (("2026-09-30", "extern", "98.5", 51_234_56),
                                       ("2026-11-25", "extern", "75", 38_000_01),
                                       ("2026-11-20", "intern", "12.25", 0),
                                       ("2026-12-15", "extern", "10", 5_000_00)):
        TimeReport.objects.create(activity=first, date=datetime.date.fromisoformat(day),
                                  category=category, hours=Decimal(hours), cost_ore=cost)
    EstimateFactory(plan=plan, as_of=datetime.date(2026, 11, 25), category="extern",
                    remaining_hours=Decimal(9), remaining_ore=4_500_00)
    RiskFactory(plan=plan, number=1, description="Svårt att få fram ekonomisk data",
                probability=3, impact=4, occurred=True, outcome="Underlagen blev osäkra.")
    RiskFactory(plan=plan, number=2, description="Leverantören svarar inte", probability=4,
                impact=4)
    ReleaseFactory(plan=plan, title="Version 5.2",
                   starts_at=datetime.datetime(2026, 9, 1, 18, tzinfo=datetime.UTC))
    MeetingFactory(management_object=management_object, organisation=organisation,
                   held_on=datetime.date(2026, 6, 1))
    return MeetingFactory(management_object=management_object, organisation=organisation,
                          title="Styrgruppsmöte", held_on=datetime.date(2026, 11, 30),
                          documents="Förvaltningsplan 2026")
