"""The TIME page at scale: which round is a pair's latest, the scope filter, pages, the summarised
chart, the export and that a reader sees only the rounds `Assessment.objects.for_user` allows."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.assessments.models import Assessment, EconomyField, EconomyValue
from samverkan.assessments.services import overview, questionnaires, time_chart
from samverkan.assessments.views import overview as view
from samverkan.core import permissions
from samverkan.core.permissions import Role
from samverkan.testing.factories import (
    MembershipFactory,
    OrganisationFactory,
    SystemFactory,
    UserFactory,
    role,
)

URL = reverse("assessments:time")


def at(day: int, month: int = 1, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def closed(organisation, system, when, business="4.00", technical="2.00",
           disposition="migrate", cost_tkr=None, archived=False) -> Assessment:
    assessment = Assessment.objects.create(
        organisation=organisation, system=system, questionnaire=questionnaires.default(),
        opened_on=when.date(), state=Assessment.State.CLOSED, closed_at=when,
        business_value=Decimal(business) if business is not None else None,
        technical_fit=Decimal(technical) if technical is not None else None,
        disposition=disposition, archived_at=timezone.now() if archived else None)
    if cost_tkr is not None:
        field = EconomyField.objects.filter(code="E1").first()
        EconomyValue.objects.create(assessment=assessment, field=field, value=Decimal(cost_tkr))
    return assessment


@pytest.fixture
def outside(db):
    return OrganisationFactory(name="Örebro", municipality_code="1880")


@pytest.fixture
def reader(db, laxa):
    return role(UserFactory(username="time-reader"), laxa, Role.READER)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def table_rows(html: str, table_id: str) -> list[str]:
    body = html.split(f'id="{table_id}"', 1)[1].split("</tbody>", 1)[0]
    return [row for row in body.split("<tr>")[2:]]


# -- the latest round per pair ----------------------------------------------------------------

def test_the_latest_closed_round_is_chosen_never_an_archived_one_and_a_tie_goes_to_the_higher_pk(
        laxa, hallsberg):
    system = SystemFactory(organisation=laxa, name="Lärplattform")
    closed(laxa, system, at(1), business="1.00")
    latest = closed(laxa, system, at(1, 2), business="2.00")
    closed(laxa, system, at(1, 3), business="3.00", archived=True)  # later, but archived
    Assessment.objects.create(  # an open round counts for nothing
        organisation=laxa, system=system, questionnaire=questionnaires.default(),
        opened_on=datetime.date(2026, 4, 1))
    first_of_tie = closed(hallsberg, system, at(5), business="4.00")
    second_of_tie = closed(hallsberg, system, at(5), business="5.00")
    assert first_of_tie.pk < second_of_tie.pk

    user = UserFactory(is_superuser=True)
    assert set(overview.latest(user).values_list("pk", flat=True)) == {latest.pk,
                                                                       second_of_tie.pk}
    found = overview.points(user)
    assert [(p.pk, p.organisation_name, p.business) for p in found] == [
        (second_of_tie.pk, "Hallsberg", 500), (latest.pk, "Laxå", 200)]
    rows = overview.latest_results(user)
    assert [r.assessment.pk for r in rows] == [second_of_tie.pk, latest.pk]
    assert [r.assessment.pk for r in overview.latest_results(user, {laxa.pk})] == [latest.pk]
    assert overview.latest_results(user, set()) == []


def test_a_reports_results_are_in_swedish_order_of_system_and_municipality(laxa, hallsberg):
    """The byte order of the database puts Ä before Å and lower case after Z; a steering
    group's list reads as a Swedish index: å, ä, ö after z, case ignored."""
    for name in ["Örebro e-arkiv", "Ärendehantering", "Åtgärdsportal", "agresso", "Zeta"]:
        closed(laxa, SystemFactory(organisation=laxa, name=name), at(1))
    shared = SystemFactory(organisation=laxa, name="Visma")
    closed(laxa, shared, at(1))
    closed(hallsberg, shared, at(1))
    rows = overview.latest_results(UserFactory(is_superuser=True))
    assert [(r.assessment.system.name, r.assessment.organisation.name) for r in rows] == [
        ("agresso", "Laxå"), ("Visma", "Hallsberg"), ("Visma", "Laxå"), ("Zeta", "Laxå"),
        ("Åtgärdsportal", "Laxå"), ("Ärendehantering", "Laxå"), ("Örebro e-arkiv", "Laxå")]


def test_a_closed_round_without_a_closing_time_counts_as_the_earliest(laxa):
    system = SystemFactory(organisation=laxa)
    dated = closed(laxa, system, at(1))
    undated = closed(laxa, system, at(2))
    undated.closed_at = None
    undated.save()
    assert list(overview.latest(UserFactory(is_superuser=True)).values_list("pk", flat=True)) \
        == [dated.pk]


def test_costs_are_summed_exactly_per_result(laxa):
    system = SystemFactory(organisation=laxa)
    assessment = closed(laxa, system, at(1), cost_tkr="120.50001")
    e2 = EconomyField.objects.filter(code="E2").first()
    EconomyValue.objects.create(assessment=assessment, field=e2, value=Decimal("0.00002"))
    user = UserFactory(is_superuser=True)
    assert overview.points(user)[0].cost_ore == 12050003
    assert overview.latest_results(user)[0].yearly_cost_tkr == Decimal("120.50003")


