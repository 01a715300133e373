"""The demo's financing examples load, add up, and load again without changes."""

import pytest

from samverkan.demo import finance as demo
from samverkan.demo import sydnarke
from samverkan.finance.models import (
    CostPool,
    Distribution,
    DistributionLine,
    InvoicingBasis,
    PoolParticipant,
    ServiceVolume,
)
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (CostPool, Distribution, DistributionLine, InvoicingBasis,
                                         ServiceVolume, PoolParticipant)]


def test_the_demo_loads_once_and_adds_up(settings, tmp_path):
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    demo.load()
    first = counts()
    demo.load()
    assert counts() == first
    for distribution in Distribution.objects.all():
        assert sum(distribution.lines.values_list("amount_ore", flat=True)) == distribution.total_ore
    learning = Distribution.objects.filter(pool_name="Förvaltning Lärplattform")
    assert learning.count() == 2 and {d.lines.count() for d in learning} == {4}
    assert {d.key_label for d in learning} == {"50 % lika delar + 50 % folkmängd", "Folkmängd"}
    donor = DistributionLine.objects.get(distribution__pool_name__startswith="Förvaltning e-tjänst",
                                         organisation__name="Gävle")
    assert donor.amount_ore == 0 and "Gåva" in donor.reduction_text
    assert ServiceVolume.objects.values("month").distinct().count() == 12
