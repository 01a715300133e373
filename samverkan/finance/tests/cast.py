"""The permission cast of the system register (portfolio/tests/cast.py) with financing records
run by each organisation: Laxå (own), Hallsberg (other) and their cooperation (coop).

Every pool is shared by Laxå and Hallsberg, so each of them is a member of the others' pools:
a member reads its own lines, the pool's organisation reads all of them.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.core import imports
from samverkan.finance import services
from samverkan.finance.importers import VolumeImporter
from samverkan.finance.models import InvoiceAccounts, KeyVersion
from samverkan.testing.cast import (
    COOP,
    COOP_EDITOR,
    EDITOR,
    ORG_ADMIN,
    OTHER,
    OUTSIDER,
    OWN,
    READER,
    SCOPES,
    SUPERUSER,
    extend_cast,
)

from .factories import (
    BudgetFactory,
    BudgetLineFactory,
    PopulationFactory,
    ServiceFactory,
    ServicePriceFactory,
    ServiceVolumeFactory,
    pool_with,
    population_key,
)

YEAR = 2026
# users with any role in each scope's organisation
MEMBERS = {OWN: frozenset({READER, EDITOR, ORG_ADMIN}), OTHER: frozenset({OUTSIDER}),
           COOP: frozenset({COOP_EDITOR})}
LAXA_USERS = MEMBERS[OWN]
# who reads a record about Laxå run by each scope's organisation (a basis, a volume)
LAXA_RECORD_VIEWERS = {s: LAXA_USERS | MEMBERS[s] | {SUPERUSER} for s in SCOPES}


GROUPS = ("keys", "unused_versions", "used_versions", "pools", "drafts", "pending",
          "distributions", "bases", "participants", "services", "prices", "volumes", "budgets",
          "budget_lines", "accounts")


def add_finance(cast) -> None:
    laxa, hallsberg = cast.orgs[OWN], cast.orgs[OTHER]
    PopulationFactory(organisation=laxa, year=2025, inhabitants=5424)
    PopulationFactory(organisation=hallsberg, year=2025, inhabitants=16065)
    towns = [laxa, hallsberg]
    root = cast.users[SUPERUSER]
    for name in GROUPS:
        setattr(cast, name, {})
    for scope in SCOPES:
        org = cast.orgs[scope]
        key = population_key(org, name=f"Nyckel {org.name}")
        cast.keys[scope] = key
        cast.used_versions[scope] = key.versions.get()
        cast.unused_versions[scope] = KeyVersion.objects.create(
            key=key, valid_from=datetime.date(2030, 1, 1), method=KeyVersion.Method.EQUAL,
            equal_weight=100)
        cast.pools[scope] = pool_with(org, key, towns, name=f"Pool {org.name}", year=YEAR)
        cast.distributions[scope] = services.approve(root, cast.pools[scope])
        bases = services.issue_bases(root, org, YEAR, datetime.date(YEAR, 1, 31))
        cast.bases[scope] = next(b for b in bases if b.recipient == laxa)
        cast.pending[scope] = pool_with(org, key, towns, name=f"Ej fakturerad {org.name}", year=YEAR)
        services.approve(root, cast.pending[scope])
        cast.drafts[scope] = pool_with(org, key, towns, name=f"Utkast {org.name}", year=YEAR)
        cast.participants[scope] = cast.drafts[scope].participants.get(organisation=laxa)
        service = ServiceFactory(organisation=org, code=f"T-{scope}", name=f"Tjänst {org.name}")
        cast.services[scope] = service
        cast.prices[scope] = ServicePriceFactory(service=service, year=YEAR)
        cast.volumes[scope] = ServiceVolumeFactory(service=service, organisation=laxa, year=YEAR,
                                                   volume=Decimal("12.5"))
        ServiceVolumeFactory(service=service, organisation=hallsberg, year=YEAR, volume=40)
        cast.budgets[scope] = BudgetFactory(management_object=cast.objects[scope], year=YEAR, key=key)
        cast.budget_lines[scope] = BudgetLineFactory(budget=cast.budgets[scope])
        cast.accounts[scope] = InvoiceAccounts.objects.create(organisation=org, cost_centre="100")
    # a volume file the Laxå editor has uploaded but not yet confirmed
    text = f"Tjänst;Organisation;År;Månad;Volym\nT-{OWN};Hallsberg;{YEAR};3;7,5\n"
    cast.batches["volume"] = imports.stage(cast.users[EDITOR], VolumeImporter,
                                           SimpleUploadedFile("volymer.csv", text.encode()))


@pytest.fixture(scope="module")
def finance_cast(shared_cast, django_db_blocker):
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=shared_cast.media_root,
                                                       DATA_DIR=shared_cast.media_root):
        add_finance(shared_cast)
    return shared_cast


@pytest.fixture
def fcast(finance_cast, module_cast, monkeypatch):
    """The cast for one test; a refused request must leave the finance tables as they were."""
    extend_cast(monkeypatch, snapshot_apps=("finance",), kept=GROUPS)
    return module_cast
