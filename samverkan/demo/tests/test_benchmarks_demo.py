"""The benchmarking demo: IT cost categories defined, the four Sydnärke municipalities' 2021 IT
cost per inhabitant from their imported ledgers (ranked, with the median), every other
municipality said to have no ledger, the external key figures beside them; loading twice
changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.urls import reverse

from samverkan.analysis.models import ExternalKeyFigure, ITCostCategory
from samverkan.analysis.services import benchmarks
from samverkan.demo import benchmarks as demo
from samverkan.demo import contracts as contracts_demo
from samverkan.demo import ledger as ledger_demo
from samverkan.demo import sydnarke
from samverkan.ledger.models import CostSummary
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities

pytestmark = pytest.mark.django_db


def test_the_demo_benchmarks_the_four_municipalities(client):
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    contracts_demo.load()
    ledger_demo.load()
    sydnarke.create_demo_users()
    assert demo.load() == {"categories": 6, "external": 3}
    assert demo.load() == {"categories": 6, "external": 0}
    assert ExternalKeyFigure.objects.count() == 3

    admin = get_user_model().objects.get(username="admin")
    table = benchmarks.compute(admin).table(2021)
    assert sorted(r.code for r in table.rows) == ["1814", "1860", "1861", "1882"]
    assert len(table.missing) > 200  # the rest of the country: no ledger read
    it = list(ITCostCategory.objects.values_list("ledger_category", flat=True))
    for row in table.rows:
        expected = CostSummary.objects.filter(organisation_id=row.organisation_id, year=2021,
                                              category__in=it).aggregate(s=Sum("amount_ore"))["s"]
        assert row.outcome_ore == expected > 0
        assert row.inhabitants == ledger_demo.POPULATION[row.code]
    assert [r.ranks["per_inhabitant"] for r in table.rows] == [1, 2, 3, 4]
    assert table.medians["per_inhabitant"] == (table.rows[1].per_inhabitant
                                               + table.rows[2].per_inhabitant) / 2
    assert {r.name for r in table.external} == {"Nora", "Lindesberg", "Ljusnarsberg"}

    client.force_login(admin)
    page = client.get(reverse("analysis:benchmarks") + "?ar=2021").content.decode()
    assert "Lekeberg" in page and "Extern: Bergslagens IT-samverkan (exempel)" in page
    assert "Ingen bokföring inläst för 2021" in page
