"""The invoicing basis as files a finance system takes: SIE 4I (read back by the project's own
SIE reader, checksum included), XLSX and CSV."""

import csv
import datetime
import io
import zlib

import pytest
from openpyxl import load_workbook

from samverkan.finance import exports, services
from samverkan.finance.allocation import AllocationError
from samverkan.finance.models import InvoiceAccounts, PoolParticipant
from samverkan.ledger.sie import read_all

from .factories import PopulationFactory, pool_with, population_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def basis(laxa, hallsberg, cooperation, coop_editor):
    laxa.org_number = "212000-1876"
    laxa.save()
    for org, people in ((laxa, 5424), (hallsberg, 16065)):
        PopulationFactory(organisation=org, year=2025, inhabitants=people)
    key = population_key(cooperation)
    services.approve(coop_editor, pool_with(cooperation, key, [laxa, hallsberg],
                                            amount_ore=1_000_000_00, name="Förvaltning Lärplattform"))
    services.approve(coop_editor, pool_with(cooperation, key, [laxa, hallsberg],
                                            amount_ore=333_333_33, name="Projekt \"E-arkiv\" – fas 2"))
    return services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31), laxa)[0]


def test_the_sie_file_reads_back_as_one_balanced_voucher(basis):
    lines = list(basis.lines.all())
    accounts = services.basis_accounts(basis)
    content = exports.basis_sie(basis, lines, accounts, generated_by="ekonom",
                                today=datetime.date(2026, 2, 1))
    meta, vouchers, errors = read_all(io.BytesIO(content))
    assert errors == []
    assert meta.checksum_verified
    assert meta.sie_type == "4" and meta.company_name == "Laxå"
    assert meta.accounts == {"6540": "IT-tjänster", "2440": "Leverantörsskulder"}
    [voucher] = vouchers
    assert voucher.date == datetime.date(2026, 1, 31)
    assert "Debiteringsunderlag 2026-1" in voucher.text
    amounts = [row[3] for row in voucher.rows]
    assert sum(amounts) == 0
    debits = [row for row in voucher.rows if row[1] == "6540"]
    assert [row[3] for row in debits] == [line.amount_ore for line in lines]
    assert [row[3] for row in voucher.rows if row[1] == "2440"] == [-basis.total_ore]
    assert any('"E-arkiv"' in row[5] for row in debits)


def test_the_sie_file_is_cp437_with_the_records_a_4i_file_needs(basis):
    content = exports.basis_sie(basis, list(basis.lines.all()), services.basis_accounts(basis))
    text = content.decode("cp437")
    assert "Laxå".encode("cp437") in content and "Laxå".encode() not in content
    records = [line.split(" ")[0] for line in text.split("\r\n") if line]
    assert records[:3] == ["#FLAGGA", "#KSUMMA", "#PROGRAM"]
    for tag in ("#FORMAT", "#GEN", "#SIETYP", "#FNAMN", "#ORGNR", "#KONTO", "#VER", "#TRANS"):
        assert tag in records
    assert "#FORMAT PC8" in text and "#SIETYP 4" in text and '#FNAMN "Laxå"' in text
    assert "–" not in text  # no characters outside code page 437


def test_the_checksum_is_crc32_of_the_fields_between_the_ksumma_records(basis):
    content = exports.basis_sie(basis, list(basis.lines.all()), services.basis_accounts(basis))
    lines = content.split(b"\r\n")
    stated = int(lines[-2].split(b" ")[1])
    assert lines[1] == b"#KSUMMA"
    tampered = content.replace(b"#TRANS 6540 {}", b"#TRANS 6541 {}", 1)
    assert tampered != content
    assert 0 <= stated < 2**32 and stated == exports.zlib.crc32(_fields(content))
    assert zlib.crc32(_fields(tampered)) != stated


