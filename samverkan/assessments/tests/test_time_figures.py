"""The TIME page's figures by the database equal those computed from plain rows: cells, class
totals, spreads (ties and shared names included) and every page of the table, for what a
reader may see only."""

from decimal import Decimal

import pytest

from samverkan.assessments.models import Assessment, EconomyField, EconomyValue
from samverkan.assessments.services import overview, questionnaires, time_chart, time_figures
from samverkan.core import permissions
from samverkan.testing.factories import OrganisationFactory, SystemFactory, UserFactory

from .test_time_overview import at, closed


@pytest.fixture
def world(laxa, hallsberg, cooperation):
    outside = OrganisationFactory(name="Åmål", municipality_code="1492")
    third = OrganisationFactory(name="Ale", municipality_code="1440")
    orgs = [laxa, hallsberg, outside, third]
    scores = ["1.00", "2.49", "2.50", "3.00", "4.99", "5.00", "3.51", None]
    dispositions = ["tolerate", "invest", "migrate", "eliminate", ""]
    # shared names: the table and the spreads order them by organisation, then pk
    names = ["Ärendesystem", "Ekonomisystem", "ekonomisystem", "Åtgärdslista", "Ärendesystem",
             "Zeta", "Ekonomisystem"]
    e2 = EconomyField.objects.filter(code="E2").first()
    for n, name in enumerate(names):
        system = SystemFactory(organisation=orgs[(n + n // 4) % 4], name=name,
                               criticality=["kritisk", "hog", "medel", "lag", ""][n % 5])
        for m, org in enumerate(orgs[: 1 + n % 4]):
            business = scores[(n + m) % len(scores)]
            technical = scores[(n * 3 + m) % len(scores)] if business else None
            latest = closed(org, system, at(2 + m), business=business, technical=technical,
                            disposition=dispositions[(n + m) % 5] if business else "",
                            cost_tkr=None if (n + m) % 3 == 0 else f"{n + m}.12345")
            if (n + m) % 2:
                EconomyValue.objects.create(assessment=latest, field=e2,
                                            value=Decimal("0.00001"))
            closed(org, system, at(1), business="1.00", technical="1.00")  # earlier
            closed(org, system, at(3 + m), business="5.00", archived=True)  # archived
            Assessment.objects.create(  # open
                organisation=org, system=system, questionnaire=questionnaires.default(),
                opened_on=at(1).date())
    tie_system = SystemFactory(organisation=cooperation, name="Ekonomisystem")
    closed(laxa, tie_system, at(5), business="2.00", technical="4.00")
    closed(laxa, tie_system, at(5), business="4.00", technical="2.00")  # the tie: this one
    closed(hallsberg, tie_system, at(5), business="1.00", technical="3.00")
    return orgs


def _same(user, organisations=None, shown=None):
    found = overview.points(user, organisations)
    expected = time_chart.time_chart(found, markers_up_to=0)
    rounds = overview.latest(user, organisations)
    fig = time_figures.figures(rounds)
    chart = time_figures.chart(fig)
    assert (chart.results, chart.unscored, chart.summarised) == (
        expected.results, expected.unscored, True)
    assert [vars(c) for c in chart.cells] == [vars(c) for c in expected.cells]
    assert [vars(c) for c in chart.classes] == [vars(c) for c in expected.classes]
    for scoped in (False, True):
        table = time_figures.Table(rounds, time_figures.name_counts(rounds), scoped)
        assert len(table) == len(found)
        for size in (1, 2, 3, 7):
            for start in range(0, len(found) + 1, size):
                assert table[start:start + size] == found[start:start + size]
    for limit in (1, 2, 3, 50):
        assert time_figures.spreads(rounds, table, limit) == overview.spreads(found, limit)
    return found


def test_the_database_figures_equal_the_plain_rows(world, laxa, hallsberg, cooperation):
    admin = UserFactory(is_superuser=True)
    found = _same(admin)
    assert len(found) == 18 and overview.spreads(found).total == 6
    _same(admin, overview.scope_ids(cooperation))
    _same(admin, {laxa.pk})
    _same(admin, set())


def test_every_score_lies_in_the_same_cell_in_the_database(laxa):
    system = SystemFactory(organisation=laxa)
    Assessment.objects.bulk_create(Assessment(
        organisation=laxa, system=system, questionnaire=questionnaires.default(),
        opened_on=at(1).date(), business_value=Decimal(h) / 100,
        technical_fit=Decimal(600 - h) / 100) for h in range(100, 501))
    Assessment.objects.create(organisation=laxa, system=system, opened_on=at(1).date(),
                              questionnaire=questionnaires.default())  # no score: no cell
    found = Assessment.objects.filter(system=system).values_list(
        "business_value", "technical_fit", time_figures.CellEdge("business_value"),
        time_figures.CellEdge("technical_fit"))
    assert len(found) == 402
    for business, technical, business_edge, technical_edge in found:
        if business is None:
            assert business_edge is technical_edge is None
        else:
            assert (business_edge, technical_edge) == (
                time_chart.cell_edge(int(business * 100)),
                time_chart.cell_edge(int(technical * 100)))


def test_the_page_uses_the_database_above_the_marker_limit(world, monkeypatch):
    admin = UserFactory(is_superuser=True)
    assert isinstance(time_figures.page(admin).table, list)
    monkeypatch.setattr(time_chart, "MARKERS_UP_TO", 3)
    shown = time_figures.page(admin)
    assert isinstance(shown.table, time_figures.Table) and shown.chart.summarised
    assert list(shown.table[0:100]) == overview.points(admin)


def test_what_a_reader_may_not_see_counts_nowhere(world, laxa, monkeypatch):
    restrict = permissions.restrict

    def hide_laxa(queryset, user, action=permissions.VIEW):
        narrowed = restrict(queryset, user, action)
        if queryset.model is Assessment and not user.is_superuser:
            narrowed = narrowed.exclude(organisation=laxa)
        return narrowed

    monkeypatch.setattr(permissions, "restrict", hide_laxa)
    reader = UserFactory()
    found = _same(reader)
    assert found and all(p.organisation_id != laxa.pk for p in found)
    monkeypatch.setattr(time_chart, "MARKERS_UP_TO", 0)
    shown = time_figures.page(reader)
    assert shown.chart.results == len(found) < 18
    assert shown.spreads == overview.spreads(found)
    assert time_figures.page(UserFactory(is_active=False)).chart.results == 0
