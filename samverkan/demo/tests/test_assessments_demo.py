"""The demo's Bilaga 3 rounds: every learning platform of the four municipalities assessed by
two respondents, closed with a TIME disposition, the members' spread shown; loading twice
changes nothing."""

import pytest

from samverkan.assessments.models import Answer, Assessment, Disposition
from samverkan.assessments.services import overview
from samverkan.demo import assessments as demo
from samverkan.demo import sydnarke
from samverkan.organisations.services import load_reference_data
from samverkan.portfolio.models import System
from samverkan.portfolio.services import load_capabilities
from samverkan.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_learning_platforms_are_assessed_by_two_respondents_each():
    admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    load_reference_data()
    load_capabilities()
    sydnarke.load()
    made = demo.load()
    platforms = System.objects.filter(management_object__name="Lärplattform",
                                      organisation__in=sydnarke.municipalities().values())
    assert made == platforms.count() == 5
    assert demo.load() == 0
    assert Assessment.objects.filter(state=Assessment.State.CLOSED).count() == 5
    for assessment in Assessment.objects.all():
        assert assessment.respondents.filter(answered_at__isnull=False).count() == 2
    assert Answer.objects.count() == 5 * 21
    dispositions = set(Assessment.objects.values_list("disposition", flat=True))
    assert {Disposition.INVEST, Disposition.MIGRATE, Disposition.TOLERATE} <= dispositions
    haldor = Assessment.objects.get(system__product__name="Haldor Education")
    assert haldor.legal_knock_out  # V9 answered 2
    rows = overview.latest_results(admin)
    assert len(rows) == 5
    # each municipality has its own installation
    assert overview.spreads(overview.points(admin)).total == 0
    e4 = haldor.economy_values.get(field__code="E4")
    assert e4.value > 0 and "användning" in e4.source
