"""The consolidation finder for the whole country in summary: per capability the number of
installations, products, organisations (owners and users) and users, the running contracts and
those outside their agreed term, and the two flags (several products; one product in several
installations). Counted in SQL over the same installations and contracts as the detail
(`consolidation.report`), so each figure equals the detail's for the same capability; the
installations themselves are read per capability (`report(capability_id=...)`).

Confidentiality: no amount is read, so no hidden price can move a count, a flag or the order.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone

from samverkan.contracts import terms
from samverkan.contracts.models import Contract
from samverkan.portfolio.models import Capability, SystemUsage

from .consolidation import installations_of, scope_ids

# a cooperation with more installations than this is shown in summary per capability, as the
# whole country is, each capability linking to its detail
DETAIL_LIMIT = 300


def summarised(user, cooperation, on: datetime.date) -> bool:
    """Whether the finder of `cooperation` (None: the whole country) is shown in summary."""
    if cooperation is None:
        return True
    return installations_of(user, scope_ids(cooperation, on)).count() > DETAIL_LIMIT


@dataclass
class CapabilityRow:
    capability: Capability
    installations: int = 0
    products: int = 0
    organisations: int = 0
    users: int | None = None
    contracts_running: int = 0
    contracts_outside_term: int = 0
    shared_products: int = 0  # products in more than one installation

    @property
    def several_products(self) -> bool:
        return self.products > 1

    @property
    def candidate(self) -> bool:
        return self.several_products or self.shared_products > 0

    @property
    def contracts_within_term(self) -> int:
        return self.contracts_running - self.contracts_outside_term


@dataclass
class Summary:
    on: datetime.date
    rows: list[CapabilityRow]

    @property
    def candidates(self) -> list[CapabilityRow]:
        return [r for r in self.rows if r.candidate]


def _contract_counts(user, systems, rows: dict[int, CapabilityRow], on: datetime.date) -> None:
    """Running contracts per capability (each once) and those passively extended, from their
    dates as the detail reads them (one row per contract and capability with its terms)."""
    contracts = Contract.objects.for_user(user).filter(archived_at__isnull=True)
    linked = contracts.filter(systems__in=systems.values("pk"))
    found = terms.terms_of_rows(contracts, linked, ("pk", "systems__capability_id"), "")
    kinds: dict[int, terms.StatusKind] = {}
    for (contract_id, capability_id), t in found.items():
        kind = kinds.get(contract_id)
        if kind is None:
            kind = kinds[contract_id] = terms.status_kind(t, on)
        if kind == terms.StatusKind.EXPIRED:
            continue
        row = rows[capability_id]
        row.contracts_running += 1
        row.contracts_outside_term += kind == terms.StatusKind.PASSIVELY_EXTENDED


def _installation_counts(systems, rows: dict[int, CapabilityRow]) -> None:
    """Installations, products and products in more than one installation per capability,
    from one count per capability and product."""
    for capability_id, product_id, n in systems.values("capability_id", "product_id").annotate(
            n=Count("pk")).values_list("capability_id", "product_id", "n").order_by():
        row = rows.setdefault(capability_id, CapabilityRow(capability_id))
        row.installations += n
        if product_id is not None:
            row.products += 1
            row.shared_products += n > 1


def _member_counts(systems, rows: dict[int, CapabilityRow], scope: set[int] | None) -> None:
    """Organisations owning or using an installation, and the known users, per capability
    (of a cooperation: the use by its members, as the detail counts it)."""
    members = defaultdict(set)
    for capability_id, organisation_id in systems.values_list(
            "capability_id", "organisation_id").distinct().order_by():
        members[capability_id].add(organisation_id)
    usages = SystemUsage.objects.filter(system__in=systems.values("pk"))
    if scope is not None:
        usages = usages.filter(organisation_id__in=scope)
    for capability_id, organisation_id, users in usages.values(
            "system__capability_id", "organisation_id").annotate(n=Sum("users")).values_list(
            "system__capability_id", "organisation_id", "n").order_by():
        members[capability_id].add(organisation_id)
        if users is not None:
            row = rows[capability_id]
            row.users = (row.users or 0) + users
    for capability_id, found in members.items():
        rows[capability_id].organisations = len(found)


def summary(user, *, on: datetime.date | None = None,
            scope: set[int] | None = None) -> Summary:
    """Of the whole country, or (`scope`: a cooperation and its members) of a cooperation too
    large to show every installation on one page."""
    on = on or timezone.localdate()
    systems = installations_of(user, scope)
    rows: dict[int, CapabilityRow] = {}  # the capability is set once every count is read
    _installation_counts(systems, rows)
    _member_counts(systems, rows, scope)
    _contract_counts(user, systems, rows, on)
    for capability in Capability.objects.filter(pk__in=list(rows)).select_related("parent"):
        rows[capability.pk].capability = capability
    return Summary(on, sorted(rows.values(), key=lambda r: (
        not r.candidate, r.capability.name, r.capability.pk)))
