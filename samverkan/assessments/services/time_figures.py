"""The TIME page's figures by the database, for scopes above the per-marker chart: the chart's
cells and the totals per TIME class from one GROUP BY, the spreads and the result table's pages
from one row per system. Each figure is the one `overview` and `time_chart` compute from plain
rows (the tests compare them); only a few hundred rows are read in full, those of the page shown
and of the systems that share a name with them, since the table is in Swedish order of system
and organisation name, which the database's collation does not give."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Func,
    Max,
    Min,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, Greatest, Least, NullIf, Rank
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext as _

from samverkan.core.formatting import swedish_sort_key
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import System

from ..models import Disposition
from . import overview, time_chart
from .overview import ORE_PER_TKR, Point, Scaled
from .time_chart import STEP, TOP, Cell, ClassTotal, cell_order


class Plain(Func):
    """An integer as the database returns it: tens of thousands of rows need no converter."""

    template = "%(expressions)s"
    output_field = BigIntegerField()

    @property
    def convert_value(self):
        return self._convert_value_noop


class CellEdge(Plain):
    """The lower edge in hundredths of the 0,5-wide cell a score lies in; 5,0 lies in the last
    cell, not in one of its own. Computed in floating point, which is exact here: a score has
    two decimals, a multiple of 0,5 is exact in binary, and no other score lies within rounding
    error of one (numeric arithmetic on 70 000 rows costs twice as much on PostgreSQL)."""

    # LEAST ignores a NULL, so a score without a value is tested first (F() has no parameters
    # to repeat)
    template = ("CASE WHEN %(expressions)s IS NOT NULL THEN LEAST(CAST(FLOOR(CAST("
                "%(expressions)s AS DOUBLE PRECISION) * %(per_point)s) AS BIGINT), %(last)s) "
                "* %(step)s END")

    def __init__(self, field: str):
        super().__init__(F(field), per_point=100 // STEP, last=(TOP - 1) // STEP, step=STEP)

    def as_sqlite(self, compiler, connection, **extra):
        # a score is stored as REAL or INTEGER, a cast to INTEGER truncates (it is ≥ 0), and
        # MIN of a NULL is NULL
        return self.as_sql(compiler, connection, template=(
            "MIN(CAST(%(expressions)s * %(per_point)s AS INTEGER), %(last)s) * %(step)s"),
            **extra)


def _groups() -> dict:
    """The GROUP BY of the chart: binned scores, criticality, TIME class."""
    return {"b": CellEdge("business_value"), "t": CellEdge("technical_fit"),
            "crit": F("system__criticality"), "d": F("disposition")}


def _costs_ore(rounds) -> dict[tuple, int]:
    """E1+E2+E3 in öre per group of the chart, the rounds joined to their values rather than a
    subquery per round (70 000 probes, and on PostgreSQL a plan costly enough to be compiled):
    each value is whole öre (five decimals of tkr), so the sums are exact and equal
    `overview.yearly_costs_ore` summed over the group's rounds."""
    with_values = rounds.filter(economy_values__field_id__in=overview.cost_field_ids(),
                                economy_values__value__isnull=False)
    return {(g["b"], g["t"], g["crit"], g["d"]): int(g["ore"]) for g in with_values.values(
        **_groups()).annotate(ore=Sum(Scaled("economy_values__value", ORE_PER_TKR))).order_by()}


@dataclass
class Figures:
    results: int
    scored: int
    cells: list[Cell]
    classes: list[ClassTotal]


def figures(rounds) -> Figures:
    """Results, the chart's cells and the totals per TIME class of these latest rounds."""
    groups = rounds.values(**_groups()).annotate(n=Count("pk")).order_by()
    costs = _costs_ore(rounds)
    grid: dict[tuple[int, int, str], list[int]] = defaultdict(lambda: [0, 0])
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    known = frozenset(Disposition.values)
    results = scored = 0
    for group in groups:
        n = group["n"]
        ore = costs.get((group["b"], group["t"], group["crit"], group["d"]), 0)
        results += n
        totals = sums[group["d"] if group["d"] in known else ""]
        totals[0] += n
        totals[1] += ore
        if group["b"] is not None and group["t"] is not None:
            scored += n
            cell = grid[(group["b"], group["t"], group["crit"])]
            cell[0] += n
            cell[1] += ore
    labels = [*Disposition.choices, ("", _("Ej bestämd"))]
    return Figures(results, scored,
                   sorted((Cell(*key, *totals) for key, totals in grid.items()), key=cell_order),
                   [ClassTotal(str(label), *sums[value]) for value, label in labels
                    if value in sums])


def chart(fig: Figures):
    return time_chart.summary(fig.results, fig.scored, fig.cells, fig.classes)


# -- one row per system: the spreads and where each page of the table begins -------------------

def name_counts(rounds) -> dict[str, int]:
    """Results per system name in scope: counted per system from the index alone, then joined
    to the few thousand names (joining every round to its system costs several times more)."""
    try:
        per_system, params = rounds.values("system_id").annotate(n=Count("*")).order_by() \
            .values_list("system_id", "n").query.sql_with_params()
    except EmptyResultSet:  # an empty scope
        return {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.{quote('name')}, SUM(g.n) FROM ({per_system}) g "  # noqa: S608
            f"JOIN {quote(System._meta.db_table)} s ON s.{quote('id')} = g.system_id "
            f"GROUP BY s.{quote('name')}", params)
        return {name: int(n) for name, n in cursor.fetchall()}


