"""Example financing for the demo: Sydnärke's "Lärplattform" management budget split by
population between the four municipalities (with the key's change from a mixed key to pure
population shares), a Sambruk cooperation project with five municipalities whose management
budget after handover lets the donor municipality pay no fee, and the joint IT organisation's
service catalogue with a year of volumes.

`load()` is idempotent: running it again changes nothing. The amounts are examples, not real
budgets; populations come from the reference data (2025) and the example ledgers' year (2021):
each split uses its own year's figures, and this year's pools say that this year's population
is not yet published and last year's is used.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.finance import services
from samverkan.finance.models import (
    AllocationKey,
    Budget,
    BudgetLine,
    CostCategory,
    CostPool,
    InvoiceAccounts,
    InvoicingBasis,
    KeyVersion,
    PoolParticipant,
    Service,
    ServicePrice,
    ServiceVolume,
)
from samverkan.organisations.models import Membership, Organisation
from samverkan.portfolio.models import ManagementObject

from . import ledger as ledger_demo
from . import sydnarke

# Lärplattform's budget for the year of the example ledgers (ledger.demo.YEAR), kronor, against
# which the ledgers' outcome is followed up
LEDGER_YEAR_BUDGET = {CostCategory.SAAS: 560_000, CostCategory.LICENCES: 40_000}

# Lärplattform's management budget per cost category, kronor: (last year, this year, forecast)
LEARNING_BUDGET = {
    CostCategory.LICENCES: (1_380_000, 1_450_000, 1_512_000),
    CostCategory.SAAS: (360_000, 380_000, None),
    CostCategory.CONSULTANTS: (260_000, 240_000, 310_000),
    CostCategory.OPERATIONS: (120_000, 120_000, None),
    CostCategory.OTHER: (55_000, 60_000, 48_500),
}

SAMBRUK = "Sambruk"
SAMBRUK_TOWNS = ["2180", "2281", "2081", "1494", "1780"]  # Gävle, Sundsvall, Borlänge, Lidköping, Karlstad
DONOR = "2180"  # Gävle gave the finished e-service to Sambruk (SGM4 Gåva)

# code, name, unit, category, unit price (kr), budget (kr), volume per employee-user and month
SERVICES = [
    ("ARB", "Arbetsplats med support", "arbetsplats och månad", CostCategory.HARDWARE, "425.00", 14_000_000, Decimal("0.78")),
    ("M365", "Microsoft 365-licens", "användare och månad", CostCategory.LICENCES, "94.50", 4_400_000, Decimal("1.05")),
    ("SRV", "Virtuell server", "server och månad", CostCategory.OPERATIONS, "1450.00", 1_300_000, Decimal("0.022")),
    ("LAG", "Lagring", "GB och månad", CostCategory.OPERATIONS, "0.35", 1_250_000, Decimal("85.5")),
    ("SUP", "Verksamhetsstöd och konsulttimmar", "timme", CostCategory.CONSULTANTS, "875.00", 1_800_000, Decimal("0.045")),
    ("MOB", "Mobilabonnemang", "abonnemang och månad", CostCategory.TELECOM, "139.00", 3_600_000, Decimal("0.62")),
]


def kr(amount) -> int:
    return int(Decimal(str(amount)) * 100)


@transaction.atomic
def load(today: datetime.date | None = None) -> dict:
    year = (today or datetime.date.today()).year
    users = set(sydnarke.create_demo_users())
    User = get_user_model()
    admin = User.objects.get(username="admin") if "admin" in users else None
    coop_editor = User.objects.filter(username="sydnarke").first() or admin
    towns = sydnarke.municipalities()
    board = Organisation.objects.get(name=sydnarke.COOPERATION)
    key = _sydnarke_key(board, towns, year)
    learning = ManagementObject.objects.get(name="Lärplattform", organisation=board)
    _learning_budget(learning, key, ledger_demo.YEAR,
                     {category: (amount, None) for category, amount in LEDGER_YEAR_BUDGET.items()})
    for offset in (1, 0):
        _learning_budget(learning, key, year - offset, {
            category: (last, None) if offset else (this, forecast)
            for category, (last, this, forecast) in LEARNING_BUDGET.items()})
        pool = _pool(board, f"Förvaltning {learning.name}", year - offset,
                     purpose=CostPool.Purpose.MANAGEMENT, source=CostPool.Source.BUDGET, key=key,
                     management_object=learning, members=list(towns.values()),
                     decision=f"IT-nämnden {year - offset - 1}-11-20 § 12 (budget)")
        _approve(coop_editor, pool)
    catalogue = _services(board, towns, year - 1)
    for service in catalogue:
        pool = _pool(board, f"{service.name} enligt förbrukning", year - 1,
                     purpose=CostPool.Purpose.SERVICE, source=CostPool.Source.SERVICE_VOLUME,
                     key=None, service=service, members=[],
                     decision=f"IT-nämnden {year - 2}-11-20 § 14: försök med debitering efter "
                              "faktisk förbrukning")
        _approve(coop_editor, pool)
    sambruk = _sambruk(year, admin)
    InvoiceAccounts.objects.get_or_create(
        organisation=towns["1860"], issuer=board, archived_at__isnull=True,
        defaults={"cost_account": "6540", "cost_account_name": "IT-tjänster",
                  "settlement_account": "2440", "settlement_account_name": "Leverantörsskulder",
                  "cost_centre": "4100"})
    for issuer, issuer_user in ((board, coop_editor), (sambruk, admin)):
        for y in (year - 1, year):
            if issuer_user and not InvoicingBasis.objects.filter(issuer=issuer, year=y).exists():
                services.issue_bases(issuer_user, issuer, y, datetime.date(y, 1, 31))
    return {"key": key, "services": len(catalogue), "sambruk": sambruk}


def _sydnarke_key(board, towns, year) -> AllocationKey:
    """The board first split equally and by population half each; from this year by population
    only (the change one member objected to)."""
    key, created = AllocationKey.objects.get_or_create(
        name="Sydnärke: kostnadsfördelning", organisation=board, archived_at__isnull=True,
        defaults={"description": "Fördelningsnyckel för gemensamma förvaltningsobjekt enligt "
                                 "IT-nämndens beslut. Bytt från 50 % lika delar och 50 % "
                                 "folkmängd till enbart folkmängd."})
    if created:
        KeyVersion.objects.create(
            key=key, valid_from=datetime.date(ledger_demo.YEAR, 1, 1),
            method=KeyVersion.Method.MIXED, equal_weight=50, population_weight=50,
            note=f"IT-nämnden {ledger_demo.YEAR - 1}-10-15 § 7")
        KeyVersion.objects.create(
            key=key, valid_from=datetime.date(year, 1, 1), method=KeyVersion.Method.POPULATION,
            population_weight=100,
            note=f"IT-nämnden {year - 1}-10-14 § 9: enbart folkmängd")
    return key


def _learning_budget(learning, key, year, lines: dict) -> Budget:
    """Lärplattform's budget for a year: {category: (kronor, forecast kronor or None)}."""
    budget, created = Budget.objects.get_or_create(
        management_object=learning, year=year, archived_at__isnull=True,
        defaults={"key": key, "note": "Förvaltningsbudget enligt förvaltningsplanen."})
    if created:
        for category, (amount, forecast) in lines.items():
            BudgetLine.objects.create(budget=budget, category=category, amount_ore=kr(amount),
                                      forecast_ore=kr(forecast) if forecast else None)
    return budget