def _fields(content: bytes) -> bytes:
    """Tags and fields between the #KSUMMA records, without blanks between them, quotes or braces."""
    import shlex

    out = b""
    for raw in content.split(b"\r\n")[2:-2]:
        if raw in (b"{", b"}") or not raw:
            continue
        text = raw.decode("cp437").replace("{", " ").replace("}", " ")
        out += "".join(shlex.split(text, posix=True)).encode("cp437")
    return out


def test_the_sie_file_can_leave_out_the_checksum(basis):
    content = exports.basis_sie(basis, list(basis.lines.all()), services.basis_accounts(basis),
                                with_checksum=False)
    meta, vouchers, errors = read_all(io.BytesIO(content))
    assert not meta.checksum_verified and len(vouchers) == 1 and errors == []
    assert b"#KSUMMA" not in content


def test_the_sie_file_uses_the_members_accounts_and_cost_centre(basis, laxa, cooperation):
    InvoiceAccounts.objects.create(organisation=laxa, issuer=cooperation, cost_account="7650",
                                   cost_account_name="Köp av IT-tjänster från samverkan",
                                   settlement_account="2890", settlement_account_name="Övriga skulder",
                                   cost_centre="4100", project="P12")
    content = exports.basis_sie(basis, list(basis.lines.all()), services.basis_accounts(basis))
    meta, [voucher], _errors = read_all(io.BytesIO(content))
    assert {row[1] for row in voucher.rows} == {"7650", "2890"}
    debit = next(row for row in voucher.rows if row[1] == "7650")
    assert set(debit[2]) == {("1", "4100"), ("6", "P12")}
    assert meta.dimensions.get("1") == "Kostnadsställe"


def test_a_basis_of_nothing_has_no_voucher(laxa, hallsberg, cooperation, coop_editor):
    for org in (laxa, hallsberg):
        PopulationFactory(organisation=org)
    pool = pool_with(cooperation, population_key(cooperation), [laxa, hallsberg])
    PoolParticipant.objects.filter(pool=pool, organisation=laxa).update(reduction="exempt",
                                                                          reason="Gåva")
    services.approve(coop_editor, pool)
    basis = services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31), laxa)[0]
    assert basis.total_ore == 0 and basis.lines.count() == 1
    with pytest.raises(AllocationError, match="0 kr"):
        exports.basis_sie(basis, list(basis.lines.all()), services.basis_accounts(basis))


def test_the_xlsx_has_one_row_per_line_and_a_total_that_adds_up(basis):
    lines = list(basis.lines.all())
    response = exports.basis_xlsx(basis, lines, services.basis_accounts(basis))
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Rader"].iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header == tuple(exports.BASIS_HEADER)
    amount = header.index("Belopp (kr)")
    assert len(data) == 2
    total = workbook["Summa"].cell(row=2, column=7).value
    assert round(sum(row[amount] for row in data) * 100) == round(total * 100) == basis.total_ore
    assert data[0][header.index("Organisationsnummer")] == "212000-1876"


def test_the_csv_is_semicolon_separated_with_decimal_commas(basis):
    response = exports.basis_csv(basis, list(basis.lines.all()), services.basis_accounts(basis))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == exports.BASIS_HEADER
    amount = rows[0].index("Belopp (kr)")
    total = sum(int(row[amount].replace(",", "")) for row in rows[1:])
    assert total == basis.total_ore


def test_formulas_in_pool_names_are_neutralised(laxa, hallsberg, cooperation, coop_editor):
    for org in (laxa, hallsberg):
        PopulationFactory(organisation=org)
    services.approve(coop_editor, pool_with(cooperation, population_key(cooperation),
                                            [laxa, hallsberg], name="=HYPERLINK(\"x\")"))
    basis = services.issue_bases(coop_editor, cooperation, 2026, datetime.date(2026, 1, 31), laxa)[0]
    response = exports.basis_xlsx(basis, list(basis.lines.all()), services.basis_accounts(basis))
    sheet = load_workbook(io.BytesIO(response.content))["Rader"]
    text = sheet.cell(row=2, column=exports.BASIS_HEADER.index("Text") + 1).value
    assert text.startswith("'=")
