"""Ledger lines of a contract whose prices are confidential are hidden from readers outside the
contract's organisation; so are they from benchmarking: the outcome, the rank, the median and
the order shown to such a reader are what they would be if the lines did not exist."""

import pytest
from django.urls import reverse

from samverkan.analysis.services import benchmarks
from samverkan.ledger.models import CostSummary
from samverkan.testing.factories import ContractFactory

from .benchmark_data import YEAR, cost, define_it, people

pytestmark = pytest.mark.django_db

SECRET = 900_000_00


@pytest.fixture
def secret(laxa, hallsberg):
    define_it()
    contract = ContractFactory(organisation=hallsberg, prices_confidential=True)
    cost(laxa, 300_000_00)
    cost(hallsberg, 100_000_00)
    cost(hallsberg, SECRET, contract=contract)
    people(laxa, 1_000)
    people(hallsberg, 1_000)
    return contract


def seen(user):
    table = benchmarks.compute(user).table(YEAR)
    return ([(r.name, r.outcome_ore, r.per_inhabitant, dict(r.ranks)) for r in table.rows],
            table.medians)


def test_a_reader_outside_the_contract_does_not_see_its_costs(secret, reader, outsider):
    rows, _medians = seen(reader)
    assert rows[0][:2] == ("Hallsberg", 100_000_00)
    own_rows, _medians = seen(outsider)
    assert dict((r[0], r[1]) for r in own_rows)["Hallsberg"] == 100_000_00 + SECRET
    assert [r[0] for r in own_rows] == ["Laxå", "Hallsberg"]


def test_nothing_hidden_moves_what_the_reader_sees(secret, reader):
    """Inference: the order, ranks and medians the reader sees are the same without the lines."""
    before = seen(reader)
    CostSummary.objects.filter(contract=secret).delete()
    assert seen(reader) == before


def test_the_partial_figure_is_marked_on_the_page_and_the_api(secret, reader, client_for):
    client = client_for(reader)
    page = client.get(reverse("analysis:benchmarks") + f"?ar={YEAR}").content.decode()
    assert "delvis" in page and "1\u00a0000\u00a0000,00" not in page
    assert "900\u00a0000" not in page
    api = client.get(f"/api/benchmarks/?year={YEAR}").json()
    hallsberg = next(r for r in api["years"][0]["results"] if r["name"] == "Hallsberg")
    assert hallsberg["outcome_ore"] == 100_000_00 and hallsberg["partial"] is True
    assert str(SECRET) not in str(api) and str(100_000_00 + SECRET) not in str(api)
