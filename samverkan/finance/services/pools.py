"""Cost pools: their amount, their participants, the split (previewed and approved)."""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.formatting import format_number
from samverkan.organisations.models import Organisation

from .. import allocation
from ..allocation import AllocationError
from ..models import (
    Budget,
    CostPool,
    Distribution,
    DistributionLine,
    KeyVersion,
    PoolParticipant,
    ServicePrice,
    key_text,
)
from .catalogue import service_charges
from .common import StaleComputation, actual_cost_ore, money
from .keys import PopulationFacts, key_bases, population_facts, version_for

# -- pools -----------------------------------------------------------------------------------------

@dataclass
class Line:
    organisation: Organisation
    basis_value: Decimal | None
    basis_text: str
    basis_detail: list
    share_percent: Decimal
    full_ore: int
    amount_ore: int
    extra_ore: int = 0
    remainder: Decimal = Decimal(0)
    reduction_text: str = ""
    population_year: int | None = None  # the year whose population the share used

    @property
    def adjustment_ore(self) -> int:
        return self.amount_ore - self.full_ore


@dataclass
class Computation:
    """A pool's split as it would be approved now."""

    pool: CostPool
    total_ore: int
    amount_source: str
    lines: list[Line]
    explanation: list[str]
    version: KeyVersion | None = None
    key_label: str = ""
    population: PopulationFacts = field(default_factory=PopulationFacts)

    @property
    def fingerprint(self) -> str:
        """What the approval stands for: the amounts, the key version and the bases (the
        numbers, not their wording)."""
        payload = [self.total_ore, self.version.pk if self.version else None,
                   [(line.organisation.pk, line.amount_ore, line.full_ore,
                     [(d["component"], d["weight"], d["value"], d.get("year"))
                      for d in line.basis_detail],
                     str(line.basis_value), line.reduction_text) for line in self.lines]]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()

    @property
    def key_text(self) -> str:
        return key_text(self.pool.key if self.version else None, self.key_label)

    @property
    def lines_total_ore(self) -> int:
        return sum(line.amount_ore for line in self.lines)


def pool_amount(pool: CostPool) -> tuple[int, str]:
    """The amount to split (öre) and where it comes from, in words."""
    source = pool.source
    if source == CostPool.Source.FIXED:
        return pool.amount_ore or 0, _("Fast belopp enligt beslut%(decision)s") % {
            "decision": f": {pool.decision}" if pool.decision else ""}
    if source == CostPool.Source.BUDGET:
        budget = Budget.objects.filter(management_object=pool.management_object_id,
                                       year=pool.year, archived_at__isnull=True).first()
        if budget is None:
            raise AllocationError(_("%(object)s har ingen budget för %(year)s.") % {
                "object": pool.management_object, "year": pool.year})
        lines = budget.lines.all()
        if pool.category:
            lines = lines.filter(category=pool.category)
        total = lines.aggregate(total=Sum("amount_ore"))["total"] or 0
        what = pool.get_category_display() if pool.category else _("alla kostnadsslag")
        return total, _("Budget %(year)s för %(object)s, %(what)s") % {
            "year": pool.year, "object": pool.management_object, "what": what}
    if source == CostPool.Source.SERVICE_BUDGET:
        price = ServicePrice.objects.filter(service=pool.service_id, year=pool.year).first()
        if price is None or price.budget_ore is None:
            raise AllocationError(_("Tjänsten %(service)s har ingen budget för %(year)s.") % {
                "service": pool.service, "year": pool.year})
        return price.budget_ore, _("Budget %(year)s för tjänsten %(service)s") % {
            "year": pool.year, "service": pool.service}
    if source == CostPool.Source.SERVICE_VOLUME:
        charges = service_charges(pool.service, pool.year)
        return sum(c.charge_ore for c in charges), _(
            "Volymer %(year)s × pris för tjänsten %(service)s") % {"year": pool.year,
                                                                   "service": pool.service}
    total = actual_cost_ore(seen_by=pool.organisation_id, year=pool.year,
                            organisation=pool.ledger_organisation,
                            contract=pool.contract, management_object=pool.management_object,
                            system=pool.system, category=pool.category or None)
    filters = [str(x) for x in (pool.ledger_organisation, pool.contract, pool.management_object,
                                pool.system) if x is not None]
    if pool.category:
        filters.append(pool.get_category_display())
    return total, _("Utfall %(year)s enligt huvudboken: %(filters)s") % {
        "year": pool.year, "filters": ", ".join(filters)}


