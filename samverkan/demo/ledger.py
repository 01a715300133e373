"""The Sydnärke example's 2021 ledgers: one SIE 4 file per municipality, written to the data
folder and imported through the real importer, with matching rules to the demo contracts.

The invoiced sums reproduce the seed report's 2021 licence table (kommun A = Lekeberg,
B = Hallsberg, C = Askersund): Tieto/Procapita 425 000, 1 134 354 and 714 895 kr; Unikum
17 000 kr (A); Infomentor 220 000 (A) and 252 800 kr (C); Haldor 182 340 kr (B); split over
several supplier invoices with VAT booked apart. Beside them: other costs, Procapita hosting at
Tieto and other IT invoices that no rule matches (for the page of unmatched lines). Laxå's
ledger and every voucher detail are illustrative. Hallsberg's chart of accounts is adapted
its own way (IT services on 6540, licences on 6550), as municipalities do.

The 2021 populations are demo figures chosen so that "invoiced per inhabitant" rounds to the
report's figures (49, 2, 26 | 70, 11 | 62, 22 kr and the totals 77, 81, 84 kr).

`load()` is idempotent: the files are written the same way every time, and a file already
imported is not imported again.
"""

from __future__ import annotations

import hashlib
import zlib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction

from samverkan.contracts.models import Contract
from samverkan.core.models import ImportBatch
from samverkan.core.permissions import Role
from samverkan.ledger import services
from samverkan.ledger.importers import LEDGER_KINDS
from samverkan.ledger.models import AccountCategory, CostCategory, MatchingRule
from samverkan.organisations.models import Organisation, OrganisationRole, Population

from .sydnarke import municipalities

YEAR = 2021
POPULATION_SOURCE = ("Demouppgift: folkmängd 2021 vald så att fakturerat per invånare stämmer "
                     "med slutrapportens licenstabell")
POPULATION = {"1814": 8_600, "1861": 16_200, "1882": 11_500, "1860": 5_600}
FILE_NAMES = {"1814": "lekeberg", "1861": "hallsberg", "1882": "askersund", "1860": "laxa"}
IMPORTER = ("ekonomi-demo", "Maria", "Lindqvist")

SUPPLIERS = {  # dimension 9 object id → name, as the finance system exports them
    "5560715210": "Tietoevry Sweden AB",
    "5565891917": "Unikum AB",
    "5566517396": "Infomentor AB",
    "5590468111": "Haldor AB",
    "5565778817": "Microsoft AB",
    "5566141320": "IST Sverige AB",
    "5565690699": "Mashie AB",
    "5569001234": "Kontorsgrossisten AB",
    "5561234561": "Menigo Foodservice AB",
    "5567894561": "Fastighets AB Sydnärke",
}
TIETO, UNIKUM, INFOMENTOR, HALDOR = "5560715210", "5565891917", "5566517396", "5590468111"

# Accounts per municipality: (licences, SaaS/IT services, hosting); Hallsberg adapts its own.
ACCOUNTS = {
    "default": {"licence": "6450", "saas": "7461", "hosting": "7471", "hardware": "6412"},
    "1861": {"licence": "6550", "saas": "6540", "hosting": "7471", "hardware": "6412"},
}
HALLSBERG_RANGES = [
    ("6410", "6419", CostCategory.HARDWARE, "Datorer och kringutrustning"),
    ("6540", "6549", CostCategory.SAAS, "IT-tjänster (egen anpassning av Kommun-Bas)"),
    ("6550", "6559", CostCategory.LICENCES, "Licenser och programvara (egen anpassning)"),
    ("6810", "6829", CostCategory.TELECOM, "Tele och datakommunikation"),
    ("7430", "7439", CostCategory.CONSULTANTS, "Konsulttjänster, IT"),
    ("7470", "7479", CostCategory.OPERATIONS, "Drift och hosting"),
]