def _pool(organisation, name, year, *, members, **fields) -> CostPool:
    pool = CostPool.objects.filter(organisation=organisation, name=name, year=year,
                                   archived_at__isnull=True).first()
    if pool is None:
        pool = CostPool(organisation=organisation, name=name, year=year, **fields)
        pool.full_clean()
        pool.save()
        for member in members:
            PoolParticipant.objects.create(pool=pool, organisation=member)
    return pool


def _approve(user, pool) -> None:
    if user is not None and services.current_distribution(pool) is None:
        services.approve(user, pool)


def _services(board, towns, year) -> list[Service]:
    result = []
    for code, name, unit, category, price, budget, per_user in SERVICES:
        service, created = Service.objects.get_or_create(
            organisation=board, code=code, archived_at__isnull=True,
            defaults={"name": name, "unit": unit, "category": category})
        result.append(service)
        ServicePrice.objects.get_or_create(service=service, year=year, defaults={
            "unit_price_ore": kr(price), "budget_ore": kr(budget)})
        if not created:
            continue
        volumes = []
        for town_code, town in towns.items():
            staff = sydnarke.STAFF_USERS[town_code]
            for month in range(1, 13):
                seasonal = Decimal(1) + Decimal((month * 7 + int(town_code)) % 9 - 4) / 100
                volume = (staff * per_user * seasonal).quantize(Decimal("0.001"))
                if not unit.startswith("GB"):
                    volume = volume.quantize(Decimal(1))
                volumes.append(ServiceVolume(service=service, organisation=town, year=year,
                                             month=month, volume=volume))
        ServiceVolume.objects.bulk_create(volumes)
    return result