# -- scope ------------------------------------------------------------------------------------

@pytest.fixture
def spread_world(laxa, hallsberg, cooperation, outside):
    shared = SystemFactory(organisation=cooperation, name="Gemensamt ärendesystem")
    closed(laxa, shared, at(1), business="4.50", technical="1.50", disposition="migrate")
    closed(hallsberg, shared, at(1), business="2.00", technical="4.00", disposition="tolerate")
    closed(outside, shared, at(1), business="1.00", technical="1.00", disposition="eliminate")
    small = SystemFactory(organisation=cooperation, name="Bokningssystem")
    closed(laxa, small, at(1), business="3.00", technical="3.00", disposition="invest")
    closed(hallsberg, small, at(1), business="3.20", technical="3.10", disposition="invest")
    SystemFactory(organisation=laxa, name="Laxås oassessade system")
    SystemFactory(organisation=outside, name="Örebros oassessade system")
    return shared, small


def test_the_scope_filter_shows_a_cooperation_with_its_members_or_one_organisation(
        spread_world, laxa, hallsberg, cooperation, outside, reader):
    ended = OrganisationFactory(name="Askersund", municipality_code="1882")
    MembershipFactory(cooperation=cooperation, member=ended,
                      valid_to=datetime.date.today() - datetime.timedelta(days=1))
    closed(ended, spread_world[1], at(2))
    client = client_for(reader)

    everything = client.get(URL).content.decode()
    assert len(table_rows(everything, "time-resultat")) == 6
    assert "Örebros oassessade system" in everything

    board = client.get(URL, {"samverkan": cooperation.pk}).content.decode()
    rows = table_rows(board, "time-resultat")
    assert len(rows) == 4 and not any("Örebro" in r or "Askersund" in r for r in rows)
    assert "Laxås oassessade system" in board and "Örebros oassessade system" not in board
    assert f'<option value="{cooperation.pk}" selected>' in board
    assert "3 organisationer" in board  # the board, Laxå and Hallsberg today

    one = client.get(URL, {"organisation": laxa.pk}).content.decode()
    rows = table_rows(one, "time-resultat")
    assert len(rows) == 2 and all("Laxå" in r for r in rows)

    assert client.get(URL, {"samverkan": laxa.pk}).status_code == 404  # not a cooperation
    assert client.get(URL, {"samverkan": "x"}).status_code == 404
    assert client.get(URL, {"organisation": 999999}).status_code == 404


def test_spreads_are_the_largest_first_with_the_count_said(spread_world, monkeypatch, reader):
    shared, small = spread_world
    found = overview.points(reader)
    result = overview.spreads(found)
    assert result.total == 2
    assert [(s.system_name, s.members, s.business, s.technical, s.disagree)
            for s in result.largest] == [
        ("Gemensamt ärendesystem", 3, Decimal("3.5"), Decimal("3"), True),
        ("Bokningssystem", 2, Decimal("0.2"), Decimal("0.1"), False)]
    monkeypatch.setattr(overview, "SPREADS_SHOWN", 1)
    html = client_for(reader).get(URL).content.decode()
    assert "Visar de 1 största spridningarna av 2 system" in html
    assert "Gemensamt ärendesystem" in html.split('id="time-spridning"')[1]
    assert "Bokningssystem" not in html.split('id="time-spridning"')[1].split("</table>")[0]


# -- pages ------------------------------------------------------------------------------------

def test_the_tables_are_paged_and_keep_the_scope(laxa, cooperation, reader, monkeypatch):
    monkeypatch.setattr(view, "PER_PAGE", 2)
    monkeypatch.setattr(view, "NOT_ASSESSED_PER_PAGE", 2)
    for name in ("A-system", "B-system", "C-system"):
        closed(laxa, SystemFactory(organisation=laxa, name=name), at(1))
    for name in ("X-system", "Y-system", "Z-system"):
        SystemFactory(organisation=laxa, name=name)
    client = client_for(reader)

    first = client.get(URL, {"samverkan": cooperation.pk}).content.decode()
    rows = table_rows(first, "time-resultat")
    assert [("A-system" in rows[0]), ("B-system" in rows[1])] == [True, True] and len(rows) == 2
    assert "rad 1–2 av 3" in first
    assert f"?samverkan={cooperation.pk}&amp;organisation=&amp;ej_sida=1&amp;sida=2" in first
    assert "System som inte är bedömda (3)" in first

    second = client.get(URL, {"samverkan": cooperation.pk, "sida": 2, "ej_sida": 2})
    rows = table_rows(second.content.decode(), "time-resultat")
    assert len(rows) == 1 and "C-system" in rows[0]
    not_assessed = second.content.decode().split('id="ej-bedomda"')[1]
    assert "Z-system" in not_assessed and "X-system" not in not_assessed
    assert client.get(URL, {"sida": "999"}).status_code == 200  # the last page


