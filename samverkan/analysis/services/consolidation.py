"""The consolidation finder: per capability, the installations (systems) the cooperation's members
use, with their product, users per organisation, the year's contracted and invoiced cost, the
latest closed assessment per municipality (with a cooperation: per member) and each
contract's term end and notice deadline; flags for one capability with several products and
one product in several installations; the earliest common window (see `windows`) and the
count of contracts outside their agreed term.

Costs: the contracted amount is each contract party's amount for the year (`contracts.amounts`),
the invoiced amount the ledger reconciliation's row for the contract, organisation and year.
Each party row and each reconciliation row is counted once, at the installation of the contract
that the row's organisation owns (else uses, else the first), so totals are the sums of the rows.

Confidentiality: an amount the reader may not see (the rule declared on Contract, read through
`ledger.visibility` as the reconciliation does) is left out and counted as hidden; nothing else
(order, flags, counts, window) is derived from an amount. The evidence written into an
initiative is built as a reader without any organisation sees it, since every reader of the
initiative reads it.

The whole country's summary per capability is `consolidation_summary`; this module reads the
installations themselves (a cooperation's, or one capability's).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from samverkan.assessments.models import Assessment, Disposition
from samverkan.contracts import terms
from samverkan.contracts.amounts import contracted_amount_ore
from samverkan.contracts.models import Contract, ContractExtensionOption, ContractParty
from samverkan.ledger import reconciliation
from samverkan.ledger.visibility import can_see_amounts, hidden_contract_ids
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import Capability, Product, System, SystemUsage

from .windows import Window, common_window


class Visibility:
    """What one reader sees of contracted and invoiced amounts. The reader's hidden contracts are
    read once per report, not per row."""

    def __init__(self, user):
        self.user = user
        self._hidden = set() if user.is_superuser else hidden_contract_ids(user)

    def prices(self, contract) -> bool:
        return contract.pk not in self._hidden

    def invoiced(self, contract, organisation_id: int) -> bool:
        return contract.pk not in self._hidden or can_see_amounts(self.user, contract.pk,
                                                                  organisation_id)


class PublicVisibility(Visibility):
    """What every signed-in reader sees: no price under commercial secrecy."""

    def __init__(self):
        self.user = None

    def prices(self, contract) -> bool:
        return not contract.prices_confidential

    def invoiced(self, contract, organisation_id: int) -> bool:
        return not contract.prices_confidential


@dataclass
class Amount:
    """A sum of what the reader sees: `ore` None when nothing is known; `hidden` rows left out
    under secrecy; `missing` rows without an amount."""

    ore: int | None = None
    hidden: int = 0
    missing: int = 0

    def add(self, value: int | None, visible: bool) -> None:
        if not visible:
            self.hidden += 1
        elif value is None:
            self.missing += 1
        else:
            self.ore = (self.ore or 0) + value

    def merge(self, other: Amount) -> None:
        if other.ore is not None:
            self.ore = (self.ore or 0) + other.ore
        self.hidden += other.hidden
        self.missing += other.missing


@dataclass(frozen=True)
class Dates:
    """What the finder shows of a contract's terms on a day (a part of `terms.Summary`: the
    flags and deadlines it does not show are not derived)."""

    status: terms.Status
    term_end: datetime.date | None
    notice_deadline: datetime.date | None


def dates(t: terms.Terms, on: datetime.date) -> Dates:
    notice = terms.next_notice(t, on)
    return Dates(terms.status(t, on), terms.current_term_end(t, on),
                 notice.deadline if notice else None)


@dataclass
class ContractLine:
    contract: Contract
    summary: Dates
    terms: terms.Terms | None = None

    @property
    def outside_term(self) -> bool:
        return self.summary.status.kind == terms.StatusKind.PASSIVELY_EXTENDED

    @property
    def running(self) -> bool:
        return self.summary.status.kind != terms.StatusKind.EXPIRED


@dataclass(frozen=True)
class Round:
    """What the finder shows of a closed assessment round."""

    pk: int
    disposition: str
    business_value: Decimal | None
    technical_fit: Decimal | None


@dataclass
class Result:
    organisation: Organisation
    assessment: Round

    @property
    def disposition_label(self) -> str:
        return _DISPOSITIONS.get(self.assessment.disposition, "")


@dataclass(frozen=True)
class Site:
    """What the finder shows of an installation (a System read as a row)."""

    pk: int
    name: str
    organisation: Organisation
    product: Product | None
    capability: Capability

    @property
    def organisation_id(self) -> int:
        return self.organisation.pk

    @property
    def product_id(self) -> int | None:
        return self.product.pk if self.product else None


@dataclass
class Installation:
    system: Site
    usages: list = field(default_factory=list)  # (organisation, users or None)
    contracted: Amount = field(default_factory=Amount)
    invoiced: Amount = field(default_factory=Amount)
    contracts: list[ContractLine] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    @property
    def product(self):
        return self.system.product

    @property
    def users(self) -> int | None:
        known = [n for _org, n in self.usages if n is not None]
        return sum(known) if known else None


@dataclass
class Group:
    capability: object
    installations: list[Installation] = field(default_factory=list)
    contracted: Amount = field(default_factory=Amount)
    invoiced: Amount = field(default_factory=Amount)
    window: Window = field(default_factory=Window)
    contracts: list[ContractLine] = field(default_factory=list)  # running, each once

    @property
    def products(self) -> list:
        found = {i.system.product_id: i.system.product for i in self.installations
                 if i.system.product_id}
        return sorted(found.values(), key=lambda p: (p.name, p.pk))

    @property
    def several_products(self) -> bool:
        return len(self.products) > 1

    @property
    def shared_products(self) -> list[tuple[object, int]]:
        """Products in more than one installation, with their number of installations."""
        counts: dict[int, int] = defaultdict(int)
        for i in self.installations:
            if i.system.product_id:
                counts[i.system.product_id] += 1
        return [(p, counts[p.pk]) for p in self.products if counts[p.pk] > 1]

    @property
    def candidate(self) -> bool:
        return self.several_products or bool(self.shared_products)

    @property
    def members(self) -> list:
        found = {}
        for i in self.installations:
            found[i.system.organisation_id] = i.system.organisation
            for org, _n in i.usages:
                found[org.pk] = org
        return sorted(found.values(), key=lambda o: (o.name, o.pk))

    @property
    def users(self) -> int | None:
        known = [i.users for i in self.installations if i.users is not None]
        return sum(known) if known else None

    @property
    def outside_term(self) -> int:
        return sum(1 for line in self.contracts if line.outside_term)

    @property
    def within_term(self) -> int:
        return len(self.contracts) - self.outside_term

    @property
    def plans(self) -> list[tuple[ContractLine, object]]:
        """(contract line, its plan in the common window), in the window's order."""
        lines = {line.contract.pk: line for line in self.contracts}
        return [(lines[plan.key], plan) for plan in self.window.plans]


