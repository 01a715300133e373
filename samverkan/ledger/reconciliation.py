"""The reconciliation report: contracted against invoiced per contract × organisation × year,
rolled up per system, management object, supplier and organisation, read from the
Reconciliation rows the import and matching keep current (never from the cost lines).

Consistency, as the seed report's own table was not: a missing contracted amount stays
missing (never 0) and leaves its difference undefined; the invoiced amount without a known
contracted amount is reported on its own; every total is the sum of the rows shown:
difference total = contracted total − invoiced where a contracted amount is known.

Confidential prices: the contracted amount and the difference are shown only to those who
may see the contract's prices (the rule declared on Contract); the invoiced
amount also to members of the organisation whose ledger it is. Totals only add what the user
sees, and say how many rows they leave out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connections
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.contracts.models import Contract
from samverkan.core import permissions
from samverkan.organisations import population
from samverkan.portfolio.models import ManagementObject, System

from .models import CostLine, Reconciliation
from .visibility import hidden_contract_ids, hidden_price_contracts

PAGE_SIZE = 50
ROLLUP_LIMIT = 50


def per_inhabitant(invoiced_ore: int | None, inhabitants: int | None) -> Decimal | None:
    """Kronor per inhabitant, to the öre; None when either figure is missing."""
    if invoiced_ore is None or not inhabitants:
        return None
    return (Decimal(invoiced_ore) / 100 / inhabitants).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class Totals:
    contracted_ore: int = 0
    contracted_missing: int = 0
    invoiced_ore: int = 0
    invoiced_with_contract_ore: int = 0
    difference_ore: int = 0
    # the difference's two sides, never netted: invoiced beyond the contracted amount, and
    # contracted but not (yet) invoiced
    over_invoiced_ore: int = 0
    under_invoiced_ore: int = 0
    hidden: int = 0
    rows: int = 0
    population: int | None = None
    population_note: str = ""  # another year's population stands in for the year's own

    @property
    def invoiced_without_contract_ore(self) -> int:
        return self.invoiced_ore - self.invoiced_with_contract_ore

    @property
    def per_inhabitant(self) -> Decimal | None:
        return per_inhabitant(self.invoiced_ore, self.population)

    def add(self, other: Totals) -> None:
        self.contracted_ore += other.contracted_ore
        self.contracted_missing += other.contracted_missing
        self.invoiced_ore += other.invoiced_ore
        self.invoiced_with_contract_ore += other.invoiced_with_contract_ore
        self.difference_ore += other.difference_ore
        self.over_invoiced_ore += other.over_invoiced_ore
        self.under_invoiced_ore += other.under_invoiced_ore
        self.hidden += other.hidden
        self.rows += other.rows


@dataclass
class Row:
    pk: int
    contract_id: int
    contract: object
    supplier: object
    organisation: object
    year: int
    is_party: bool
    prices_visible: bool
    invoiced_visible: bool
    contracted_ore: int | None
    invoiced_ore: int | None
    difference_ore: int | None
    line_count: int | None  # None where the invoiced amount is hidden
    population: int | None
    # a contract without matched lines while its supplier has lines without a contract in the
    # same organisation's ledger that year: perhaps a rule is missing
    unmatched_from_supplier: int = 0
    population_note: str = ""  # another year's population stands in for the year's own

    @property
    def per_inhabitant(self) -> Decimal | None:
        return per_inhabitant(self.invoiced_ore, self.population)

    @property
    def contracted_missing(self) -> bool:
        return self.prices_visible and self.contracted_ore is None


@dataclass
class Rollup:
    key: object
    label: str
    url: str = ""
    totals: Totals = field(default_factory=Totals)


@dataclass
class Report:
    year: int | None
    years: list[int]
    rows: list[Row]
    row_count: int
    page: int
    pages: int
    totals: Totals
    rollups: list[Rollup] = field(default_factory=list)
    rollup_kind: str = ""
    rollup_count: int = 0


def available_years() -> list[int]:
    return list(Reconciliation.objects.order_by("-year").values_list("year", flat=True)
                .distinct())


def scoped(user, *, year=None, organisation=None, contract=None, system=None,
           management_object=None, supplier=None, invoiced_only=False, organisations=None):
    """Reconciliation rows within the filters. Every signed-in user reads them (as contracts
    and ledgers are public records); amounts under commercial secrecy are masked by the
    caller (`_rows`, `_aggregates`)."""
    rows = Reconciliation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    if invoiced_only:
        # a row whose invoiced amount is hidden stays whatever it holds: whether it was
        # invoiced is derived from what the user may not see
        _prices, invoiced = _visibility(user)
        rows = rows.filter(Q(line_count__gt=0) | ~invoiced)
    if year:
        rows = rows.filter(year=year)
    if organisation:
        rows = rows.filter(organisation_id=getattr(organisation, "pk", organisation))
    if organisations is not None:  # ids: a cooperation and its members, say
        rows = rows.filter(organisation_id__in=organisations)
    if contract:
        rows = rows.filter(contract_id=getattr(contract, "pk", contract))
    visible_contracts = Contract.objects.for_user(user)
    if supplier:
        rows = rows.filter(contract__supplier_id=getattr(supplier, "pk", supplier))
    if system:
        rows = rows.filter(contract_id__in=visible_contracts.filter(
            systems=getattr(system, "pk", system)).values("pk"))
    if management_object:
        object_id = getattr(management_object, "pk", management_object)
        rows = rows.filter(contract_id__in=visible_contracts.filter(
            Q(management_objects=object_id) | Q(systems__management_object_id=object_id)
        ).values("pk"))
    return rows


def _visibility(user):
    """(prices visible, invoiced visible) as conditions on Reconciliation rows."""
    if user.is_superuser:
        return Q(), Q()
    prices = ~Q(contract_id__in=hidden_price_contracts(user))
    members = permissions.organisations_where(user, permissions.Role.READER)
    return prices, prices | Q(organisation_id__in=members)


def _aggregates(user) -> dict:
    prices, invoiced = _visibility(user)
    known = prices & Q(contracted_ore__isnull=False)
    return {
        "contracted": Sum("contracted_ore", filter=known),
        "missing": Count("pk", filter=prices & Q(contracted_ore__isnull=True)),
        "invoiced": Sum("invoiced_ore", filter=invoiced),
        "invoiced_with": Sum("invoiced_ore", filter=known),
        "difference": Sum("difference_ore", filter=known),
        "over": Sum("difference_ore", filter=known & Q(difference_ore__lt=0)),
        "under": Sum("difference_ore", filter=known & Q(difference_ore__gt=0)),
        "hidden": Count("pk", filter=~prices) if not user.is_superuser else Count(
            "pk", filter=Q(pk__isnull=True)),
        "count": Count("pk"),
    }


def _totals(values: dict) -> Totals:
    return Totals(
        contracted_ore=values["contracted"] or 0, contracted_missing=values["missing"] or 0,
        invoiced_ore=values["invoiced"] or 0, invoiced_with_contract_ore=values["invoiced_with"] or 0,
        difference_ore=values["difference"] or 0, over_invoiced_ore=-(values["over"] or 0),
        under_invoiced_ore=values["under"] or 0, hidden=values["hidden"] or 0,
        rows=values["count"] or 0)


def report(user, *, year=None, organisation=None, contract=None, system=None,
           management_object=None, supplier=None, invoiced_only=False, view: str = "rader",
           page: int = 1, page_size: int | None = PAGE_SIZE, years: list[int] | None = None,
           organisations=None) -> Report:
    years = available_years() if years is None else years
    if year is None and years:
        year = years[0]
    rows = scoped(user, year=year, organisation=organisation, contract=contract, system=system,
                  management_object=management_object, supplier=supplier,
                  invoiced_only=invoiced_only, organisations=organisations)
    totals = _totals(rows.aggregate(**_aggregates(user)))
    if organisation and year:
        org_id = getattr(organisation, "pk", organisation)
        figure = population.figures(year, [org_id]).get(int(org_id))
        if figure is not None:
            totals.population, totals.population_note = figure.inhabitants, figure.note
    count = totals.rows
    ordered = rows.select_related("contract__supplier", "organisation").order_by(
        *_largest_deviation_first(user))
    pages = 1
    if page_size:
        pages = max(1, -(-count // page_size))
        page = min(max(1, page), pages)
        ordered = ordered[(page - 1) * page_size: page * page_size]
    result = Report(year=year, years=years, rows=_rows(user, ordered), row_count=count, page=page,
                    pages=pages, totals=totals, rollup_kind=view if view != "rader" else "")
    if view and view != "rader":
        result.rollups, result.rollup_count = rollups(user, rows, view, year)
    return result


def _largest_deviation_first(user) -> tuple:
    """Rows whose prices the user may not see have no deviation for that user: they come last,
    in an order of what they are (not of when they were last refreshed), so a hidden amount
    moves no row. Without such rows the order is the index's (year, -deviation_ore), with no
    sort of the whole year's rows."""
    if user.is_superuser or not hidden_contract_ids(user):
        return ("-deviation_ore", "pk")
    prices, _invoiced = _visibility(user)
    seen = Case(When(prices, then=F("deviation_ore")), default=Value(None))
    return (seen.desc(nulls_last=True), "contract_id", "organisation_id")