# invoices per municipality on the table's contracts: (supplier, kind, [(date, öre)], text)
INVOICES = {
    "1814": [  # kommun A
        (TIETO, "licence", [("20210129", 106_250_00), ("20210430", 106_250_00),
                            ("20210730", 106_250_00), ("20211029", 106_250_00)],
         "Procapita Edlevo licens och underhåll"),
        (UNIKUM, "saas", [("20210315", 17_000_00)], "Unikum licenser läsåret"),
        (INFOMENTOR, "saas", [("20210205", 110_000_00), ("20210820", 110_000_00)],
         "Infomentor lärplattform termin"),
    ],
    "1861": [  # kommun B
        (TIETO, "licence", [("20210129", 283_588_50), ("20210430", 283_588_50),
                            ("20210730", 283_588_50), ("20211029", 283_588_50)],
         "Procapita Edlevo licens och underhåll"),
        (HALDOR, "saas", [("20210215", 91_170_00), ("20210816", 91_170_00)],
         "Haldor Education termin"),
    ],
    "1882": [  # kommun C
        (TIETO, "licence", [("20210129", 178_723_75), ("20210430", 178_723_75),
                            ("20210730", 178_723_75), ("20211029", 178_723_75)],
         "Procapita Edlevo licens och underhåll"),
        (INFOMENTOR, "saas", [("20210210", 126_400_00), ("20210825", 126_400_00)],
         "Infomentor lärplattform termin"),
    ],
    "1860": [  # Laxå: illustrative
        (TIETO, "licence", [("20210129", 82_800_00), ("20210430", 82_800_00),
                            ("20210730", 82_800_00), ("20211029", 82_800_00)],
         "Procapita Edlevo licens och underhåll"),
        (UNIKUM, "saas", [("20210315", 15_600_00)], "Unikum licenser läsåret"),
    ],
}
# monthly Procapita hosting at Tieto (the report's "Drift hos TietoEvry", kr per month)
HOSTING = {"1814": 2_800_00, "1860": 2_800_00, "1861": 4_800_00, "1882": 3_800_00}
# other IT invoices no rule matches: (supplier, account kind, date, öre, text)
OTHER_IT = [
    ("5565778817", "licence", "20210910", 24_500_00, "Microsoft 365 tilläggslicenser"),
    ("5566141320", "saas", "20210301", 9_750_00, "Skola24 schema, kvartal"),
    ("5565690699", "saas", "20210601", 6_200_00, "Mashie måltidsplanering, halvår"),
    ("5569001234", "hardware", "20210412", 48_900_00, "Bärbara datorer till skolan"),
]
# costs that are no IT: (account, supplier, öre per month, text)
OTHER_COSTS = [
    ("4610", "5561234561", 41_250_00, "Livsmedel skolmåltider"),
    ("6110", "5567894561", 185_000_00, "Lokalhyra skolor"),
    ("6510", "5569001234", 3_420_00, "Kontorsmaterial"),
]
RESPONSIBILITY = {"licence": "4100", "saas": "4120", "hosting": "4100", "hardware": "4130"}
SCALE = {"1814": 1.0, "1861": 1.8, "1882": 1.3, "1860": 0.7}

# rules: (supplier pattern, account kind, contract number per municipality)
RULES = {
    "1814": [("Tietoevry", "licence", "LEK-2007-031"), ("Unikum", "saas", "LEK-2016-044"),
             ("Infomentor", "saas", "LEK-2018-073")],
    "1861": [("Tietoevry", "licence", "HBG-2013-088"), ("Haldor", "saas", "HBG-2019-240")],
    "1882": [("Tietoevry", "licence", "ASK-2011-207"), ("Infomentor", "saas", "ASK-2013-119")],
    "1860": [("Tietoevry", "licence", "LAX-2008-112"), ("Unikum", "saas", "LAX-2017-061")],
}


def accounts_for(code: str) -> dict:
    return ACCOUNTS.get(code, ACCOUNTS["default"])


def _kr(ore: int) -> str:
    sign = "-" if ore < 0 else ""
    return f"{sign}{abs(ore) // 100}.{abs(ore) % 100:02d}"


def vouchers_for(code: str) -> list[tuple[str, str, list[tuple]]]:
    """[(date, text, [(account, objects, öre, text)])] for the municipality's 2021 ledger."""
    accounts = accounts_for(code)
    vouchers = []

    def invoice(date, supplier, account, ore, text, centre):
        vat = ore // 4
        vouchers.append((date, f"{SUPPLIERS[supplier]}: {text}", [
            (account, f'1 "{centre}" 9 "{supplier}"', ore, text),
            ("2641", "", vat, "Ingående moms"),
            ("2440", f'9 "{supplier}"', -(ore + vat), "Leverantörsskuld"),
        ]))

    for supplier, kind, parts, text in INVOICES[code]:
        for date, ore in parts:
            invoice(date, supplier, accounts[kind], ore, text, RESPONSIBILITY[kind])
    for month in range(1, 13):
        date = f"{YEAR}{month:02d}25"
        invoice(date, TIETO, accounts["hosting"], HOSTING[code], "Drift av Procapita-server",
                RESPONSIBILITY["hosting"])
        for account, supplier, ore, text in OTHER_COSTS:
            amount = int(ore * SCALE[code])
            invoice(f"{YEAR}{month:02d}15", supplier, account, amount, text, "3100")
    for supplier, kind, date, ore, text in OTHER_IT:
        invoice(date, supplier, accounts[kind], int(ore * SCALE[code]), text,
                RESPONSIBILITY[kind])
    # paying the supplier debts: bank against leverantörsskulder (no costs)
    for month in range(1, 13):
        vouchers.append((f"{YEAR}{month:02d}28", "Utbetalning leverantörsreskontra", [
            ("2440", "", 1_000_000_00, "Betalning"), ("1930", "", -1_000_000_00, "Bank")]))
    vouchers.sort(key=lambda v: v[0])
    return vouchers