@dataclass
class Report:
    year: int
    on: datetime.date
    cooperation: Organisation | None
    groups: list[Group]

    @property
    def candidates(self) -> list[Group]:
        return [g for g in self.groups if g.candidate]


def default_year() -> int:
    years = reconciliation.available_years()
    return years[0] if years else timezone.localdate().year


def scope_ids(cooperation: Organisation | None, on: datetime.date) -> set[int] | None:
    """The cooperation and its members on `on`; None: every organisation."""
    if cooperation is None:
        return None
    return {cooperation.pk, *cooperation.members_on(on).values_list("pk", flat=True)}


def _cache(objects, field: str, model, found: dict) -> None:
    """Set each object's `field` from `found` (loading the missing ones by name only), so that
    no row loads its relation by itself."""
    descriptor = type(objects[0])._meta.get_field(field) if objects else None
    missing = {getattr(o, f"{field}_id") for o in objects} - set(found) - {None}
    if missing:
        found.update((o.pk, o) for o in model.objects.filter(pk__in=missing).only("name"))
    for o in objects:
        descriptor.set_cached_value(o, found.get(getattr(o, f"{field}_id")))


def installations_of(user, scope: set[int] | None = None, capability_id: int | None = None):
    """The finder's installations: live systems with a capability, of the scope's
    organisations or used by them."""
    systems = System.objects.for_user(user).filter(
        archived_at__isnull=True, capability__isnull=False).exclude(
        lifecycle=System.Lifecycle.RETIRED)
    if capability_id is not None:
        systems = systems.filter(capability_id=capability_id)
    if scope is not None:
        systems = systems.filter(pk__in=System.ids_owned_or_used_by(scope))
    return systems