def _rows(user, queryset) -> list[Row]:
    hidden = hidden_contract_ids(user) if not user.is_superuser else set()
    members = permissions.organisations_where(user, permissions.Role.READER)
    items = list(queryset)
    people = population.figures_by_year((i.organisation_id, i.year) for i in items)
    result = []
    for item in items:
        figure = people.get((item.organisation_id, item.year))
        prices = item.contract_id not in hidden
        invoiced = prices or item.organisation_id in members
        result.append(Row(
            pk=item.pk, contract_id=item.contract_id, contract=item.contract,
            supplier=item.contract.supplier, organisation=item.organisation, year=item.year,
            is_party=item.is_party, prices_visible=prices, invoiced_visible=invoiced,
            contracted_ore=item.contracted_ore if prices else None,
            invoiced_ore=item.invoiced_ore if invoiced else None,
            difference_ore=item.difference_ore if prices else None,
            line_count=item.line_count if invoiced else None,
            population=figure.inhabitants if figure else None,
            population_note=figure.note if figure else ""))
    _count_unmatched_from_supplier([r for r in result if r.line_count == 0 and r.supplier])
    return result


def _supplier_keys(supplier) -> set[str]:
    """How a supplier appears on a ledger line: its name, its organisation number with and
    without the dash (SIE files carry it as an object id)."""
    keys = {supplier.name.casefold()}
    if supplier.org_number:
        keys |= {supplier.org_number, supplier.org_number.replace("-", "")}
    return keys