class Table:
    """The latest rounds in the page's order, read a page at a time (a Paginator's list): the
    names are ranked from one row each, and only the rows of the names on the page asked for
    are read, ordered as `overview.points` orders."""

    def __init__(self, rounds, counts: dict[str, int], scoped: bool = False):
        self.rounds, self.counts, self.scoped = rounds, counts, scoped
        self.names = sorted(counts, key=lambda n: (swedish_sort_key(n), n))
        self.name_rank = {name: rank for rank, name in enumerate(self.names)}
        self.total = sum(counts.values())

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, part: slice) -> list[Point]:
        start, stop, _step = part.indices(self.total)
        first, begins, names = 0, None, []
        for name in self.names:
            if first >= stop:
                break
            if first + self.counts[name] > start:
                begins = first if begins is None else begins
                names.append(name)
            first += self.counts[name]
        if begins is None:
            return []
        if self.scoped:  # a few organisations' rounds: the join probes only those
            found = overview.plain_points(self.rounds.filter(system__name__in=names), None)
            return found[start - begins:stop - begins]
        # the whole country: the systems first, since a joined name would probe every round
        systems = list(System.objects.filter(name__in=names).values_list("pk", flat=True))
        return self.points(systems)[start - begins:stop - begins]

    def points(self, system_ids: list[int]) -> list[Point]:
        """The rows of these systems in the table's order."""
        found = []
        for start in range(0, len(system_ids), overview.IDS_PER_QUERY):
            found += overview.plain_points(self.rounds.filter(
                system_id__in=system_ids[start:start + overview.IDS_PER_QUERY]), None)
        if len(system_ids) > overview.IDS_PER_QUERY:
            names = dict(Organisation.objects.values_list("pk", "name"))
            rank = overview.organisation_rank(names)
            found.sort(key=lambda p: (self.name_rank[p.system_name],
                                      rank.get(p.organisation_id, -1), p.pk))
        return found


def spreads(rounds, table: Table, shown: int | None = None) -> overview.Spreads:
    """As `overview.spreads`: per system with results from more than one organisation, the
    spreads by the database, which returns only those ranked among the `shown` largest (ties
    included); of these the larger spread, the smaller, then the table's order of each system's
    first row decide, which only the rows of systems sharing a name and both spreads settle."""
    shown = overview.SPREADS_SHOWN if shown is None else shown
    business = Scaled(Max("business_value"), 100) - Scaled(Min("business_value"), 100)
    technical = Scaled(Max("technical_fit"), 100) - Scaled(Min("technical_fit"), 100)
    disposition = NullIf("disposition", Value(""))
    grouped = rounds.values("system_id").annotate(
        n=Plain(Count("*")), business=business, technical=technical,
        disagree=Plain(Case(When(GreaterThan(Max(disposition), Min(disposition)), then=1),
                            default=0))).filter(n__gt=1)
    high = Greatest(Coalesce("business", 0), Coalesce("technical", 0))
    low = Least(Coalesce("business", 0), Coalesce("technical", 0))
    ranked = list(grouped.annotate(
        high=Plain(high), low=Plain(low),
        rank=Window(Rank(), order_by=[F("high").desc(), F("low").desc()]),
        total=Window(Count("*"))).filter(rank__lte=shown).order_by().values_list(
        "system_id", "n", "business", "technical", "disagree", "high", "low", "total"))
    if not ranked:
        return overview.Spreads()
    names = overview.system_names({row[0] for row in ranked})
    keyed = [((-high, -low, table.name_rank[names[system_id][0]]),
              (system_id, names[system_id][0], n, business, technical, disagree))
             for system_id, n, business, technical, disagree, high, low, _total in ranked]
    ties: dict[tuple, list[int]] = defaultdict(list)
    for key, row in keyed:
        ties[key].append(row[0])
    first_row: dict[int, int] = {}
    for point in table.points([pk for group in ties.values() if len(group) > 1
                               for pk in group]):
        first_row.setdefault(point.system_id, len(first_row))
    keyed.sort(key=lambda item: (item[0], first_row.get(item[1][0], 0)))
    return overview.Spreads(ranked[0][-1], [overview.SpreadRow(
        system_id, name, n, overview.hundredths(business), overview.hundredths(technical),
        bool(disagree)) for _key, (system_id, name, n, business, technical, disagree)
        in keyed[:shown]])


@dataclass
class Page:
    """What the TIME page shows of a scope: the table to page through, the chart, the spreads."""

    table: list[Point] | Table
    chart: time_chart.TimeChart
    spreads: overview.Spreads


def page(user, organisations: set[int] | None = None) -> Page:
    """Up to `time_chart.MARKERS_UP_TO` scored results one marker each from plain rows;
    above, the figures by the database."""
    rounds = overview.latest(user, organisations)
    fig = figures(rounds)
    if fig.scored <= time_chart.MARKERS_UP_TO:
        found = overview.points(user, organisations)
        return Page(found, time_chart.time_chart(found), overview.spreads(found))
    table = Table(rounds, name_counts(rounds), scoped=organisations is not None)
    return Page(table, chart(fig), spreads(rounds, table))