def participants(pool: CostPool) -> list[PoolParticipant]:
    return list(pool.participants.select_related("organisation"))


def _claim(participant: PoolParticipant, weight: Fraction) -> allocation.Claim:
    reduction = None
    kind = participant.reduction
    if kind:
        reduction = allocation.Reduction(
            kind={"exempt": allocation.EXEMPT, "percent": allocation.PERCENT,
                  "amount": allocation.AMOUNT}[kind],
            percent=participant.reduction_percent, amount_ore=participant.reduction_ore,
            reason=participant.reason)
    return allocation.Claim(participant.organisation_id, participant.organisation.name, weight,
                            reduction)


def compute(pool: CostPool) -> Computation:
    """The split of `pool` as it stands now. Raises AllocationError with a message for people."""
    if pool.source == CostPool.Source.SERVICE_VOLUME:
        return _compute_volume_pool(pool)
    members = participants(pool)
    if not members:
        raise AllocationError(_("Poolen har inga deltagare. Lägg till de organisationer som delar "
                                "på kostnaden."))
    if pool.key_id is None:
        raise AllocationError(_("Poolen har ingen fördelningsnyckel."))
    total, source_text = pool_amount(pool)
    version = version_for(pool.key, pool.key_date)
    bases = key_bases(version, [p.organisation for p in members], pool.year)
    result = allocation.split(total, [_claim(p, bases[p.organisation_id].weight) for p in members])
    organisations = {p.organisation_id: p.organisation for p in members}
    lines = [Line(organisation=organisations[s.id], basis_value=bases[s.id].value,
                  basis_text=bases[s.id].text, basis_detail=bases[s.id].detail,
                  share_percent=s.share_percent, full_ore=s.full_ore, amount_ore=s.amount_ore,
                  extra_ore=s.extra_ore,
                  remainder=allocation.fraction_to_decimal(s.remainder, 8),
                  reduction_text=s.reduction.describe() if s.reduction else "",
                  population_year=bases[s.id].population.used_year
                  if bases[s.id].population else None)
             for s in result.shares]
    facts = population_facts(bases, pool.year, {o: org.name for o, org in organisations.items()})
    return Computation(pool, total, source_text, lines, result.explanation(), version,
                       version.label, facts)


def preview(pool: CostPool) -> tuple[Computation | None, str]:
    try:
        return compute(pool), ""
    except AllocationError as exc:
        return None, str(exc)


def _compute_volume_pool(pool: CostPool) -> Computation:
    charges = service_charges(pool.service, pool.year)
    if not charges:
        raise AllocationError(_("Inga volymer är registrerade för %(service)s %(year)s.") % {
            "service": pool.service, "year": pool.year})
    total = sum(c.charge_ore for c in charges)
    unit = pool.service.unit
    lines = []
    for charge in charges:
        share = Fraction(charge.charge_ore, total) * 100 if total else Fraction(0)
        lines.append(Line(
            organisation=charge.organisation, basis_value=charge.volume,
            basis_text=_("%(volume)s %(unit)s × %(price)s") % {
                "volume": format_number(charge.volume, 3).rstrip("0").rstrip(","), "unit": unit,
                "price": money(charge.unit_price_ore)},
            basis_detail=[], share_percent=allocation.fraction_to_decimal(share, 8),
            full_ore=charge.charge_ore, amount_ore=charge.charge_ore))
    explanation = [_("Varje organisations avgift är dess volym för året × priset per enhet, avrundat "
                     "till närmaste öre (ett halvt öre avrundas uppåt). Poolens belopp är summan "
                     "av avgifterna, så ingen fördelning eller utjämning behövs.")]
    _total, source_text = total, _("Volymer %(year)s × pris för tjänsten %(service)s") % {
        "year": pool.year, "service": pool.service}
    label = _("Faktisk förbrukning (volym × pris)")
    return Computation(pool, total, source_text, lines, explanation, None, label)


