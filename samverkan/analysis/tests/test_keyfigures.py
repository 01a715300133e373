"""The key-figure file: exported from one installation, imported into another through the
import machinery (preview, all or nothing, the same file twice adds nothing), shown beside the
own figures as external; hostile files refused row by row and column by column."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from samverkan.analysis.keyfigures import HEADER, ExternalKeyFigureImporter
from samverkan.analysis.models import ExternalKeyFigure
from samverkan.analysis.services import benchmarks
from samverkan.core import imports
from samverkan.ledger.models import CostCategory

from .benchmark_data import YEAR, cost, define_it, people, uses

pytestmark = pytest.mark.django_db


def xlsx(rows, name="nyckeltal.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def run(user, upload):
    batch = imports.stage(user, ExternalKeyFigureImporter, upload)
    return batch, imports.validate_batch(ExternalKeyFigureImporter(user), batch)


def exported(client) -> bytes:
    response = client.get(reverse("analysis:benchmarks") + "?export=xlsx&installation=Sydnärke")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_export_then_import_gives_the_same_figures(laxa, hallsberg, superuser, client_for):
    define_it()
    cost(laxa, 123_456_78)
    cost(hallsberg, 200_000_01, CostCategory.SAAS)
    people(laxa, 5_600)
    people(hallsberg, 16_200)
    uses(laxa, 120, 40)
    client = client_for(superuser)
    data = exported(client)
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == list(HEADER)
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[0] == "Sydnärke" and first[1] is not None  # installation and date on each row

    batch, validation = run(superuser, SimpleUploadedFile("nyckeltal.xlsx", data))
    assert validation.errors == [] and validation.counts["created"] == 2
    imports.commit(ExternalKeyFigureImporter(superuser), batch)
    laxa_ext = ExternalKeyFigure.objects.get(municipality_name="Laxå")
    assert (laxa_ext.source_installation, laxa_ext.outcome_ore, laxa_ext.population,
            laxa_ext.users, laxa_ext.systems) == ("Sydnärke", 123_456_78, 5_600, 160, 2)
    own = benchmarks.compute(superuser).table(YEAR)
    external = {r.name: r for r in own.external}
    assert external["Laxå"].per_inhabitant == own.rows_by_org[laxa.pk].per_inhabitant
    assert external["Hallsberg"].outcome_ore == 200_000_01

    page = client.get(reverse("analysis:benchmarks") + f"?ar={YEAR}").content.decode()
    assert "Extern: Sydnärke" in page

    again, validation = run(superuser, SimpleUploadedFile("kopia.xlsx", data))
    imports.commit(ExternalKeyFigureImporter(superuser), again)
    assert "redan importerad" in again.message and ExternalKeyFigure.objects.count() == 2


def test_a_changed_figure_updates_and_an_unchanged_is_kept(superuser):
    rows = [["Installation", "Kommun", "År", "IT-kostnad (kr)"], ["Nora", "Nora", 2021, 100],
            ["Nora", "Lindesberg", 2021, 200]]
    first, _v = run(superuser, xlsx(rows))
    imports.commit(ExternalKeyFigureImporter(superuser), first)
    rows[1][3] = 150
    second, validation = run(superuser, xlsx(rows, "andra.xlsx"))
    assert (validation.counts["updated"], validation.counts["unchanged"]) == (1, 1)
    imports.commit(ExternalKeyFigureImporter(superuser), second)
    assert ExternalKeyFigure.objects.get(municipality_name="Nora").outcome_ore == 150_00


GOOD = ["Annan", "Nora", 2021, "100", "10000"]
HEAD = ["Installation", "Kommun", "År", "IT-kostnad (kr)", "Folkmängd"]


@pytest.mark.parametrize(("rows", "column", "words"), [
    ([["Installation", "Kommun", "År", "Folkmängd"], GOOD[:3] + ["10000"]],
     "IT-kostnad (kr)", "Obligatorisk kolumn saknas"),
    ([HEAD, ["Annan", "Nora", 2021, "mycket", "10000"]], "IT-kostnad (kr)", "inget belopp"),
    ([HEAD, ["Annan", "Nora", 2021, "100", "tiotusen"]], "Folkmängd", "inte ett heltal"),
    ([HEAD, ["Annan", "Nora", "tjugo", "100", "10000"]], "År", "inte ett heltal"),
    ([HEAD, ["Annan", "Nora", 2021, "1e30", "10000"]], "IT-kostnad (kr)", ""),
    ([HEAD, ["Annan", "Nora", 2021, "100", "99999999999"]], "Folkmängd", "större än"),
    ([HEAD, ["Annan", "Nora", 99999, "100", "10000"]], "År", "större än"),
    ([HEAD, ["Annan", "Nora", 2021, "=1000*1000", "10000"]], "IT-kostnad (kr)", "formel"),
    ([HEAD, ["=HYPERLINK(\"http://x\")", "Nora", 2021, "100", "10000"]], "Installation",
     "formel"),
    ([HEAD, ["", "Nora", 2021, "100", "10000"]], "Installation", "saknas"),
    ([HEAD, ["Annan", "Nora", 2021, "100", "-5"]], "Folkmängd", "inte ett heltal"),
])
def test_hostile_files_are_refused_and_save_nothing(rows, column, words, superuser):
    batch, validation = run(superuser, xlsx(rows))
    assert validation.has_errors
    assert any(e.column == column and words in e.message for e in validation.errors), \
        validation.errors
    with pytest.raises(imports.ImportFailed):
        imports.commit(ExternalKeyFigureImporter(superuser), batch)
    assert not ExternalKeyFigure.objects.exists()


def test_only_the_installations_administrators_import(editor, client_for):
    response = client_for(editor).post(reverse("analysis:keyfigure_import"), {
        "file": SimpleUploadedFile("n.csv", b"Installation;Kommun;Ar\n")})
    assert response.status_code == 403
