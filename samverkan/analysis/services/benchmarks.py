"""Benchmarking: each municipality's IT cost per inhabitant, per user and per system, per year,
its rank and the median, the trend over years, and key figures imported from other
installations beside them.

- **IT cost** (outcome) is the sum of the ledger's cost summaries in the cost categories the
  installation counts as IT (`ITCostCategory`), per organisation and year, read through the
  ledger's permission rule: all of the user's own organisations' ledgers; of other
  organisations', the costs except those on contracts whose prices are confidential to the
  user (as `CostLine.objects.for_user`). Nothing hidden moves a figure, a rank or the median.
- **Population** is that year's, or the nearest year's with a note
  (`organisations.population`).
- **Systems and users** come from the register as it is today (it keeps no yearly counts):
  the systems in use (being introduced, in operation, being phased out) that the municipality
  uses, and the sum of their user counts. When a system has no user count, cost per user is
  not given (a sum of the known counts would overstate it).
- **Arithmetic** is exact: the ratios are fractions of öre; they are shown in kronor rounded
  half up to two decimals (`kronor`). Ranks go from the lowest cost (1); equal figures share a
  rank and the next rank skips (1, 2, 2, 4). The median of an even count is the mean of the two
  middle figures.

Every figure of every year comes from a handful of aggregate queries (GROUP BY organisation and
year), never one query per municipality.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Case, Count, F, Q, Sum, Value, When

from samverkan.core import permissions
from samverkan.finance.allocation import fraction_to_decimal
from samverkan.ledger.categories import DEFAULT_ACCOUNT_CATEGORIES
from samverkan.ledger.models import AccountCategory, CostCategory, CostSummary
from samverkan.ledger.visibility import hidden_contract_ids, hidden_price_contracts
from samverkan.organisations import population
from samverkan.organisations.models import Membership, Organisation
from samverkan.portfolio.models import System, SystemUsage

from ..models import ExternalKeyFigure, ITCostCategory

IN_USE = (System.Lifecycle.IMPLEMENTING, System.Lifecycle.ACTIVE, System.Lifecycle.PHASING_OUT)
METRICS = ("per_inhabitant", "per_user", "per_system")


# -- plain arithmetic -----------------------------------------------------------------------------

def ratio(amount_ore: int | None, count: int | None) -> Fraction | None:
    """Öre per unit, exactly; None when either is unknown or the count is not positive."""
    if amount_ore is None or not count or count <= 0:
        return None
    return Fraction(amount_ore, count)


def kronor(value: Fraction | None) -> Decimal | None:
    """Öre as kronor with two decimals, rounded half up (away from zero) from the exact value."""
    return None if value is None else fraction_to_decimal(value / 100, 2)


def exact_key(value: Fraction) -> tuple[float, Fraction]:
    """A sort key as exact as the fraction and mostly as fast as a float: rounding to a float
    never reverses an order, so only values whose floats are equal compare as fractions."""
    return (float(value), value)


def rounded_ore(value: Fraction) -> int:
    """The exact fraction of öre rounded half up (away from zero) to whole öre: the same figure
    as `kronor`, in integers only (fast enough for a table of every municipality)."""
    numerator, denominator = abs(value.numerator), value.denominator
    whole = (2 * numerator + denominator) // (2 * denominator)
    return whole if value >= 0 else -whole


def ranks(values: dict) -> dict:
    """{key: rank} for the keys with a value, lowest first; ties share the rank (1, 2, 2, 4)."""
    keys = {key: exact_key(v) for key, v in values.items() if v is not None}
    ordered = sorted(keys.values())
    return {key: bisect.bisect_left(ordered, k) + 1 for key, k in keys.items()}


def median(values) -> Fraction | None:
    """The middle value; of an even count, the mean of the two middle values; None if empty."""
    ordered = sorted((v for v in values if v is not None), key=exact_key)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return (Fraction(ordered[middle - 1]) + Fraction(ordered[middle])) / 2


# -- the figures ------------------------------------------------------------------------------------

@dataclass
class Row:
    """One municipality's key figures for one year (own or from another installation)."""

    name: str
    code: str
    year: int
    outcome_ore: int | None  # None: no ledger imported for the year
    inhabitants: int | None = None
    population_year: int | None = None
    population_source: str = ""
    population_note: str = ""
    users: int | None = None
    users_unknown: int = 0  # systems in use without a user count
    systems: int = 0
    organisation_id: int | None = None
    external: str = ""  # the source installation of an imported figure
    partial: bool = False  # costs on contracts with prices confidential to the user left out
    ranks: dict = field(default_factory=dict)

    @property
    def has_ledger(self) -> bool:
        return self.outcome_ore is not None

    def __post_init__(self):
        # computed once, exactly: a row's inputs do not change after it is made
        self.per_inhabitant = ratio(self.outcome_ore, self.inhabitants)
        self.per_user = None if self.users_unknown else ratio(self.outcome_ore, self.users)
        self.per_system = ratio(self.outcome_ore, self.systems)

    def figure(self, metric: str) -> Fraction | None:
        return getattr(self, metric)


