"""Comparisons between years whose pools differ say so; a pool's page says what changed since
its split was approved. Both read only what their reader may see."""

import pytest
from django.urls import reverse

from samverkan.finance import services
from samverkan.finance.models import PoolParticipant
from samverkan.organisations.models import Population
from samverkan.testing.factories import MembershipFactory, OrganisationFactory

from .factories import PopulationFactory, equal_key, pool_with, population_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(laxa, hallsberg):
    for town, people in ((laxa, 5424), (hallsberg, 16065)):
        for year in (2025, 2026):
            PopulationFactory(organisation=town, year=year, inhabitants=people)
    return [laxa, hallsberg]


@pytest.fixture
def lekeberg(cooperation):
    town = OrganisationFactory(name="Lekeberg", municipality_code="1814")
    MembershipFactory(cooperation=cooperation, member=town)
    PopulationFactory(organisation=town, year=2026, inhabitants=8592)
    return town


def approve(user, organisation, key, members, year, name="Lärplattform", amount_ore=100_000_00):
    return services.approve(user, pool_with(organisation, key, members, year=year, name=name,
                                            amount_ore=amount_ore))


def test_like_years_are_compared_without_a_remark(towns, cooperation, coop_editor):
    key = population_key(cooperation)
    approve(coop_editor, cooperation, key, towns, 2025)
    approve(coop_editor, cooperation, key, towns, 2026, amount_ore=120_000_00)
    assert services.summary(coop_editor, 2026).differences == []


def test_years_with_other_participants_pools_or_keys_say_so(towns, lekeberg, cooperation,
                                                          coop_editor):
    key = population_key(cooperation)
    approve(coop_editor, cooperation, key, towns, 2025)
    approve(coop_editor, cooperation, key, towns, 2025, name="Skolplattform")
    approve(coop_editor, cooperation, key, [*towns, lekeberg], 2026)
    approve(coop_editor, cooperation, equal_key(cooperation, name="Lika 2026"), towns, 2026,
            name="E-arkiv")
    assert services.summary(coop_editor, 2026).differences == [
        "E-arkiv finns 2026 men inte 2025.",
        "Skolplattform finns 2025 men inte 2026.",
        "Lärplattform: nya deltagare sedan 2025: Lekeberg.",
    ]
    # another key that does the same: still another key, named
    approve(coop_editor, cooperation, equal_key(cooperation, name="Lika 2025"), towns, 2025,
            name="E-arkiv")
    assert [t for t in services.summary(coop_editor, 2026).differences if "E-arkiv" in t] == [
        "E-arkiv: fördelas 2026 med ”Lika 2026” (Lika delar), 2025 med ”Lika 2025” (Lika delar)."]


def test_the_pages_and_the_export_say_that_years_differ(towns, lekeberg, cooperation,
                                                       coop_editor, reader, client_for):
    approve(coop_editor, cooperation, population_key(cooperation), towns, 2025)
    approve(coop_editor, cooperation, population_key(cooperation), [*towns, lekeberg], 2026)
    text = "Lärplattform: nya deltagare sedan 2025: Lekeberg."
    for user in (coop_editor, reader):  # the reader sees only Laxå's lines, and the remark
        for name in ("finance:summary", "finance:overview"):
            page = client_for(user).get(reverse(name) + "?year=2026").content.decode()
            assert "2026 och 2025 fördelar inte samma pooler på samma sätt" in page
            assert text in page
    export = client_for(reader).get(reverse("finance:summary") + "?year=2026&export=csv")
    assert text in b"".join(export.streaming_content).decode("utf-8-sig")


def test_the_remark_is_derived_from_no_members_line(towns, lekeberg, cooperation, coop_editor,
                                                    reader):
    """Inference: what the reader is told does not move when another member's lines do."""
    approve(coop_editor, cooperation, population_key(cooperation), towns, 2025)
    pool = pool_with(cooperation, population_key(cooperation), [*towns, lekeberg], year=2026,
                     name="Lärplattform")
    services.approve(coop_editor, pool)
    before = services.summary(reader, 2026).differences
    participant = PoolParticipant.objects.get(pool=pool, organisation=lekeberg)
    participant.reduction, participant.reason = PoolParticipant.Reduction.EXEMPT, "Gåva"
    participant.save()
    Population.objects.filter(organisation=lekeberg).update(inhabitants=99_000)
    services.approve(coop_editor, pool)
    assert services.summary(reader, 2026).differences == before


def test_the_pool_page_says_what_changed_since_approval(towns, lekeberg, cooperation, coop_editor,
                                                       laxa, client_for, reader):
    pool = pool_with(cooperation, population_key(cooperation), towns, year=2027)
    services.approve(coop_editor, pool)  # 2027 missing: 2026 used
    PopulationFactory(organisation=laxa, year=2027, inhabitants=5_500)
    PoolParticipant.objects.create(pool=pool, organisation=lekeberg)
    pool.amount_ore = 120_000_00
    pool.save()
    changes = services.since_approval(services.current_distribution(pool), services.compute(pool))
    assert changes == [
        "Beloppet är 120\u00a0000,00\u00a0kr, fastställt 100\u00a0000,00\u00a0kr.",
        "Nya deltagare sedan fastställandet: Lekeberg.",
        "Laxå: folkmängd från 2027 i stället för 2026.",
    ]
    page = client_for(coop_editor).get(pool.get_absolute_url()).content.decode()
    assert "Ändrat sedan fastställandet:" in page and "Laxå: folkmängd från 2027" in page
    # a member that reads only its own line is not told about the others'
    assert "folkmängd från 2027" not in client_for(reader).get(pool.get_absolute_url()).content.decode()
