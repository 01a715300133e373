"""Volumes from XLSX/CSV through the import framework: all or nothing, errors per row and column."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from samverkan.core import imports
from samverkan.finance.importers import VolumeImporter
from samverkan.finance.models import ServiceVolume

from .factories import ServiceFactory, ServiceVolumeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(cooperation):
    return ServiceFactory(organisation=cooperation, code="M365", name="Microsoft 365-licens")


def xlsx(rows) -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("volymer.xlsx", buffer.getvalue())


def run(user, upload):
    batch = imports.stage(user, VolumeImporter, upload)
    return batch, imports.validate_batch(VolumeImporter(user), batch)


def test_it_imports_a_year_of_volumes_from_excel(service, laxa, hallsberg, coop_editor):
    rows = [["Tjänst", "Organisation", "År", "Månad", "Volym"]]
    rows += [["M365", org, 2026, month, 100 + month] for org in ("Laxå", "1861") for month in range(1, 13)]
    batch, validation = run(coop_editor, xlsx(rows))
    assert validation.errors == [] and validation.counts["created"] == 24
    imports.commit(VolumeImporter(coop_editor), batch)
    assert ServiceVolume.objects.filter(service=service, organisation=hallsberg).count() == 12
    assert ServiceVolume.objects.get(organisation=laxa, month=12).volume == 112


def test_the_same_file_twice_adds_nothing(service, laxa, coop_editor):
    content = "Tjänst;Organisation;År;Volym\nM365;Laxå;2026;12,5\n".encode()
    first, _validation = run(coop_editor, SimpleUploadedFile("v.csv", content))
    imports.commit(VolumeImporter(coop_editor), first)
    second, _validation = run(coop_editor, SimpleUploadedFile("v.csv", content))
    imports.commit(VolumeImporter(coop_editor), second)
    assert ServiceVolume.objects.get().volume == Decimal("12.5")
    assert "redan importerad" in second.message


def test_a_changed_volume_is_updated(service, laxa, coop_editor):
    ServiceVolumeFactory(service=service, organisation=laxa, year=2026, month=0, volume=10)
    batch, validation = run(coop_editor, SimpleUploadedFile(
        "v.csv", "Tjänst;Organisation;År;Månad;Volym\nM365;Laxå;2026;;11\n".encode()))
    assert validation.counts["updated"] == 1
    imports.commit(VolumeImporter(coop_editor), batch)
    assert ServiceVolume.objects.get().volume == 11


def test_errors_name_the_row_and_column_and_nothing_is_saved(service, laxa, coop_editor):
    content = ("Tjänst;Organisation;År;Månad;Volym\n"
               "M365;Laxå;2026;1;10\n"
               "OKÄND;Laxå;2026;2;10\n"
               "M365;Ingenstans;2026;3;10\n"
               "M365;Laxå;2026;13;10\n"
               "M365;Laxå;2026;4;-1\n"
               "M365;Laxå;2026;5;1,2345\n").encode()
    batch, validation = run(coop_editor, SimpleUploadedFile("v.csv", content))
    errors = {(e.row, e.column) for e in validation.errors}
    assert errors == {(3, "Tjänst"), (4, "Organisation"), (5, "Månad"), (6, "Volym"), (7, "Volym")}
    with pytest.raises(imports.ImportFailed):
        imports.commit(VolumeImporter(coop_editor), batch)
    assert not ServiceVolume.objects.exists()


def test_a_member_cannot_import_volumes_for_the_providers_service(service, laxa, editor):
    _batch, validation = run(editor, SimpleUploadedFile(
        "v.csv", "Tjänst;Organisation;År;Volym\nM365;Laxå;2026;10\n".encode()))
    assert [(e.row, e.column) for e in validation.errors] == [(2, "Tjänst")]
    assert "får inte" in validation.errors[0].message
