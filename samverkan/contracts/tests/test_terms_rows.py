"""Terms read as rows for many contracts (`terms_of_rows`) and the status kind alone
(`status_kind`) agree with `terms_of` and `status` of each contract, on every day tried."""

import datetime

import pytest

from samverkan.contracts import terms
from samverkan.contracts.models import Contract
from samverkan.testing.factories import ContractFactory

pytestmark = pytest.mark.django_db

D = datetime.date
CASES = [
    {},  # renews yearly with three months' notice
    {"renewal_period_months": None, "notice_period_months": None},  # fixed term, with options
    {"original_end_date": None, "renewal_period_months": None, "notice_period_months": 6},
    {"original_end_date": D(2021, 6, 30), "renewal_period_months": 24,
     "terminated_on": D(2023, 1, 10)},
    {"renewal_period_months": None, "termination_effective_date": D(2021, 3, 31)},
    {"start_date": D(2027, 1, 1), "original_end_date": D(2029, 2, 28)},
    {"original_end_date": None, "renewal_period_months": 3, "notice_period_months": 1},
]


def test_rows_give_the_same_terms_and_status_as_each_contract():
    made = [ContractFactory(**case) for case in CASES]
    made[1].extension_options.create(ordering=2, length_months=6)
    made[1].extension_options.create(ordering=1, length_months=12, used_on=D(2022, 6, 1))
    contracts = Contract.objects.filter(pk__in=[c.pk for c in made])
    found = terms.terms_of_rows(contracts, contracts, ("pk",), "")
    days = [D(2019, 6, 1) + datetime.timedelta(days=37 * i) for i in range(120)]
    for contract in contracts.prefetch_related("extension_options"):
        assert found[(contract.pk,)] == terms.terms_of(contract)
        for on in days:
            assert terms.status_kind(contract, on) == terms.status(contract, on).kind, (
                contract.pk, on)
    kinds = {terms.status_kind(t, on) for t in found.values() for on in days}
    assert len(kinds) >= 5  # the cases pass through most statuses
