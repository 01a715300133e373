"""The reconciliation report: contracted against invoiced per contract × organisation × year,
rolled up per system, management object, supplier and organisation, read from the
Reconciliation rows the import and matching keep current (never from the cost lines).

Consistency, as the seed report's own table was not: a missing contracted amount stays
missing (never 0) and leaves its difference undefined; the invoiced amount without a known
contracted amount is reported on its own; every total is the sum of the rows shown:
difference total = contracted total − invoiced where a contracted amount is known.

Confidential prices: the contracted amount and the difference are shown only to those who
may see the contract's prices (contracts.services.can_see_prices, as a query); the invoiced
amount also to members of the organisation whose ledger it is. Totals only add what the user
sees, and say how many rows they leave out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.organisations.models import Population

from .models import Reconciliation
from .services import hidden_contract_ids, hidden_price_contracts

PAGE_SIZE = 50


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
    hidden: int = 0
    rows: int = 0
    population: int | None = None

    @property
    def invoiced_without_contract_ore(self) -> int:
        return self.invoiced_ore - self.invoiced_with_contract_ore

    @property
    def per_inhabitant(self) -> Decimal | None:
        return per_inhabitant(self.invoiced_ore, self.population)

    def add(self, other: Totals) -> None:
        for name in ("contracted_ore", "contracted_missing", "invoiced_ore",
                     "invoiced_with_contract_ore", "difference_ore", "hidden", "rows"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


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
    line_count: int
    population: int | None

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


def available_years() -> list[int]:
    return list(Reconciliation.objects.order_by("-year").values_list("year", flat=True)
                .distinct())


def scoped(user, *, year=None, organisation=None, contract=None, system=None,
           management_object=None, supplier=None, invoiced_only=False):
    """Reconciliation rows within the filters. Every signed-in user reads them (as contracts
    and ledgers are public records); amounts under commercial secrecy are masked by the
    caller (`_rows`, `_aggregates`)."""
    from samverkan.contracts.models import Contract

    rows = Reconciliation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return rows.none()
    if invoiced_only:
        rows = rows.filter(line_count__gt=0)
    if year:
        rows = rows.filter(year=year)
    if organisation:
        rows = rows.filter(organisation_id=getattr(organisation, "pk", organisation))
    if contract:
        rows = rows.filter(contract_id=getattr(contract, "pk", contract))
    visible_contracts = Contract.objects.for_user(user)
    if getattr(Contract, "confidential_field", None) and not user.is_superuser:
        rows = rows.filter(contract_id__in=visible_contracts.values("pk"))
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
        "hidden": Count("pk", filter=~invoiced) if not user.is_superuser else Count(
            "pk", filter=Q(pk__isnull=True)),
        "count": Count("pk"),
    }


def _totals(values: dict) -> Totals:
    return Totals(
        contracted_ore=values["contracted"] or 0, contracted_missing=values["missing"] or 0,
        invoiced_ore=values["invoiced"] or 0, invoiced_with_contract_ore=values["invoiced_with"] or 0,
        difference_ore=values["difference"] or 0, hidden=values["hidden"] or 0,
        rows=values["count"] or 0)


def _population_subquery():
    return Subquery(Population.objects.filter(
        organisation_id=OuterRef("organisation_id"), year=OuterRef("year"),
    ).values("inhabitants")[:1])


def report(user, *, year=None, organisation=None, contract=None, system=None,
           management_object=None, supplier=None, invoiced_only=False, view: str = "rader",
           page: int = 1, page_size: int | None = PAGE_SIZE) -> Report:
    years = available_years()
    if year is None and years:
        year = years[0]
    rows = scoped(user, year=year, organisation=organisation, contract=contract, system=system,
                  management_object=management_object, supplier=supplier,
                  invoiced_only=invoiced_only)
    totals = _totals(rows.aggregate(**_aggregates(user)))
    if organisation and year:
        totals.population = Population.objects.filter(
            organisation_id=getattr(organisation, "pk", organisation), year=year,
        ).values_list("inhabitants", flat=True).first()
    count = totals.rows
    ordered = rows.annotate(population=_population_subquery()).select_related(
        "contract__supplier", "organisation").order_by("-deviation_ore", "contract__title",
                                                       "organisation__name", "pk")
    pages = 1
    if page_size:
        pages = max(1, -(-count // page_size))
        page = min(max(1, page), pages)
        ordered = ordered[(page - 1) * page_size: page * page_size]
    result = Report(year=year, years=years, rows=_rows(user, ordered), row_count=count, page=page,
                    pages=pages, totals=totals, rollup_kind=view if view != "rader" else "")
    if view and view != "rader":
        result.rollups = rollups(user, rows, view)
    return result


def _rows(user, queryset) -> list[Row]:
    hidden = hidden_contract_ids(user) if not user.is_superuser else set()
    members = permissions.organisations_where(user, permissions.Role.READER)
    result = []
    for item in queryset:
        prices = item.contract_id not in hidden
        invoiced = prices or item.organisation_id in members
        result.append(Row(
            pk=item.pk, contract_id=item.contract_id, contract=item.contract,
            supplier=item.contract.supplier, organisation=item.organisation, year=item.year,
            is_party=item.is_party, prices_visible=prices, invoiced_visible=invoiced,
            contracted_ore=item.contracted_ore if prices else None,
            invoiced_ore=item.invoiced_ore if invoiced else None,
            difference_ore=item.difference_ore if prices else None,
            line_count=item.line_count, population=item.population))
    return result


def rollups(user, rows, kind: str) -> list[Rollup]:
    """Totals per organisation, supplier, system or management object, largest deviation
    first. A contract linked to several systems (objects) counts under each of them."""
    from samverkan.contracts.models import Contract
    from samverkan.portfolio.models import ManagementObject, System

    aggregates = _aggregates(user)
    if kind == "organisation":
        groups = rows.values("organisation_id", "organisation__name", "year").annotate(
            population=_population_subquery(), **aggregates).order_by()
        result = []
        for values in groups:
            totals = _totals(values)
            totals.population = values["population"]
            result.append(Rollup(values["organisation_id"], values["organisation__name"],
                                 totals=totals))
        return _largest_first(result)
    per_contract = {v["contract_id"]: _totals(v) for v in
                    rows.values("contract_id").annotate(**aggregates).order_by()}
    contracts = Contract.objects.filter(pk__in=per_contract).select_related("supplier")
    groups: dict = defaultdict(lambda: Rollup(None, ""))
    if kind == "leverantor":
        for c in contracts:
            group = groups[c.supplier_id]
            group.key, group.label, group.url = c.supplier_id, str(c.supplier), \
                c.supplier.get_absolute_url()
            group.totals.add(per_contract[c.pk])
        return _largest_first(list(groups.values()))
    links: dict[int, set] = defaultdict(set)
    if kind == "system":
        model = System
        for contract_id, system_id in Contract.systems.through.objects.filter(
                contract_id__in=per_contract).values_list("contract_id", "system_id"):
            links[contract_id].add(system_id)
    else:
        model = ManagementObject
        for contract_id, object_id in Contract.management_objects.through.objects.filter(
                contract_id__in=per_contract).values_list("contract_id", "managementobject_id"):
            links[contract_id].add(object_id)
        for contract_id, object_id in Contract.systems.through.objects.filter(
                contract_id__in=per_contract, system__management_object__isnull=False,
        ).values_list("contract_id", "system__management_object_id"):
            links[contract_id].add(object_id)
    names = {o.pk: o for o in model.objects.filter(
        pk__in={k for keys in links.values() for k in keys})}
    for contract_id, totals in per_contract.items():
        keys = links.get(contract_id) or {None}
        for key in keys:
            group = groups[key]
            if group.key is None and key is not None:
                group.key, group.label = key, str(names[key])
                group.url = names[key].get_absolute_url()
            elif key is None:
                group.label = str(_("Utan koppling"))
            group.totals.add(totals)
    return _largest_first(list(groups.values()))


def _largest_first(groups: list[Rollup]) -> list[Rollup]:
    def deviation(group: Rollup) -> int:
        t = group.totals
        return abs(t.difference_ore) + abs(t.invoiced_without_contract_ore)

    return sorted(groups, key=lambda g: (-deviation(g), g.label))
