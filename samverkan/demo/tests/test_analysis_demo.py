"""The analysis demo: seed 001's procurement and hosting tables computed from their inputs (with
the right figures where the seed's are wrong), the scenario for one learning platform, and
loading twice changes nothing."""

import pytest
from django.urls import reverse

from samverkan.analysis.models import Calculation, HourlyCost, Scenario
from samverkan.analysis.services import calculations
from samverkan.demo import analysis as demo
from samverkan.demo import sydnarke
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.services import load_capabilities
from samverkan.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_analysis_demo_reproduces_the_seed_tables(client):
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    found = demo.load()
    counts = (HourlyCost.objects.count(), Calculation.objects.count(), Scenario.objects.count())
    demo.load()
    assert (HourlyCost.objects.count(), Calculation.objects.count(),
            Scenario.objects.count()) == counts == (1, 2, 1)

    procurement = calculations.result(found["procurement"])
    assert procurement.total.cost_alone_ore == 1_232_500_00
    assert procurement.total.cost_together_ore == 2_337_500_00
    assert procurement.total.saved_ore == 2_592_500_00
    assert sum(s.saved_ore for s in procurement.shares) == 2_592_500_00

    hosting = calculations.result(found["hosting"])
    assert hosting.outcomes[0].first_month_ore == 20_560_00
    assert hosting.outcomes[0].years[0] == 246_720_00
    assert hosting.outcomes[1].first_month_ore == 19_755_56
    assert hosting.savings[0].years[0] == 9_653_28

    summary = calculations.summary(found["scenario"])
    assert summary.total_ore == 2_592_500_00 + hosting.savings[0].total_ore
    assert sum(summary.per_member.values()) == summary.total_ore
    assert len(summary.per_member) == 4

    client.force_login(admin)
    page = client.get(reverse("analysis:calculation", args=[found["procurement"].pk]))
    text = page.content.decode()
    assert "2\u00a0592\u00a0500,00\u00a0kr" in text and "53\u00a0%" in text
    assert "Skillnad mot källan" in text and "47 %" in text
    page = client.get(reverse("analysis:calculation", args=[found["hosting"].pk]))
    assert "19\u00a0755,56\u00a0kr" in page.content.decode()
    page = client.get(reverse("analysis:scenarios"))
    assert demo.SCENARIO in page.content.decode()