@transaction.atomic
def set_participants(user, pool: CostPool, organisations) -> None:
    """Make exactly `organisations` the pool's participants (keeping reductions of those that
    stay)."""
    wanted = {o.pk: o for o in organisations}
    for participant in pool.participants.all():
        if participant.organisation_id not in wanted:
            core_services.delete_child(user, participant, pool)
        else:
            wanted.pop(participant.organisation_id)
    for organisation in wanted.values():
        core_services.save_child(user, PoolParticipant(pool=pool, organisation=organisation), pool)


@transaction.atomic
def replace_participants(user, pool: CostPool, items: list[dict]) -> None:
    """Make the pool's participants exactly `items` ({organisation, reduction, reduction_percent,
    reduction_ore, reason}), each validated and saved as a change of the pool."""
    core_services.check_can(user, permissions.CHANGE, pool)
    wanted = {item["organisation"].pk: item for item in items}
    for participant in pool.participants.all():
        if participant.organisation_id not in wanted:
            core_services.delete_child(user, participant, pool)
    existing = {p.organisation_id: p for p in pool.participants.all()}
    for organisation_id, item in wanted.items():
        participant = existing.get(organisation_id) or PoolParticipant(pool=pool)
        for name, value in item.items():
            setattr(participant, name, value)
        participant.reduction = participant.reduction or ""
        core_services.save_child(user, participant, pool)


@transaction.atomic
def approve(user, pool: CostPool, *, fingerprint: str | None = None) -> Distribution:
    """Fastställ: store the split as it is now, superseding any earlier approval of the pool."""
    pool = CostPool.objects.select_for_update().get(pk=pool.pk)
    core_services.check_can(user, permissions.CHANGE, pool)
    computation = compute(pool)
    if fingerprint and fingerprint != computation.fingerprint:
        raise StaleComputation()
    if computation.lines_total_ore != computation.total_ore:  # pragma: no cover - by construction
        raise AssertionError("split does not add up")
    current = pool.distributions.filter(status=Distribution.Status.APPROVED).first()
    if current is not None and current.fingerprint == computation.fingerprint:
        raise AllocationError(_("Fördelningen är redan fastställd med exakt dessa belopp."))
    now = timezone.now()
    if current is not None:
        current.status = Distribution.Status.SUPERSEDED
        current.superseded_at = now
        current.save(update_fields=["status", "superseded_at"])
    version = computation.version
    distribution = Distribution.objects.create(
        pool=pool, year=pool.year, total_ore=computation.total_ore, pool_name=pool.name,
        amount_source=computation.amount_source[:500], key=pool.key, key_version=version,
        key_label=computation.key_label[:500],
        key_valid_from=version.valid_from if version else None,
        population_year=computation.population.year,
        population_source=computation.population.source[:300],
        population_note=computation.population.note[:500],
        decision=pool.decision, explanation=computation.explanation,
        member_ids=sorted(line.organisation.pk for line in computation.lines),
        fingerprint=computation.fingerprint, approved_at=now, approved_by=user)
    DistributionLine.objects.bulk_create([
        DistributionLine(distribution=distribution, organisation=line.organisation,
                         basis_value=line.basis_value, basis_text=line.basis_text[:500],
                         basis_detail=line.basis_detail, share_percent=line.share_percent,
                         full_ore=line.full_ore, amount_ore=line.amount_ore,
                         extra_ore=line.extra_ore, remainder=line.remainder,
                         reduction_text=line.reduction_text[:400],
                         population_year=line.population_year)
        for line in computation.lines])
    if current is not None:
        current.superseded_by = distribution
        current.save(update_fields=["superseded_by"])
    return distribution


def current_distribution(pool: CostPool) -> Distribution | None:
    return pool.distributions.filter(status=Distribution.Status.APPROVED).first()
