"""Financing as plain functions: the bases a key gives each member, a pool's amount, the split
(previewed and approved), service charges, invoicing bases, budgets against outcome, and the
comparison of budget shares with actual use. Views, the API and the demo call these.

Every split goes through `allocation.split` (largest remainder, exact to the öre).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.formatting import format_money, format_number, ore_to_kronor
from samverkan.ledger import services as ledger_services
from samverkan.organisations.models import Organisation, Population
from samverkan.portfolio.models import SystemUsage

from . import allocation
from .allocation import AllocationError
from .models import (
    AllocationKey,
    Budget,
    CostCategory,
    CostPool,
    Distribution,
    DistributionLine,
    InvoicingBasis,
    InvoicingBasisLine,
    KeyShare,
    KeyVersion,
    PoolParticipant,
    ServicePrice,
    ServiceVolume,
)


class StaleComputation(Exception):
    """The figures changed between the preview the user saw and the approval."""

    def __init__(self):
        super().__init__(_("Underlaget har ändrats sedan du såg förhandsvisningen. Granska den nya "
                           "fördelningen och fastställ igen."))


def money(ore: int | None) -> str:
    return format_money(ore_to_kronor(ore)) if ore is not None else ""


# -- the ledger ------------------------------------------------------------------------------------

def actual_cost_ore(*, year: int, organisation=None, contract=None, management_object=None,
                    system=None, category: str | None = None) -> int:
    """Actual cost in öre from the matched ledger lines (the ledger's summaries). It applies no
    user permissions: a pool's organisation sees the amounts it invoices."""
    return ledger_services.actual_cost_ore(
        year=year, organisation=organisation, contract=contract,
        management_object=management_object, system=system, category=category or None)


# -- keys: what each member's basis is -------------------------------------------------------------

@dataclass
class Basis:
    """One member's basis under a key version, with what a person reads about it."""

    weight: Fraction
    value: Decimal | None
    text: str
    detail: list[dict] = field(default_factory=list)


def version_for(key: AllocationKey, day: datetime.date) -> KeyVersion:
    version = key.version_on(day)
    if version is None:
        raise AllocationError(_("Nyckeln ”%(key)s” har ingen version som gäller %(day)s. Lägg till "
                                "en version som gäller från det datumet eller tidigare.")
                              % {"key": key, "day": day.isoformat()})
    return version


def _names(organisations) -> str:
    names = sorted((str(o) for o in organisations), key=allocation.swedish_sort_key)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def population_bases(year: int, organisations: list[Organisation]) -> dict[int, Population]:
    """That year's population for every member; a missing figure is an error, never another
    year's figure."""
    found = {p.organisation_id: p for p in Population.objects.filter(
        organisation__in=[o.pk for o in organisations], year=year)}
    missing = [o for o in organisations if o.pk not in found]
    if missing:
        raise AllocationError(_(
            "Folkmängd för %(year)s saknas för %(names)s. Lägg in siffran under Organisationer → "
            "Folkmängd, eller låt nyckeln bygga på ett år som finns för alla deltagare.")
            % {"year": year, "names": _names(missing)})
    return found


def user_bases(version: KeyVersion, organisations: list[Organisation]) -> dict[int, int]:
    """Users of the key's system per member; a member without a usage row uses it not at all
    (0), a usage row without a number is an error."""
    usages = {u.organisation_id: u for u in SystemUsage.objects.filter(
        system=version.system_id, organisation__in=[o.pk for o in organisations])}
    unknown = [o for o in organisations if o.pk in usages and usages[o.pk].users is None]
    if unknown:
        raise AllocationError(_("Antal användare av %(system)s saknas för %(names)s. Fyll i det på "
                                "systemets sida.") % {"system": version.system,
                                                       "names": _names(unknown)})
    return {o.pk: usages[o.pk].users if o.pk in usages else 0 for o in organisations}


def custom_bases(version: KeyVersion, organisations: list[Organisation]) -> dict[int, Decimal]:
    shares = {s.organisation_id: s for s in version.shares.select_related("organisation")}
    ids = {o.pk for o in organisations}
    missing = [o for o in organisations if o.pk not in shares]
    extra = [s.organisation for key, s in shares.items() if key not in ids]
    if missing:
        raise AllocationError(_("Nyckeln har ingen procentsats för %(names)s.")
                              % {"names": _names(missing)})
    if extra:
        raise AllocationError(_("Nyckeln har procentsatser för %(names)s, som inte deltar. "
                                "Procentsatserna gäller bara när just de organisationer som finns i "
                                "nyckeln deltar.") % {"names": _names(extra)})
    return {key: shares[key].percent for key in ids}


def _population_text(population: Population, version: KeyVersion) -> str:
    """'11 405 invånare 2025'; the source too when it is not the one the key names."""
    text = _("%(n)s invånare %(year)s") % {"n": format_number(population.inhabitants),
                                           "year": population.year}
    if population.source and population.source != version.population_source:
        text = f"{text} ({population.source})"
    return text


def key_bases(version: KeyVersion, organisations: list[Organisation]) -> dict[int, Basis]:
    """Each member's weight under `version` and how to describe it."""
    organisations = list(organisations)
    ids = [o.pk for o in organisations]
    raw: dict[str, dict[int, Fraction | int | Decimal]] = {}
    texts: dict[str, dict[int, str]] = {}
    for name, _weight in version.components():
        if name == "population":
            found = population_bases(version.population_year, organisations)
            raw[name] = {k: p.inhabitants for k, p in found.items()}
            texts[name] = {k: _population_text(p, version) for k, p in found.items()}
        elif name == "users":
            raw[name] = user_bases(version, organisations)
            texts[name] = {k: _("%(n)s användare av %(system)s") % {
                "n": format_number(n), "system": version.system} for k, n in raw[name].items()}
        elif name == "custom":
            raw[name] = custom_bases(version, organisations)
            texts[name] = {k: _("%(p)s %% enligt nyckeln") % {"p": format_number(p, 2)}
                           for k, p in raw[name].items()}
        else:
            raw[name] = dict.fromkeys(ids, 1)
            texts[name] = dict.fromkeys(ids, _("lika delar (1 av %(n)s)") % {"n": len(ids)})
    components = version.components()
    weights = allocation.combine([(w, raw[name]) for name, w in components], ids)
    result = {}
    for key in ids:
        detail = [{"component": name, "weight": str(w), "value": str(raw[name][key]),
                   "text": texts[name][key]} for name, w in components]
        if len(components) == 1:
            name = components[0][0]
            value, text = Decimal(raw[name][key]), texts[name][key]
        else:
            value = None
            text = " + ".join(_("%(w)s %% × %(text)s") % {"w": format_number(w), "text": texts[n][key]}
                              for n, w in components)
        result[key] = Basis(weights[key], value, text, detail)
    return result


def check_custom_total(percentages) -> None:
    total = sum((Decimal(p) for p in percentages), Decimal(0))
    if total != 100:
        raise AllocationError(_("Procentsatserna ska bli 100 %% tillsammans (nu %(total)s %%).")
                              % {"total": format_number(total, 4)})


@transaction.atomic
def save_key_version(user, version: KeyVersion, shares: list[tuple[Organisation, Decimal]]) -> KeyVersion:
    """Create or change a key version (with its custom percentages), as one change of the key.

    A version that an approved distribution used is never changed: make a new version instead.
    """
    key = version.key
    core_services.check_can(user, permissions.CHANGE, key)
    if version.pk and Distribution.objects.filter(key_version=version).exists():
        raise AllocationError(_("Versionen har använts i en fastställd fördelning och kan inte "
                                "ändras. Lägg till en ny version från det datum ändringen gäller."))
    uses_custom = version.method == KeyVersion.Method.CUSTOM or (
        version.method == KeyVersion.Method.MIXED and version.custom_weight)
    if uses_custom:
        organisations = [org for org, _p in shares]
        if len({o.pk for o in organisations}) != len(organisations):
            raise AllocationError(_("Samma organisation finns flera gånger bland procentsatserna."))
        check_custom_total(p for _o, p in shares)
    version.full_clean()
    if version.population_year and not version.population_source:
        sources = sorted(set(Population.objects.filter(year=version.population_year)
                             .values_list("source", flat=True)))
        version.population_source = "; ".join(sources)[:200]
    core_services.save_child(user, version, key)
    version.shares.all().delete()
    if uses_custom:
        for organisation, percent in shares:
            KeyShare.objects.create(version=version, organisation=organisation, percent=percent)
    return version


def versions_with_end(key: AllocationKey) -> list[tuple[KeyVersion, datetime.date | None]]:
    """Versions newest first, each with the day before the next one starts (None: still valid)."""
    versions = sorted(key.versions.all(), key=lambda v: v.valid_from)
    result = []
    for index, version in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        result.append((version, following.valid_from - datetime.timedelta(days=1)
                       if following else None))
    return list(reversed(result))


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

    @property
    def fingerprint(self) -> str:
        """What the approval stands for: the amounts, the key version and the bases (the
        numbers, not their wording)."""
        payload = [self.total_ore, self.version.pk if self.version else None,
                   [(line.organisation.pk, line.amount_ore, line.full_ore,
                     [(d["component"], d["weight"], d["value"]) for d in line.basis_detail],
                     str(line.basis_value), line.reduction_text) for line in self.lines]]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()

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
    total = actual_cost_ore(year=pool.year, organisation=pool.ledger_organisation,
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
    bases = key_bases(version, [p.organisation for p in members])
    result = allocation.split(total, [_claim(p, bases[p.organisation_id].weight) for p in members])
    organisations = {p.organisation_id: p.organisation for p in members}
    lines = [Line(organisation=organisations[s.id], basis_value=bases[s.id].value,
                  basis_text=bases[s.id].text, basis_detail=bases[s.id].detail,
                  share_percent=s.share_percent, full_ore=s.full_ore, amount_ore=s.amount_ore,
                  extra_ore=s.extra_ore,
                  remainder=allocation.fraction_to_decimal(s.remainder, 8),
                  reduction_text=s.reduction.describe() if s.reduction else "")
             for s in result.shares]
    return Computation(pool, total, source_text, lines, result.explanation(), version,
                       version.label)


def preview(pool: CostPool) -> tuple[Computation | None, str]:
    try:
        return compute(pool), ""
    except AllocationError as exc:
        return None, str(exc)


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


def default_participants(organisation: Organisation, year: int):
    """A cooperation's members on 1 January of the year (the usual participants)."""
    return organisation.members_on(datetime.date(year, 1, 1)).order_by("name")


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
        population_year=version.population_year if version else None,
        population_source=version.population_source if version else "",
        decision=pool.decision, explanation=computation.explanation,
        fingerprint=computation.fingerprint, approved_at=now, approved_by=user)
    DistributionLine.objects.bulk_create([
        DistributionLine(distribution=distribution, organisation=line.organisation,
                         basis_value=line.basis_value, basis_text=line.basis_text[:500],
                         basis_detail=line.basis_detail, share_percent=line.share_percent,
                         full_ore=line.full_ore, amount_ore=line.amount_ore,
                         extra_ore=line.extra_ore, remainder=line.remainder,
                         reduction_text=line.reduction_text[:400])
        for line in computation.lines])
    if current is not None:
        current.superseded_by = distribution
        current.save(update_fields=["superseded_by"])
    return distribution


def current_distribution(pool: CostPool) -> Distribution | None:
    return pool.distributions.filter(status=Distribution.Status.APPROVED).first()


# -- invoicing bases -------------------------------------------------------------------------------

@dataclass
class Pending:
    line: DistributionLine
    is_credit: bool

    @property
    def amount_ore(self) -> int:
        return -self.line.amount_ore if self.is_credit else self.line.amount_ore


def pending_lines(issuer: Organisation, year: int, recipient: Organisation | None = None) -> list[Pending]:
    """Approved lines not yet invoiced, and invoiced lines of superseded approvals not yet credited."""
    lines = DistributionLine.objects.filter(
        distribution__pool__organisation=issuer, distribution__year=year,
    ).select_related("distribution", "organisation")
    if recipient is not None:
        lines = lines.filter(organisation=recipient)
    debits = lines.filter(distribution__status=Distribution.Status.APPROVED).exclude(
        invoice_lines__is_credit=False)
    credits = lines.filter(distribution__status=Distribution.Status.SUPERSEDED,
                           invoice_lines__is_credit=False).exclude(invoice_lines__is_credit=True)
    pending = [Pending(line, True) for line in credits] + [Pending(line, False) for line in debits]
    return sorted(pending, key=lambda p: (allocation.swedish_sort_key(p.line.organisation.name),
                                          p.line.distribution.pool_name, not p.is_credit))


@transaction.atomic
def issue_bases(user, issuer: Organisation, year: int, voucher_date: datetime.date,
                recipient: Organisation | None = None) -> list[InvoicingBasis]:
    """One numbered invoicing basis per member with anything not yet invoiced."""
    if not permissions.can_act_for(user, permissions.ADD, issuer.pk):
        raise PermissionDenied(_("Du har inte behörighet att skapa debiteringsunderlag för %(org)s.")
                               % {"org": issuer})
    Organisation.objects.select_for_update().filter(pk=issuer.pk).first()  # serialise numbering
    grouped: dict[int, list[Pending]] = defaultdict(list)
    for item in pending_lines(issuer, year, recipient):
        grouped[item.line.organisation_id].append(item)
    number = (InvoicingBasis.objects.filter(issuer=issuer, year=year)
              .aggregate(n=Max("number"))["n"] or 0)
    bases = []
    for items in grouped.values():
        number += 1
        basis = InvoicingBasis.objects.create(
            issuer=issuer, recipient=items[0].line.organisation, year=year, number=number,
            voucher_date=voucher_date, total_ore=sum(i.amount_ore for i in items), created_by=user)
        InvoicingBasisLine.objects.bulk_create([_basis_line(basis, item) for item in items])
        bases.append(basis)
    return bases


def _basis_line(basis: InvoicingBasis, item: Pending) -> InvoicingBasisLine:
    line, distribution = item.line, item.line.distribution
    text = f"{distribution.pool_name} {distribution.year}"
    if item.is_credit:
        text = _("Kreditering: %(text)s (fastställd %(day)s, ersatt)") % {
            "text": text, "day": distribution.approved_at.strftime("%Y-%m-%d")}
    if line.reduction_text:
        text = f"{text} – {line.reduction_text}"
    return InvoicingBasisLine(basis=basis, distribution_line=line, is_credit=item.is_credit,
                              text=text[:300], key_label=distribution.key_label,
                              basis_text=line.basis_text, share_percent=line.share_percent,
                              amount_ore=item.amount_ore)


def basis_accounts(basis: InvoicingBasis):
    """The member's accounts for invoices from this issuer (or for all), or the defaults."""
    from .models import InvoiceAccounts

    settings = InvoiceAccounts.objects.filter(
        organisation=basis.recipient, archived_at__isnull=True
    ).filter(Q(issuer=basis.issuer) | Q(issuer__isnull=True)).order_by("issuer_id").first()
    if settings is not None and settings.issuer_id is None:
        specific = InvoiceAccounts.objects.filter(organisation=basis.recipient,
                                                  issuer=basis.issuer,
                                                  archived_at__isnull=True).first()
        settings = specific or settings
    return settings or InvoiceAccounts(organisation=basis.recipient, issuer=basis.issuer)


# -- summaries -------------------------------------------------------------------------------------

@dataclass
class MemberRow:
    organisation: Organisation
    amounts: dict[int, int]  # distribution id → öre
    total_ore: int
    previous_ore: int | None

    @property
    def change_ore(self) -> int | None:
        return None if self.previous_ore is None else self.total_ore - self.previous_ore


@dataclass
class Summary:
    year: int
    distributions: list[Distribution]
    rows: list[MemberRow]
    complete: bool  # False when the user sees only its own members' rows
    total_ore: int
    previous_total_ore: int

    @property
    def column_totals(self) -> list[int]:
        return [d.total_ore for d in self.distributions]

    @property
    def change_ore(self) -> int:
        return self.total_ore - self.previous_total_ore


def summary(user, year: int, issuer: Organisation | None = None, purpose: str | None = None) -> Summary:
    """Who pays what in a year from approved distributions, with last year for comparison.

    Totals are the cooperation's (everyone reads them); member rows are those the user may see."""
    approved = Distribution.objects.filter(status=Distribution.Status.APPROVED)
    if issuer is not None:
        approved = approved.filter(pool__organisation=issuer)
    if purpose:
        approved = approved.filter(pool__purpose=purpose)
    distributions = list(approved.filter(year=year).select_related("pool").order_by(
        "pool__purpose", "pool_name"))
    lines = DistributionLine.objects.for_user(user).filter(
        distribution__in=[d.pk for d in distributions]).select_related("organisation")
    previous = (DistributionLine.objects.for_user(user)
                .filter(distribution__in=approved.filter(year=year - 1))
                .values("organisation").annotate(total=Sum("amount_ore")))
    previous_by_org = {p["organisation"]: p["total"] for p in previous}
    rows: dict[int, MemberRow] = {}
    for line in lines:
        row = rows.setdefault(line.organisation_id, MemberRow(
            line.organisation, {}, 0, previous_by_org.get(line.organisation_id)))
        row.amounts[line.distribution_id] = line.amount_ore
        row.total_ore += line.amount_ore
    complete = user.is_superuser or all(permissions.reads_for(user, d.pool.organisation_id)
                                        for d in distributions)
    previous_total = approved.filter(year=year - 1).aggregate(t=Sum("total_ore"))["t"] or 0
    return Summary(year, distributions,
                   sorted(rows.values(), key=lambda r: allocation.swedish_sort_key(r.organisation.name)),
                   complete, sum(d.total_ore for d in distributions), previous_total)


# -- budgets ---------------------------------------------------------------------------------------

@dataclass
class CategoryRow:
    category: str
    label: str
    budget_ore: int
    forecast_ore: int | None
    outcome_ore: int

    @property
    def outcome_variance_ore(self) -> int:
        return self.outcome_ore - self.budget_ore

    @property
    def effective_forecast_ore(self) -> int:
        """The forecast, or the budget where none is entered."""
        return self.budget_ore if self.forecast_ore is None else self.forecast_ore

    @property
    def forecast_variance_ore(self) -> int:
        return self.effective_forecast_ore - self.budget_ore


@dataclass
class BudgetMemberRow:
    organisation: Organisation
    basis_text: str
    share_percent: Decimal
    budget_ore: int
    forecast_ore: int
    outcome_ore: int

    @property
    def variance_ore(self) -> int:
        return self.outcome_ore - self.budget_ore

    @property
    def forecast_variance_ore(self) -> int:
        return self.forecast_ore - self.budget_ore


@dataclass
class BudgetFollowUp:
    categories: list[CategoryRow]
    members: list[BudgetMemberRow]
    version: KeyVersion | None
    error: str
    closed: bool = False  # the year is over: the outcome is final and is what is compared
    hidden: int = 0  # ledger sums left out: prices confidential to the user

    @property
    def budget_ore(self) -> int:
        return sum(c.budget_ore for c in self.categories)

    @property
    def forecast_ore(self) -> int:
        """The forecast, with the budget where no forecast is entered."""
        return sum(c.effective_forecast_ore for c in self.categories)

    @property
    def outcome_ore(self) -> int:
        return sum(c.outcome_ore or 0 for c in self.categories)

    @property
    def variance_ore(self) -> int:
        if self.closed:
            return self.outcome_ore - self.budget_ore
        return self.forecast_ore - self.budget_ore


def budget_follow_up(budget: Budget, user, members=None) -> BudgetFollowUp:
    """Budget, forecast and outcome by category, and each member's part by the budget's key.

    The outcome is what the ledgers booked on the object's contracts, as the ledger shows it to
    `user` (amounts of contracts whose prices are confidential to the user are left out and
    counted). `members` share the object (default: members of its owner on 1 January)."""
    obj = budget.management_object
    outcome = ledger_services.outcome_by_category(user, obj, budget.year)
    booked = outcome["by_category"]
    lines = {line.category: line for line in budget.lines.all()}
    categories = [
        CategoryRow(value, label, lines[value].amount_ore if value in lines else 0,
                    lines[value].forecast_ore if value in lines else None, booked.get(value, 0))
        for value, label in CostCategory.choices if value in lines or booked.get(value)]
    follow_up = BudgetFollowUp(categories, [], None, "", closed=budget.year < datetime.date.today().year,
                               hidden=outcome["hidden"])
    if budget.key_id is None:
        follow_up.error = _("Budgeten har ingen fördelningsnyckel.")
        return follow_up
    members = list(members if members is not None else default_participants(obj.organisation,
                                                                             budget.year))
    if not members:
        follow_up.error = _("%(org)s har inga medlemmar att fördela på.") % {"org": obj.organisation}
        return follow_up
    try:
        version = version_for(budget.key, datetime.date(budget.year, 1, 1))
        bases = key_bases(version, members)
        claims = [allocation.Claim(o.pk, o.name, bases[o.pk].weight) for o in members]
        splits = [allocation.split(total, claims).by_id() for total in
                  (follow_up.budget_ore, follow_up.forecast_ore, follow_up.outcome_ore)]
    except AllocationError as exc:
        follow_up.error = str(exc)
        return follow_up
    follow_up.version = version
    for organisation in sorted(members, key=lambda o: allocation.swedish_sort_key(o.name)):
        budget_share, forecast_share, outcome_share = (split[organisation.pk] for split in splits)
        follow_up.members.append(BudgetMemberRow(
            organisation, bases[organisation.pk].text, budget_share.share_percent,
            budget_share.amount_ore, forecast_share.amount_ore, outcome_share.amount_ore))
    return follow_up


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
    from .models import Service

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
    actual = actual_cost_ore(year=year, organisation=issuer)
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
        comparison.key_label = version.label
        bases = key_bases(version, list(members.values()))
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


def visible_rows(user, issuer_id: int, rows, attribute: str = "organisation"):
    """Every member's row for the provider's users, only the user's own for other members."""
    if permissions.reads_for(user, issuer_id):
        return list(rows)
    mine = permissions.organisations_where(user, permissions.Role.READER)
    return [row for row in rows if getattr(row, attribute).pk in mine]