def sie_file(organisation: Organisation, code: str) -> bytes:
    """The municipality's 2021 ledger as SIE 4E in CP437, with a #KSUMMA checksum."""
    accounts = accounts_for(code)
    names = {accounts["licence"]: "Licenser och programvaror", accounts["saas"]: "IT-tjänster",
             accounts["hosting"]: "Drift och hosting", accounts["hardware"]: "Datorer",
             "2440": "Leverantörsskulder", "2641": "Ingående moms", "1930": "Bank",
             "4610": "Livsmedel", "6110": "Lokalhyror", "6510": "Kontorsmaterial"}
    records = [
        ("#PROGRAM", ["Ekonomisystem Sydnärke", "2021.4"]), ("#FORMAT", ["PC8"]),
        ("#GEN", ["20220131", "Maria Lindqvist"]), ("#SIETYP", ["4"]),
        ("#FNAMN", [f"{organisation.name} kommun"]), ("#ORGNR", [organisation.org_number]),
        ("#RAR", ["0", f"{YEAR}0101", f"{YEAR}1231"]), ("#KPTYP", ["KOMMUNBAS"]),
    ]
    records += [("#KONTO", [number, name]) for number, name in sorted(names.items())]
    records += [("#DIM", ["1", "Ansvar"]), ("#DIM", ["9", "Leverantör"])]
    records += [("#OBJEKT", ["9", number, name]) for number, name in SUPPLIERS.items()]
    out = ["#FLAGGA 0", "#KSUMMA"]
    crc = 0
    for tag, fields in records:
        out.append(" ".join([tag] + [f'"{f}"' for f in fields]))
        crc = zlib.crc32("".join([tag] + fields).encode("cp437"), crc)
    for number, (date, text, rows) in enumerate(vouchers_for(code), start=1):
        out.append(f'#VER A {number} {date} "{text}" {date}')
        crc = zlib.crc32(f"#VERA{number}{date}{text}{date}".encode("cp437"), crc)
        out.append("{")
        for account, objects, ore, row_text in rows:
            out.append(f'   #TRANS {account} {{{objects}}} {_kr(ore)} {date} "{row_text}"')
            flat = objects.replace('"', "").replace(" ", "")
            crc = zlib.crc32(f"#TRANS{account}{flat}{_kr(ore)}{date}{row_text}".encode("cp437"),
                             crc)
        out.append("}")
    out.append(f"#KSUMMA {crc}")
    return ("\r\n".join(out) + "\r\n").encode("cp437")


def importer_user():
    """The demo's finance officer, who imports the files (no password: cannot log in)."""
    username, first, last = IMPORTER
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=first, last_name=last)
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def _prepare(towns) -> tuple:
    user = importer_user()
    board = Organisation.objects.filter(name="Sydnärkes IT-nämnd").first()
    for code, town in towns.items():
        OrganisationRole.objects.get_or_create(user=user, organisation=town,
                                               defaults={"role": Role.EDITOR})
        Population.objects.get_or_create(organisation=town, year=YEAR, defaults={
            "inhabitants": POPULATION[code], "source": POPULATION_SOURCE})
    hallsberg = towns["1861"]
    if not AccountCategory.objects.filter(organisation=hallsberg).exists():
        for first, last, category, note in HALLSBERG_RANGES:
            AccountCategory.objects.create(organisation=hallsberg, first_account=first,
                                           last_account=last, category=category, note=note)
    for code, rules in RULES.items():
        town = towns[code]
        for pattern, kind, number in rules:
            contract = Contract.objects.filter(number=number).first()
            if contract is None:
                continue
            account = accounts_for(code)[kind]
            MatchingRule.objects.get_or_create(
                organisation=town, contract=contract, name=f"{pattern}, konto {account}",
                defaults={"supplier_pattern": pattern, "account_from": account})
    return user, board


def load() -> dict:
    """Write and import the four ledgers (skipping those already imported)."""
    towns = municipalities()
    user, _board = _prepare(towns)
    folder = Path(settings.DATA_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    imported = 0
    for code, town in towns.items():
        path = folder / f"bokforing-{YEAR}-{FILE_NAMES[code]}.se"
        data = sie_file(town, code)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        if ImportBatch.objects.filter(kind__in=LEDGER_KINDS, organisation=town, file_sha256=sha,
                                      status=ImportBatch.Status.DONE).exists():
            continue
        with path.open("rb") as handle:
            batch = services.stage_file(user, town, File(handle, name=path.name))
        services.run_import(batch, user, replace=True)
        imported += 1
    return {"imported": imported}
