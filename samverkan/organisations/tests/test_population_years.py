"""Which year's population a figure uses: its own, else the nearest, and it says so."""

import pytest

from samverkan.organisations import population
from samverkan.organisations.models import Population
from samverkan.testing.factories import OrganisationFactory


def test_the_own_year_wins_then_the_nearest_then_the_earlier_of_two():
    assert population.nearest_year(2024, [2021, 2024, 2025]) == 2024
    assert population.nearest_year(2026, [2021, 2025]) == 2025
    assert population.nearest_year(2020, [2021, 2025]) == 2021
    assert population.nearest_year(2023, [2022, 2024]) == 2022
    assert population.nearest_year(2023, []) is None


@pytest.mark.django_db
def test_figures_say_which_year_they_use():
    a, b, c = (OrganisationFactory(name=n) for n in ("Askersund", "Laxå", "Lekeberg"))
    Population.objects.create(organisation=a, year=2024, inhabitants=11_000, source="SCB")
    Population.objects.create(organisation=b, year=2023, inhabitants=5_500, source="SCB")
    found = population.figures(2024, [a.pk, b.pk, c.pk])
    assert set(found) == {a.pk, b.pk}  # no figure at all: left out, never invented
    assert not found[a.pk].substituted and found[a.pk].note == ""
    assert found[b.pk].used_year == 2023 and found[b.pk].inhabitants == 5_500
    assert found[b.pk].note == "folkmängd 2024 saknas, 2023 används"
    assert population.notes(found.values(), {a.pk: "Askersund", b.pk: "Laxå"}) == [
        "Folkmängd 2024 saknas, 2023 används (Laxå)."]