@dataclass
class YearTable:
    year: int
    rows: list[Row]  # municipalities with a ledger for the year, lowest cost per inhabitant first
    missing: list[Row]  # municipalities with no ledger imported for the year
    external: list[Row]
    medians: dict[str, Fraction | None]
    rows_by_org: dict[int, Row] = field(default_factory=dict)


@dataclass
class Benchmark:
    years: list[int]
    categories: list[ITCostCategory]
    by_year: dict[int, YearTable]
    # (name, [the row of each year, oldest first, None where no ledger was imported])
    trend: list[tuple[str, list[Row | None]]]
    partial: bool
    population_notes: list[str]

    def table(self, year: int) -> YearTable | None:
        return self.by_year.get(year)


def it_categories() -> list[ITCostCategory]:
    return list(ITCostCategory.objects.filter(archived_at__isnull=True))


def visible_summaries(user):
    """The ledger's cost summaries narrowed as `CostLine.objects.for_user` narrows the lines."""
    summaries = CostSummary.objects.all()
    if not getattr(user, "is_active", False):
        return summaries.none()
    if user.is_superuser:
        return summaries
    members = permissions.organisations_where(user, permissions.Role.READER)
    return summaries.filter(Q(organisation_id__in=members) | (
        ~Q(category="") & ~Q(contract__in=hidden_price_contracts(user))))


def municipalities(cooperation: int | None = None):
    found = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY,
                                        archived_at__isnull=True)
    if cooperation is not None:
        found = found.filter(pk__in=Membership.objects.filter(
            cooperation_id=cooperation).values("member_id"))
    return found


def _outcomes(user, categories: list[str], org_ids) -> dict[tuple[int, int], int]:
    """{(organisation, year): IT outcome in öre} for every year with a visible ledger line."""
    it = Sum(Case(When(category__in=categories, then=F("amount_ore")), default=Value(0)))
    rows = (visible_summaries(user).filter(organisation_id__in=org_ids, line_count__gt=0)
            .order_by().values("organisation_id", "year").annotate(it=it))
    return {(r["organisation_id"], r["year"]): int(r["it"] or 0) for r in rows}


def _usage(org_ids) -> dict[int, tuple[int, int | None, int]]:
    """{organisation: (systems in use, their users, systems without a user count)}."""
    rows = (SystemUsage.objects.filter(organisation_id__in=org_ids,
                                       system__archived_at__isnull=True,
                                       system__lifecycle__in=IN_USE)
            .order_by().values("organisation_id")
            .annotate(system_count=Count("system_id", distinct=True), user_sum=Sum("users"),
                      unknown=Count("pk", filter=Q(users__isnull=True))))
    return {r["organisation_id"]: (r["system_count"], r["user_sum"], r["unknown"])
            for r in rows}