def _count_unmatched_from_supplier(rows: list[Row]) -> None:
    """For rows without matched lines: the supplier's lines without any contract in the same
    ledger and year (an IT cost), counted in one query for the page."""
    if not rows:
        return
    condition = Q()
    for org, year in {(r.organisation.pk, r.year) for r in rows}:
        condition |= Q(organisation_id=org, year=year)
    names = {key for r in rows for key in _supplier_keys(r.supplier)}
    found: dict[tuple, int] = defaultdict(int)
    lines = CostLine.objects.filter(condition, contract__isnull=True).exclude(cost_category="")
    for org, year, name, number, count in lines.values_list(
            "organisation_id", "year", "supplier_name", "supplier_org_number").annotate(
            count=Count("pk")).order_by():
        for key in {name.casefold(), number} & names:
            found[(org, year, key)] += count
    for row in rows:
        row.unmatched_from_supplier = max(
            (found.get((row.organisation.pk, row.year, key), 0)
             for key in _supplier_keys(row.supplier)), default=0)


def rollups(user, rows, kind: str, year: int | None = None) -> tuple[list[Rollup], int]:
    """Totals per organisation, supplier, system or management object, grouped in the
    database; the ROLLUP_LIMIT largest deviations first, and how many groups there are. Per
    system each row counts once (`_per_system`); a contract linked to several management
    objects counts under each of them."""
    aggregates = _aggregates(user)
    groups: list[Rollup] = []
    if kind == "system":
        groups = _per_system(rows, aggregates)
    elif kind in ("organisation", "leverantor"):
        key, name, route = {
            "organisation": ("organisation_id", "organisation__name",
                             "organisations:organisation"),
            "leverantor": ("contract__supplier_id", "contract__supplier__name",
                           "portfolio:supplier"),
        }[kind]
        for values in _raw(rows.values(key, name).annotate(**aggregates).order_by()):
            pk = values[key]
            groups.append(Rollup(pk, values[name] if pk is not None else str(_("Utan koppling")),
                                 route if pk is not None else "", _totals(values)))
        if kind == "organisation" and year:
            people = population.figures(year, [g.key for g in groups if g.key is not None])
            for group in groups:
                figure = people.get(group.key)
                if figure is not None:
                    group.totals.population = figure.inhabitants
                    group.totals.population_note = figure.note
    else:
        # a contract belongs to an object directly or through one of its systems: the pairs
        # are made distinct first, so no contract counts twice under one object
        per_contract, params = rows.values("contract_id").annotate(**aggregates).order_by() \
            .query.sql_with_params()
        direct = Contract.management_objects.through._meta
        systems = Contract.systems.through._meta
        system_table = System._meta.db_table
        sums = ", ".join(f'SUM(c."{name}") AS "{name}"' for name in aggregates)
        sql = (
            f"WITH per_contract AS ({per_contract}), pairs AS ("
            f'SELECT "contract_id", "managementobject_id" AS "object_id" FROM "{direct.db_table}" '
            f'UNION SELECT l."contract_id", s."management_object_id" FROM "{systems.db_table}" l '
            f'JOIN "{system_table}" s ON s."id" = l."system_id" '
            f'WHERE s."management_object_id" IS NOT NULL) '
            f'SELECT p."object_id", {sums} FROM per_contract c '
            f'LEFT JOIN pairs p ON p."contract_id" = c."contract_id" GROUP BY p."object_id"')
        with connections[rows.db].cursor() as cursor:
            cursor.execute(sql, params)
            names = [column[0] for column in cursor.description]
            found = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        titles = dict(ManagementObject.objects.filter(
            pk__in=[v["object_id"] for v in found if v["object_id"]]).values_list("pk", "name"))
        groups = [Rollup(v["object_id"], titles.get(v["object_id"], str(_("Utan koppling"))),
                         "portfolio:object" if v["object_id"] else "", _totals(v))
                  for v in found]
    shown = _largest_first(groups)[:ROLLUP_LIMIT]
    for group in shown:  # the route name becomes a link for the groups shown only
        group.url = reverse(group.url, args=[group.key]) if group.url else ""
    return shown, len(groups)