def _ids(user, scope: set[int] | None, capability_id: int | None):
    """The installations as a subquery: a list of thousands of ids costs more to pass."""
    return installations_of(user, scope, capability_id).values("pk")


def _systems(user, scope: set[int] | None, capability_id: int | None,
             organisations: dict) -> tuple[list[Site], dict[int, list[tuple[int, int | None]]]]:
    """The installations (read as rows) and every usage row per installation as
    (organisation id, users)."""
    rows = list(installations_of(user, scope, capability_id).values_list(
        "pk", "name", "organisation_id", "product_id", "product__name", "capability_id",
        "capability__name").order_by())
    usages: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for system_id, organisation_id, users in SystemUsage.objects.filter(
            system_id__in=_ids(user, scope, capability_id)).values_list(
            "system_id", "organisation_id", "users").order_by("system_id", "pk"):
        usages[system_id].append((organisation_id, users))
    user_ids = {org for found in usages.values() for org, _n in found}
    organisations.update((o.pk, o) for o in Organisation.objects.filter(
        pk__in=user_ids | {row[2] for row in rows}).only("name"))
    products = {pk: Product(pk=pk, name=name) for pk, name in {
        (row[3], row[4]) for row in rows if row[3] is not None}}
    capabilities = {pk: Capability(pk=pk, name=name) for pk, name in {
        (row[5], row[6]) for row in rows}}
    return [Site(pk, name, organisations[org], products.get(product), capabilities[capability])
            for pk, name, org, product, _p, capability, _c in rows], usages


def _contracts(user, system_ids, organisations: dict
               ) -> tuple[dict[int, Contract], dict[int, list[int]]]:
    through = Contract.systems.through.objects.filter(system_id__in=system_ids)
    links: dict[int, list[int]] = defaultdict(list)
    for contract_id, system_id in through.values_list("contract_id", "system_id").order_by(
            "contract_id", "system_id"):
        links[contract_id].append(system_id)
    contracts = list(Contract.objects.for_user(user).filter(
        pk__in=through.values("contract_id"), archived_at__isnull=True).only(*_CONTRACT_FIELDS).order_by(
        "pk").prefetch_related(Prefetch("extension_options", ContractExtensionOption.objects.only(
            "contract", "ordering", "length_months", "used_on"))))
    _cache(contracts, "organisation", Organisation, organisations)
    return {c.pk: c for c in contracts}, links


def _parties(contracts: dict[int, Contract]) -> dict[int, list[ContractParty]]:
    """Each contract's parties (with the contract set, for their amounts of the year)."""
    parties = list(ContractParty.objects.filter(contract_id__in=list(contracts)).only(
        "contract", "organisation", "annual_amount_ore", "valid_from", "valid_to").order_by(
        "contract_id", "pk"))
    _cache(parties, "contract", Contract, contracts)
    found: dict[int, list[ContractParty]] = defaultdict(list)
    for party in parties:
        found[party.contract_id].append(party)
    return found


_CONTRACT_FIELDS = ("number", "title", "organisation", "prices_confidential", "start_date",
                    "original_end_date", "renewal_period_months", "notice_period_months",
                    "terminated_on", "termination_effective_date", "internal_lead_days")
_DISPOSITIONS = {value: str(label) for value, label in Disposition.choices}


def _latest_results(user, system_ids, scope: set[int] | None,
                    organisations: dict) -> dict[int, list[Result]]:
    """The latest closed round per installation and municipality; with a cooperation only its
    members' rounds (the finder is about them)."""
    closed = Assessment.objects.for_user(user).filter(
        system_id__in=system_ids, state=Assessment.State.CLOSED, archived_at__isnull=True)
    if scope is not None:
        closed = closed.filter(organisation_id__in=scope)
    latest: dict[tuple[int, int], Round] = {}
    for system_id, organisation_id, *row in closed.values_list(
            "system_id", "organisation_id", "pk", "disposition", "business_value",
            "technical_fit").order_by("system_id", "organisation_id", "-closed_at", "-pk"):
        if (system_id, organisation_id) not in latest:
            latest[system_id, organisation_id] = Round(*row)
    missing = {org for _s, org in latest} - set(organisations)
    organisations.update((o.pk, o) for o in Organisation.objects.filter(
        pk__in=missing).only("name"))
    results: dict[int, list[Result]] = defaultdict(list)
    for (system_id, organisation_id), found in sorted(latest.items(), key=lambda item: (
            item[0][0], organisations[item[0][1]].name, item[0][1])):
        results[system_id].append(Result(organisations[organisation_id], found))
    return results