# -- the chart --------------------------------------------------------------------------------

def test_up_to_the_limit_one_marker_per_result(spread_world, reader):
    html = client_for(reader).get(URL).content.decode()
    spec = json.loads(html.split('id="chart-time" type="application/json">')[1].split(
        "</script>")[0])
    assert sum(len(trace["x"]) for trace in spec["data"]) == 5
    assert "Diagrammet är sammanfattat" not in html
    assert "Samma uppgifter som diagrammet" in html


def test_above_the_limit_the_chart_is_summarised_with_its_cells_as_a_table(
        laxa, reader, monkeypatch):
    monkeypatch.setattr(time_chart, "MARKERS_UP_TO", 2)
    critical = [SystemFactory(organisation=laxa, criticality="kritisk") for _ in range(3)]
    closed(laxa, critical[0], at(1), business="3.00", technical="4.99", cost_tkr="1.5",
           disposition="invest")
    closed(laxa, critical[1], at(1), business="3.49", technical="4.50", cost_tkr="2.25",
           disposition="invest")
    closed(laxa, critical[2], at(1), business="2.99", technical="5.00", cost_tkr="10",
           disposition="tolerate")
    closed(laxa, SystemFactory(organisation=laxa), at(1), business=None, technical=None,
           disposition="")

    chart = time_chart.time_chart(overview.points(reader))
    assert chart.summarised and chart.results == 4 and chart.unscored == 1
    assert [(c.business_from, c.technical_from, c.criticality, c.count, c.cost_ore,
             c.quadrant) for c in chart.cells] == [
        (300, 450, "kritisk", 2, 375_000, "invest"),  # 3,00 and 3,49: one cell above 3,0
        (250, 450, "kritisk", 1, 1_000_000, "tolerate")]  # 2,99 lies below the line
    assert [(c.label, c.count, c.cost_ore) for c in chart.classes] == [
        ("Tolerera / förvalta minimalt", 1, 1_000_000), ("Investera / utveckla", 2, 375_000),
        ("Ej bestämd", 1, 0)]
    trace = chart.spec["data"][0]
    assert len(trace["x"]) == 2 and "2 resultat, 3,75 tkr per år" in trace["text"][0]

    html = client_for(reader).get(URL).content.decode()
    assert "Diagrammet är sammanfattat: 4 resultat" in html
    cells = table_rows(html, "time-falt")
    assert len(cells) == 2 and "3,0–3,5" in cells[0] and "3,75" in cells[0]
    assert "1 resultat saknar poäng" in html
    assert len(table_rows(html, "time-resultat")) == 4  # the results are all still listed


# -- export -----------------------------------------------------------------------------------

def test_the_export_holds_the_whole_scoped_table(spread_world, cooperation, reader, monkeypatch):
    monkeypatch.setattr(view, "PER_PAGE", 1)  # the export is not one page
    response = client_for(reader).get(URL, {"samverkan": cooperation.pk, "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:5] == ["System", "Kommun", "Verksamhetsvärde", "Teknik och leverantör",
                            "TIME"]
    assert [line[:4] for line in lines[1:]] == [
        ["Bokningssystem", "Hallsberg", "3,20", "3,10"],
        ["Bokningssystem", "Laxå", "3,00", "3,00"],
        ["Gemensamt ärendesystem", "Hallsberg", "2,00", "4,00"],
        ["Gemensamt ärendesystem", "Laxå", "4,50", "1,50"]]
    xlsx = client_for(reader).get(URL, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


# -- permission -------------------------------------------------------------------------------

def test_a_reader_sees_only_the_rounds_for_user_allows(laxa, hallsberg, reader, monkeypatch):
    system = SystemFactory(organisation=laxa, name="Delat system")
    earlier = closed(laxa, system, at(1), business="1.00")
    hidden = closed(laxa, system, at(2), business="5.00")
    closed(hallsberg, system, at(1), business="2.00")
    restrict = permissions.restrict

    def hide_some(queryset, user, action=permissions.VIEW):
        narrowed = restrict(queryset, user, action)
        if queryset.model is Assessment and not user.is_superuser:
            narrowed = narrowed.exclude(organisation=hallsberg).exclude(pk=hidden.pk)
        return narrowed

    monkeypatch.setattr(permissions, "restrict", hide_some)
    # the stored flag is each pair's latest of all rounds: a rule hiding whole rounds makes the
    # page choose among what the reader sees instead
    monkeypatch.setattr(overview, "rounds_may_be_hidden", lambda: True)
    assert [p.pk for p in overview.points(reader)] == [earlier.pk]  # not the hidden later one
    client = client_for(reader)
    html = client.get(URL).content.decode()
    rows = table_rows(html, "time-resultat")
    assert len(rows) == 1 and "Hallsberg" not in rows[0] and "1,00" in rows[0]
    assert "Spridning mellan medlemmar" not in html  # a hidden result spreads nothing
    text = b"".join(client.get(URL, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert "Hallsberg" not in text and text.count("\n") == 2
    assert len(overview.points(UserFactory(is_superuser=True))) == 2


def test_anonymous_is_sent_to_log_in(db):
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