def system_totals(user, system, year: int) -> Totals | None:
    """What counts under one system in the per-system view for a year (None: nothing)."""
    rows = scoped(user, year=year, system=system)
    return next((g.totals for g in _per_system(rows, _aggregates(user)) if g.key == system.pk),
                None)


def _per_system(rows, aggregates) -> list[Rollup]:
    """A row (a contract in one organisation's ledger) counts under that organisation's own
    system on the contract, or the contract's only system (a joint one); otherwise under "no
    system of its own". Each row counts once, so the column adds up to the total, and a
    contract shared by four municipalities gives each system its own share."""
    systems: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    links = Contract.systems.through.objects.filter(
        contract_id__in=rows.values("contract_id")).order_by("system__name", "system_id")
    for contract_id, system_id, owner_id, name in links.values_list(
            "contract_id", "system_id", "system__organisation_id", "system__name"):
        systems[contract_id].append((system_id, owner_id, name))
    groups: dict[object, Rollup] = {}
    for values in _raw(rows.values("contract_id", "organisation_id").annotate(**aggregates)
                       .order_by()):
        linked = systems.get(values["contract_id"], [])
        own = [item for item in linked if item[1] == values["organisation_id"]]
        chosen = own[0] if own else linked[0] if len(linked) == 1 else None
        if chosen is not None:
            key, label, route = chosen[0], chosen[2], "portfolio:system"
        elif linked:
            key, label, route = "shared", str(_("Inget eget system på avtalet")), ""
        else:
            key, label, route = None, str(_("Utan koppling")), ""
        group = groups.get(key)
        if group is None:
            group = groups[key] = Rollup(key, label, route, Totals())
        group.totals.add(_totals(values))
    return list(groups.values())


def _raw(queryset) -> list[dict]:
    """The rows of a values() queryset straight from the cursor: thousands of aggregated rows
    without Django's per-value converters (the sums are integers already)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _largest_first(groups: list[Rollup]) -> list[Rollup]:
    def deviation(group: Rollup) -> int:
        t = group.totals
        return abs(t.difference_ore) + abs(t.invoiced_without_contract_ore)

    return sorted(groups, key=lambda g: (-deviation(g), g.label))