def _home(system_ids: list[int], systems: dict[int, Site], usages: dict,
          organisation_id: int) -> int:
    """The installation a contract's row for an organisation belongs to: the one it owns, else
    one it uses, else the first."""
    for system_id in system_ids:
        if systems[system_id].organisation_id == organisation_id:
            return system_id
    for system_id in system_ids:
        if any(org == organisation_id for org, _n in usages[system_id]):
            return system_id
    return system_ids[0]


def report(user, *, year: int | None = None, cooperation: Organisation | None = None,
           on: datetime.date | None = None, capability_id: int | None = None,
           visibility: Visibility | None = None) -> Report:
    on = on or timezone.localdate()
    year = year or default_year()
    visibility = visibility or Visibility(user)
    scope = scope_ids(cooperation, on)
    organisations: dict[int, Organisation] = {}
    systems, usages = _systems(user, scope, capability_id, organisations)
    by_pk = {s.pk: s for s in systems}
    installations = {s.pk: Installation(s, usages=sorted(
        ((organisations[org], n) for org, n in usages[s.pk] if scope is None or org in scope),
        key=lambda row: (row[0].name, row[0].pk))) for s in systems}
    contracts, links = _contracts(user, _ids(user, scope, capability_id), organisations)
    lines = {}
    for pk, contract in contracts.items():
        t = terms.terms_of(contract)
        contract._terms_cache = t  # as terms.summary does: the parties' amounts read it again
        lines[pk] = ContractLine(contract, dates(t, on), t)
    parties = _parties(contracts)
    invoiced = reconciliation.scoped(user, year=year).filter(
        contract_id__in=list(contracts)).values_list("contract_id", "organisation_id",
                                                     "invoiced_ore").order_by()
    for contract_id, organisation_id, value in invoiced:
        if scope is not None and organisation_id not in scope:
            continue
        home = installations[_home(links[contract_id], by_pk, usages, organisation_id)]
        home.invoiced.add(value, visibility.invoiced(contracts[contract_id], organisation_id))
    for contract in contracts.values():
        system_ids = links[contract.pk]
        for system_id in system_ids:
            installations[system_id].contracts.append(lines[contract.pk])
        for party in parties[contract.pk]:
            if scope is not None and party.organisation_id not in scope:
                continue
            home = installations[_home(system_ids, by_pk, usages, party.organisation_id)]
            home.contracted.add(contracted_amount_ore(party, year), visibility.prices(contract))
    for system_id, results in _latest_results(user, _ids(user, scope, capability_id), scope,
                                              organisations).items():
        installations[system_id].results = results
    return Report(year=year, on=on, cooperation=cooperation,
                  groups=_groups(installations.values(), links, on))


def _groups(installations, links, on) -> list[Group]:
    groups: dict[int, Group] = {}
    for item in installations:
        capability = item.system.capability
        group = groups.setdefault(capability.pk, Group(capability))
        group.installations.append(item)
        group.contracted.merge(item.contracted)
        group.invoiced.merge(item.invoiced)
    for group in groups.values():
        group.installations.sort(key=lambda i: (
            i.product.name if i.product else "", i.system.organisation.name, i.system.name,
            i.system.pk))
        seen: dict[int, ContractLine] = {}
        for item in group.installations:
            item.contracts.sort(key=lambda line: (line.contract.title, line.contract.pk))
            for line in item.contracts:
                if line.running:
                    seen.setdefault(line.contract.pk, line)
        group.contracts = sorted(seen.values(), key=lambda line: (line.contract.title,
                                                                  line.contract.pk))
        group.window = common_window(
            [(line.contract.pk, line.terms or terms.terms_of(line.contract))
             for line in group.contracts], on)
    return sorted(groups.values(), key=lambda g: (not g.candidate, g.capability.name,
                                                  g.capability.pk))
