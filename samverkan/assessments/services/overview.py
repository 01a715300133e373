"""The TIME overview: each system's latest closed result per municipality, the spread between
members of a shared installation, and the systems not yet assessed (never silently left out).

At national scale (100 000 closed rounds, 70 000 system–municipality pairs) the latest round
per pair is chosen by the database (no later closed round of the same pair, ties broken by
pk), and the page's figures are computed from one pass over plain rows: scores in hundredths
and costs in öre as integers, so every total is exact without building model instances. Only
the rows of the page shown are read in full."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import BigIntegerField, Exists, Func, OuterRef, Q, Sum
from django.urls import reverse

from samverkan.core import permissions
from samverkan.core.formatting import swedish_sort_key
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import Integration, System

from ..models import Assessment, Disposition, EconomyField, EconomyValue
from .latest import latest_of

COST_CODES = ("E1", "E2", "E3")
ORE_PER_TKR = 100_000
SPREADS_SHOWN = 50
ALL_SYSTEMS_FROM = 10_000  # systems in the rows above which all systems are read
IDS_PER_QUERY = 2_000


# -- scope ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """Whose results the page shows: a cooperation with its members on `on`, one organisation,
    both (the organisation within the cooperation), or neither (everything the reader sees)."""

    cooperation: Organisation | None = None
    organisation: Organisation | None = None
    on: datetime.date | None = None

    @property
    def ids(self) -> set[int] | None:
        return scope_ids(self.cooperation, self.organisation, self.on)


def scope_ids(cooperation: Organisation | None, organisation: Organisation | None = None,
              on: datetime.date | None = None) -> set[int] | None:
    """The organisations in scope; None: every organisation."""
    ids = None
    if cooperation is not None:
        ids = {cooperation.pk, *cooperation.members_on(on or datetime.date.today())
               .values_list("pk", flat=True)}
    if organisation is not None:
        ids = {organisation.pk} if ids is None else ids & {organisation.pk}
    return ids


# -- the latest closed round per pair ---------------------------------------------------------

def latest(user, organisations: set[int] | None = None):
    """The closed, non-archived rounds `user` may see that no later such round of the same
    system and organisation supersedes (latest `closed_at`, then highest pk; a round without a
    closing time counts as the earliest): the stored flag (`services.latest`). Should a rule
    ever hide whole rounds from some readers, the latest of what each reader sees is chosen
    instead, so a hidden later round never hides an earlier visible one."""
    visible = Assessment.objects.for_user(user)
    if rounds_may_be_hidden():
        rounds = latest_of(visible.filter(state=Assessment.State.CLOSED,
                                          archived_at__isnull=True))
    else:
        rounds = visible.filter(latest=True)
    if organisations is not None:
        rounds = rounds.filter(organisation_id__in=organisations)
    return rounds.order_by()


def rounds_may_be_hidden() -> bool:
    return bool(permissions.rules(Assessment, whole_record=True))


@dataclass
class TimeRow:
    assessment: Assessment
    yearly_cost_tkr: Decimal | None
    dependencies: int


def latest_results(user, organisations: set[int] | None = None) -> list[TimeRow]:
    """The latest results as model instances, in Swedish order of system and organisation name:
    for the few rows of one cooperation (a meeting's report); the page reads plain rows instead."""
    assessments = sorted(latest(user, organisations).select_related("system", "organisation"),
                         key=lambda a: (swedish_sort_key(a.system.name),
                                        swedish_sort_key(a.organisation.name), a.pk))
    costs = yearly_costs_ore(Q(assessment_id__in=[a.pk for a in assessments]))
    dependencies = dependency_counts({a.system_id for a in assessments})
    return [TimeRow(a, tkr(costs.get(a.pk)), dependencies.get(a.system_id, 0))
            for a in assessments]


def yearly_costs_ore(where: Q) -> dict[int, int]:
    """E1+E2+E3 per assessment in öre (the figures are tkr with five decimals, so exact)."""
    values = EconomyValue.objects.filter(where, field_id__in=cost_field_ids(),
                                         value__isnull=False).order_by()
    return dict(values.values("assessment_id").annotate(ore=Scaled(Sum("value"), ORE_PER_TKR))
        .values_list("assessment_id", "ore"))


def cost_field_ids() -> list[int]:
    """E1, E2 and E3: read first, since a filter on the few field ids spares a join for every
    value."""
    return list(EconomyField.objects.filter(
        code__in=COST_CODES, source__in=EconomyField.Source.values).values_list("pk", flat=True))


def tkr(ore: int | None) -> Decimal | None:
    return None if ore is None else Decimal(ore) / ORE_PER_TKR


def dependency_counts(system_ids) -> dict[int, int]:
    """Per system: how many other systems it has an integration with (either direction)."""
    counts: dict[int, set[int]] = defaultdict(set)
    for source, target in Integration.objects.filter(
            Q(source_id__in=system_ids) | Q(target_id__in=system_ids)).values_list(
            "source_id", "target_id"):
        counts[source].add(target)
        counts[target].add(source)
    return {system: len(others - {system}) for system, others in counts.items()}


# -- the page's figures from plain rows -------------------------------------------------------

class Point(NamedTuple):
    """One latest result as the overview reads it: scores in hundredths, cost in öre."""

    pk: int
    system_id: int
    system_name: str
    criticality: str
    organisation_id: int
    business: int | None
    technical: int | None
    disposition: str
    cost_ore: int | None
    organisation_name: str


class Scaled(Func):
    """ROUND(x × factor) as a whole number, read as the database returns it (an int on both
    SQLite and PostgreSQL): tens of thousands of rows need no converter each."""

    template = "CAST(ROUND(%(expressions)s * %(factor)s) AS BIGINT)"
    output_field = BigIntegerField()

    def __init__(self, expression, factor: int):
        super().__init__(expression, factor=int(factor))

    @property
    def convert_value(self):
        return self._convert_value_noop


def system_names(system_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Name and criticality per system; read apart from the rounds, since joining every round
    to its system costs more than reading the systems once."""
    systems = System.objects.order_by().values_list("pk", "name", "criticality")
    if len(system_ids) > ALL_SYSTEMS_FROM:
        return {pk: (name, criticality) for pk, name, criticality in systems}
    ids, found = sorted(system_ids), {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        found.update((pk, (name, criticality)) for pk, name, criticality in
                     systems.filter(pk__in=ids[start:start + IDS_PER_QUERY]))
    return found


def points(user, organisations: set[int] | None = None) -> list[Point]:
    """Every latest result in scope, ordered by system and organisation name (Swedish order)."""
    where = Q() if organisations is None else Q(assessment__organisation_id__in=organisations)
    return plain_points(latest(user, organisations), where)


def plain_points(rounds, costs_where: Q | None) -> list[Point]:
    """These rounds as points in the page's order; the costs read with `costs_where` (None: of
    these rounds by pk, for a few of them)."""
    rows = list(rounds.values_list(
        "pk", "system_id", "organisation_id", Scaled("business_value", 100),
        Scaled("technical_fit", 100), "disposition"))
    costs = yearly_costs_ore(Q(assessment_id__in=[row[0] for row in rows])
                             if costs_where is None else costs_where)
    systems = system_names({row[1] for row in rows})
    names = dict(Organisation.objects.values_list("pk", "name"))
    found = [Point(pk, system_id, *systems[system_id], organisation_id, business, technical,
                   disposition, costs.get(pk), names.get(organisation_id, ""))
             for pk, system_id, organisation_id, business, technical, disposition in rows]
    # rank the few distinct names once, then sort the rows by integers
    by_name = {name: rank for rank, name in enumerate(sorted(
        {p.system_name for p in found}, key=lambda n: (swedish_sort_key(n), n)))}
    by_organisation = organisation_rank(names)
    found.sort(key=lambda p: (by_name[p.system_name], by_organisation[p.organisation_id], p.pk))
    return found


def organisation_rank(names: dict[int, str]) -> dict[int, int]:
    """Each organisation's place in Swedish order of name (then pk)."""
    return {pk: rank for rank, pk in enumerate(sorted(
        names, key=lambda pk: (swedish_sort_key(names[pk]), names[pk], pk)))}


@dataclass
class ResultRow:
    """One row of the result table (and of its export)."""

    pk: int
    system_id: int
    system_name: str
    organisation_name: str
    business_value: Decimal | None
    technical_fit: Decimal | None
    disposition: str
    legal_knock_out: bool
    criticality: str
    planned_disposition: str
    yearly_cost_tkr: Decimal | None = None
    dependencies: int = 0

    @property
    def url(self) -> str:
        return reverse("assessments:assessment", args=[self.pk])

    @property
    def disposition_label(self) -> str:
        return str(Disposition(self.disposition).label) if self.disposition else ""

    @property
    def planned_label(self) -> str:
        return (str(Disposition(self.planned_disposition).label)
                if self.planned_disposition else "")

    @property
    def criticality_label(self) -> str:
        return (str(System.Criticality(self.criticality).label)
                if self.criticality in System.Criticality.values else "")


ROW_FIELDS = ("pk", "system_id", "system__name", "organisation__name", "business_value",
              "technical_fit", "disposition", "legal_knock_out", "system__criticality",
              "planned_disposition")


def result_rows(chosen: list[Point]) -> list[ResultRow]:
    """The table's rows of these results, in their order, with costs and dependencies."""
    by_pk = {row[0]: ResultRow(*row) for row in Assessment.objects.filter(
        pk__in=[p.pk for p in chosen]).order_by().values_list(*ROW_FIELDS)}
    dependencies = dependency_counts({p.system_id for p in chosen})
    rows = []
    for point in chosen:
        row = by_pk[point.pk]
        row.yearly_cost_tkr = tkr(point.cost_ore)
        row.dependencies = dependencies.get(point.system_id, 0)
        rows.append(row)
    return rows


def all_result_rows(user, organisations: set[int] | None = None, chunk: int = 1000):
    """Every row of the scoped result table in the page's order, for the export."""
    found = points(user, organisations)
    for start in range(0, len(found), chunk):
        yield from result_rows(found[start:start + chunk])


# -- spread between members -------------------------------------------------------------------

@dataclass
class SpreadRow:
    system_id: int
    system_name: str
    members: int
    business: Decimal | None
    technical: Decimal | None
    disagree: bool


@dataclass
class Spreads:
    total: int = 0
    largest: list[SpreadRow] = field(default_factory=list)


def hundredths(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value) / 100


def _range(values: list[int]) -> int | None:
    return max(values) - min(values) if values else None


def spreads(found: list[Point], shown: int | None = None) -> Spreads:
    """Per system with results from more than one organisation: how far apart the scores are
    and whether the TIME classes (as set when each round closed) differ; the largest first
    (the larger of the two spreads, then the other), then by system name."""
    # fields by position (1 system_id, 5 business, 6 technical): these loops run over every
    # result of the country, and a position is read faster than a name
    by_system: dict[int, list[Point]] = {}
    for point in found:
        members = by_system.get(point[1])
        if members is None:
            by_system[point[1]] = [point]
        else:
            members.append(point)
    ranked = []
    for order, members in enumerate(by_system.values()):
        if len(members) > 1:
            business = _range([p[5] for p in members if p[5] is not None])
            technical = _range([p[6] for p in members if p[6] is not None])
            high, low = business or 0, technical or 0
            if low > high:
                high, low = low, high
            ranked.append((-high, -low, order, business, technical, members))
    ranked.sort(key=lambda r: r[:3])  # `order` follows `found`, which is by system name
    shown = SPREADS_SHOWN if shown is None else shown
    return Spreads(len(ranked), [SpreadRow(
        members[0].system_id, members[0].system_name, len(members), hundredths(business),
        hundredths(technical), len({p.disposition for p in members if p.disposition}) > 1)
        for *_, business, technical, members in ranked[:shown]])


# -- not assessed -----------------------------------------------------------------------------

def not_assessed(user, organisations: set[int] | None = None):
    """The systems in use that have no closed assessment, with whether a round is open; in a
    scope, the systems its organisations own or use."""
    rounds = Assessment.objects.filter(system_id=OuterRef("pk"), archived_at__isnull=True)
    systems = System.objects.for_user(user, permissions.VIEW).filter(
        archived_at__isnull=True).exclude(lifecycle=System.Lifecycle.RETIRED).filter(
        ~Exists(rounds.filter(state=Assessment.State.CLOSED).order_by()))
    if organisations is not None:
        systems = systems.filter(pk__in=System.ids_owned_or_used_by(organisations))
    return systems.annotate(
        open_rounds=Exists(rounds.filter(state=Assessment.State.OPEN).order_by())
    ).select_related("organisation").order_by("name", "pk")
