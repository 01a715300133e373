"""Ledger test helpers: write small SIE files and import them through the real pipeline."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.ledger import services
from samverkan.testing.factories import ContractFactory, ContractPartyFactory, SupplierFactory


def sie_text(vouchers, *, orgnr="", name="Testkommun", extra_header=""):
    """vouchers: [(date 'YYYYMMDD', [(account, öre, text, objects)])]; each voucher is
    balanced on account 2440 unless its rows already sum to zero."""
    lines = ["#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4", f'#FNAMN "{name}"', f"#ORGNR {orgnr}",
             "#RAR 0 20210101 20211231", '#DIM 9 "Leverantör"']
    if extra_header:
        lines.append(extra_header)
    for number, (day, rows) in enumerate(vouchers, start=1):
        lines.append(f'#VER A {number} {day} "Verifikation {number}"')
        lines.append("{")
        total = 0
        for account, ore, text, objects in rows:
            total += ore
            lines.append(f'#TRANS {account} {{{objects}}} {_kr(ore)} {day} "{text}"')
        if total:
            lines.append(f"#TRANS 2440 {{}} {_kr(-total)}")
        lines.append("}")
    return "\n".join(lines) + "\n"


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def upload(text: str | bytes, name="bok.se"):
    data = text.encode("cp437") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data)


@pytest.fixture
def stage():
    def make(user, organisation, text, name="bok.se", fmt=None):
        return services.stage_file(user, organisation, upload(text, name), fmt=fmt)

    return make


@pytest.fixture
def import_sie(stage):
    def run(user, organisation, text, *, replace=False, name="bok.se"):
        batch = stage(user, organisation, text, name)
        return services.run_import(batch, user, replace=replace)

    return run


@pytest.fixture
def tieto(db):
    return SupplierFactory(name="Tietoevry Sweden AB", org_number="556071-5210")


@pytest.fixture
def contract(laxa, tieto):
    """A Laxå contract with Tieto: 372 000 kr a year for Laxå."""
    contract = ContractFactory(organisation=laxa, supplier=tieto, title="Procapita",
                               start_date=datetime.date(2015, 1, 1), original_end_date=None,
                               renewal_period_months=None)
    ContractPartyFactory(contract=contract, organisation=laxa, annual_amount_ore=372_000_00)
    return contract


def csv_bytes(rows, header=("Bokföringsdatum", "Leverantör", "Orgnr", "Fakturanr", "Konto",
                            "Ansvar", "Projekt", "Belopp", "Text")) -> bytes:
    out = io.StringIO()
    out.write(";".join(header) + "\n")
    for row in rows:
        out.write(";".join(row) + "\n")
    return out.getvalue().encode("utf-8")