def _sambruk(year, admin) -> Organisation:
    """A Sambruk project split by population, then its management budget after handover, where
    the donor municipality pays no management fee (the gift model)."""
    sambruk, _created = Organisation.objects.get_or_create(
        name=SAMBRUK, kind=Organisation.Kind.ASSOCIATION,
        defaults={"short_name": "Sambruk", "website": "https://www.sambruk.se",
                  "description": "Förening för kommunal verksamhetsutveckling och sambruk av "
                                 "e-tjänster. Fördelar projekt- och förvaltningsbudgetar mellan "
                                 "deltagande kommuner, oftast efter invånarantal."})
    towns = [Organisation.objects.get(municipality_code=code) for code in SAMBRUK_TOWNS]
    for town in towns:
        Membership.objects.get_or_create(cooperation=sambruk, member=town,
                                         defaults={"valid_from": datetime.date(year - 2, 1, 1)})
    key, created = AllocationKey.objects.get_or_create(
        name="Sambruk: invånarantal", organisation=sambruk, archived_at__isnull=True,
        defaults={"description": "Projekt- och förvaltningsbudgetar fördelas proportionellt mot "
                                 "kommunernas invånarantal."})
    if created:
        KeyVersion.objects.create(
            key=key, valid_from=datetime.date(year - 1, 1, 1), method=KeyVersion.Method.POPULATION,
            population_weight=100,
            note="Projektöverenskommelse enligt Sambruks projektmodell")
    project = _pool(sambruk, "Projekt e-tjänst ekonomiskt bistånd", year - 1,
                    purpose=CostPool.Purpose.PROJECT, source=CostPool.Source.FIXED,
                    amount_ore=kr(2_400_000), key=key, members=towns,
                    decision=f"Projektöverenskommelse {year - 2}-12-01",
                    description="Gemensamt utvecklingsprojekt: e-ansökan om ekonomiskt bistånd. "
                                "Sambruk fakturerar deltagarna och betalar externa parter.")
    management = _pool(sambruk, "Förvaltning e-tjänst ekonomiskt bistånd", year,
                       purpose=CostPool.Purpose.MANAGEMENT, source=CostPool.Source.FIXED,
                       amount_ore=kr(850_000), key=key, members=towns,
                       decision=f"Förvaltningsrådet {year - 1}-11-20",
                       description="Förvaltningsbudget efter överlämning till förvaltning.")
    donor = management.participants.filter(organisation__municipality_code=DONOR).first()
    if donor is not None and not donor.reduction:
        donor.reduction = PoolParticipant.Reduction.EXEMPT
        donor.reason = "Gåva av e-tjänsten till Sambruk (SGM4 Gåva): ingen förvaltningsavgift"
        donor.save()
    _approve(admin, project)
    _approve(admin, management)
    return sambruk
