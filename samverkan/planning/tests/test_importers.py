"""Time reports from XLSX/CSV through the import framework: all or nothing, errors per row and
column, the same file twice adds nothing, and only plans the user follows up."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from samverkan.core import imports
from samverkan.planning.importers import TimeReportImporter
from samverkan.planning.models import TimeReport
from samverkan.testing.factories import ManagementObjectFactory, PersonFactory

from .factories import ActivityFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(laxa):
    plan = PlanFactory(name="Förvaltningsplan Lärplattform 2026",
                       management_object=ManagementObjectFactory(organisation=laxa),
                       organisation=laxa)
    PersonFactory(name="Magnus Ideqvist", organisation=laxa)
    return ActivityFactory(plan=plan, title="Gemensamt servicefönster")


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("tid.xlsx", buffer.getvalue())


def run(user, upload):
    batch = imports.stage(user, TimeReportImporter, upload)
    return batch, imports.validate_batch(TimeReportImporter(user), batch)


HEADER = ["Plan", "Aktivitet", "Datum", "Kategori", "Timmar", "Kostnad (kr)", "Person"]


def test_it_imports_hours_and_cost_from_excel(activity, editor):
    rows = [HEADER, ["Förvaltningsplan Lärplattform 2026", "gemensamt servicefönster",
                     "2026-03-31", "extern", "7,5", "7 875,50", "Magnus Ideqvist"],
            ["Förvaltningsplan Lärplattform 2026", "Gemensamt servicefönster", "2026-04-30",
             "", 4, "", ""]]
    batch, validation = run(editor, xlsx(rows))
    assert validation.errors == [] and validation.counts["created"] == 2
    imports.commit(TimeReportImporter(editor), batch)
    reports = TimeReport.objects.filter(activity=activity).order_by("date")
    assert [(r.category, r.hours, r.cost_ore, str(r.person or "")) for r in reports] == [
        ("extern", Decimal("7.5"), 7_875_50, "Magnus Ideqvist"), ("intern", 4, 0, "")]


def test_the_same_file_twice_adds_nothing(activity, editor):
    content = ("Plan;Aktivitet;Datum;Timmar\nFörvaltningsplan Lärplattform 2026;"
               "Gemensamt servicefönster;2026-05-31;12,25\n").encode()
    first, _validation = run(editor, SimpleUploadedFile("t.csv", content))
    imports.commit(TimeReportImporter(editor), first)
    _second, validation = run(editor, SimpleUploadedFile("t2.csv", content))
    assert (validation.counts["created"], validation.counts["unchanged"]) == (0, 1)
    assert TimeReport.objects.count() == 1


def test_every_bad_cell_is_reported_and_nothing_is_saved(activity, editor):
    content = ("Plan;Aktivitet;Datum;Kategori;Timmar\n"
               "Förvaltningsplan Lärplattform 2026;Gemensamt servicefönster;2026-05-31;;1\n"
               "Okänd plan;X;31/5;semester;-2\n"
               "Förvaltningsplan Lärplattform 2026;Finns inte;2026-05-31;;1,333\n").encode()
    batch, validation = run(editor, SimpleUploadedFile("fel.csv", content))
    found = {(e.row, e.column) for e in validation.errors}
    assert {(3, "Plan"), (3, "Datum"), (3, "Kategori"), (3, "Timmar"), (4, "Aktivitet"),
            (4, "Timmar")} <= found
    with pytest.raises(imports.ImportFailed):
        imports.commit(TimeReportImporter(editor), batch)
    assert TimeReport.objects.count() == 0


def test_time_is_reported_only_on_plans_the_user_follows_up(activity, outsider, reader):
    content = ("Plan;Aktivitet;Datum;Timmar\nFörvaltningsplan Lärplattform 2026;"
               "Gemensamt servicefönster;2026-05-31;1\n").encode()
    for user in (outsider, reader):
        _batch, validation = run(user, SimpleUploadedFile("t.csv", content))
        assert [(e.row, e.column) for e in validation.errors] == [(2, "Plan")]