def external_rows(year: int | None = None) -> list[Row]:
    found = ExternalKeyFigure.objects.filter(archived_at__isnull=True)
    if year is not None:
        found = found.filter(year=year)
    return [Row(name=f.municipality_name, code=f.municipality_code, year=f.year,
                outcome_ore=f.outcome_ore, inhabitants=f.population,
                population_year=f.population_year, population_source=f.source_installation,
                users=f.users, systems=f.systems or 0, external=f.source_installation)
            for f in found]


def compute(user, cooperation: int | None = None) -> Benchmark:
    """Every year's key figures for the municipalities (of one cooperation, if given)."""
    categories = it_categories()
    orgs = {o.pk: o for o in municipalities(cooperation).only("pk", "name",
                                                               "municipality_code")}
    outcomes = _outcomes(user, [c.ledger_category for c in categories], list(orgs))
    years = sorted({year for _org, year in outcomes}, reverse=True)
    figures = population.figures_by_year((org, year) for org in orgs for year in years)
    usage = _usage(list(orgs))
    own = set() if user.is_superuser else permissions.organisations_where(
        user, permissions.Role.READER)
    partial = bool(not user.is_superuser and hidden_contract_ids(user))
    external = external_rows()
    by_year = {}
    for year in years:
        rows = []
        for pk, org in orgs.items():
            systems, users, unknown = usage.get(pk, (0, None, 0))
            figure = figures.get((pk, year))
            rows.append(Row(
                name=org.name, code=org.municipality_code, year=year,
                outcome_ore=outcomes.get((pk, year)), organisation_id=pk,
                inhabitants=figure.inhabitants if figure else None,
                population_year=figure.used_year if figure else None,
                population_source=figure.source if figure else "",
                population_note=figure.note if figure else "",
                users=users, users_unknown=unknown, systems=systems,
                partial=partial and pk not in own))
        by_year[year] = _table(year, rows, [r for r in external if r.year == year])
    for row in external:
        if row.year not in by_year:
            by_year[row.year] = _table(row.year, [], [r for r in external if r.year == row.year])
    all_years = sorted(by_year, reverse=True)
    trend = [(org.name, [by_year[y].rows_by_org.get(pk) for y in sorted(all_years)])
             for pk, org in sorted(orgs.items(), key=lambda item: (item[1].name, item[0]))
             if any((pk, y) in outcomes for y in years)]
    notes = population.notes([f for f in figures.values() if (f.organisation_id, f.year)
                              in outcomes], {pk: o.name for pk, o in orgs.items()})
    return Benchmark(all_years, categories, by_year, trend, partial, notes)


def _table(year: int, rows: list[Row], external: list[Row]) -> YearTable:
    with_ledger = [r for r in rows if r.has_ledger]
    missing = sorted((r for r in rows if not r.has_ledger), key=lambda r: r.name)
    medians = {}
    for metric in METRICS:
        values = {id(r): r.figure(metric) for r in with_ledger}
        ranked = ranks(values)
        for r in with_ledger:
            r.ranks[metric] = ranked.get(id(r))
        medians[metric] = median(values.values())

    def order(r: Row):
        value = r.per_inhabitant
        return (value is None, exact_key(value) if value is not None else (0.0, 0), r.name)

    with_ledger.sort(key=order)
    external.sort(key=order)
    return YearTable(year, with_ledger, missing, external, medians,
                     {r.organisation_id: r for r in with_ledger})


def definition() -> list[tuple[ITCostCategory, list[tuple[str, str, str]]]]:
    """Each IT category with the default account ranges (Kommun-Bas) of its ledger category."""
    return [(c, [(first, last, note) for first, last, category, note
                 in DEFAULT_ACCOUNT_CATEGORIES if category == c.ledger_category])
            for c in it_categories()]


def own_account_divisions() -> list[str]:
    """Names of the municipalities whose ledger uses its own account ranges."""
    return sorted(set(AccountCategory.objects.filter(
        archived_at__isnull=True, organisation__kind=Organisation.Kind.MUNICIPALITY)
        .values_list("organisation__name", flat=True)))


def category_label(value: str) -> str:
    return str(dict(CostCategory.choices).get(value, value))
