"""The service catalogue: charges from prices and volumes, and budget shares compared with actual
use."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from samverkan.organisations.models import Organisation

from .. import allocation
from ..allocation import AllocationError
from ..models import (
    AllocationKey,
    Service,
    ServicePrice,
    ServiceVolume,
    key_text,
)
from .common import actual_cost_ore, default_participants
from .keys import key_bases, version_for


@dataclass
class Charge:
    organisation: Organisation
    volume: Decimal
    unit_price_ore: int
    charge_ore: int


def charge_for(volume: Decimal, unit_price_ore: int) -> int:
    """volume × price, rounded to the nearest öre (half an öre up): exact to the öre."""
    return int((Decimal(volume) * unit_price_ore).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def service_charges(service, year: int, volumes=None) -> list[Charge]:
    """Each organisation's charge for a service in a year: its total volume × the year's price,
    rounded once per organisation and year."""
    price = ServicePrice.objects.filter(service=service, year=year).first()
    if price is None:
        raise AllocationError(_("Tjänsten %(service)s har inget pris för %(year)s.") % {
            "service": service, "year": year})
    if volumes is None:
        volumes = ServiceVolume.objects.filter(service=service, year=year)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    organisations = {}
    for volume in volumes.select_related("organisation"):
        totals[volume.organisation_id] += volume.volume
        organisations[volume.organisation_id] = volume.organisation
    charges = [Charge(organisations[k], v, price.unit_price_ore, charge_for(v, price.unit_price_ore))
               for k, v in totals.items()]
    return sorted(charges, key=lambda c: allocation.swedish_sort_key(c.organisation.name))


# -- service catalogue: budget shares against actual use -------------------------------------------

@dataclass
class ComparisonRow:
    organisation: Organisation
    budget_share_ore: int
    volume_charge_ore: int
    actual_share_ore: int | None

    @property
    def volume_difference_ore(self) -> int:
        return self.volume_charge_ore - self.budget_share_ore

    @property
    def actual_difference_ore(self) -> int | None:
        return None if self.actual_share_ore is None else self.actual_share_ore - self.budget_share_ore


@dataclass
class Comparison:
    year: int
    budget_ore: int
    volume_ore: int
    actual_ore: int | None
    rows: list[ComparisonRow]
    key_label: str
    error: str = ""
    per_service: list[dict] = field(default_factory=list)


def compare_charging(issuer: Organisation, year: int, key: AllocationKey | None) -> Comparison:
    """What each member pays in a year under three models (the seed report's question):

    1. budget shares in advance: the catalogue's total budget split by a key;
    2. actual use: volumes × prices;
    3. actual cost: the provider's actual cost in the ledger, split in proportion to use.
    """
    services = list(Service.objects.filter(organisation=issuer, archived_at__isnull=True))
    prices = {p.service_id: p for p in ServicePrice.objects.filter(service__in=services, year=year)}
    volume_by_org: dict[int, int] = defaultdict(int)
    organisations: dict[int, Organisation] = {}
    per_service = []
    for service in services:
        if service.pk not in prices:
            continue
        charges = service_charges(service, year)
        for charge in charges:
            volume_by_org[charge.organisation.pk] += charge.charge_ore
            organisations[charge.organisation.pk] = charge.organisation
        per_service.append({"service": service, "price": prices[service.pk],
                            "budget_ore": prices[service.pk].budget_ore or 0,
                            "volume_ore": sum(c.charge_ore for c in charges)})
    budget_total = sum(p.budget_ore or 0 for p in prices.values())
    volume_total = sum(volume_by_org.values())
    actual = actual_cost_ore(seen_by=issuer.pk, year=year, organisation=issuer)
    comparison = Comparison(year, budget_total, volume_total, actual, [], "",
                            per_service=per_service)
    members = {o.pk: o for o in default_participants(issuer, year)}
    members.update(organisations)
    if not members:
        comparison.error = _("Inga medlemmar eller volymer för %(year)s.") % {"year": year}
        return comparison
    budget_shares: dict[int, int] = dict.fromkeys(members, 0)
    try:
        if key is None:
            raise AllocationError(_("Välj en fördelningsnyckel för budgetandelarna."))
        version = version_for(key, datetime.date(year, 1, 1))
        comparison.key_label = key_text(key, version.label)
        bases = key_bases(version, list(members.values()), year)
        result = allocation.split(budget_total, [allocation.Claim(k, o.name, bases[k].weight)
                                                 for k, o in members.items()])
        budget_shares = {s.id: s.amount_ore for s in result.shares}
    except AllocationError as exc:
        comparison.error = str(exc)
    actual_shares = None
    if actual and volume_total:
        result = allocation.split(actual, [allocation.Claim(k, o.name, volume_by_org.get(k, 0))
                                           for k, o in members.items()])
        actual_shares = {s.id: s.amount_ore for s in result.shares}
    for key_id, organisation in sorted(members.items(),
                                       key=lambda kv: allocation.swedish_sort_key(kv[1].name)):
        comparison.rows.append(ComparisonRow(
            organisation, budget_shares.get(key_id, 0), volume_by_org.get(key_id, 0),
            actual_shares.get(key_id) if actual_shares is not None else None))
    return comparison
