"""Terms, status, notice deadlines and flags of a contract, derived from its dates (see
contracts.services for the date and term conventions)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions

from .dates import ONE_DAY, _months_between, add_months, shift_end
from .models import Contract, ContractExtensionOption
from .prorating import _prorated_exact, _round_ore

FRAMEWORK_MAX_MONTHS = 48  # LOU (2016:1145) 7 kap. 3 §: ramavtal högst fyra år
DEFAULT_DIRECT_AWARD_THRESHOLD_KR = 700_000
DEFAULT_HORIZON_DAYS = 180


class StatusKind(models.TextChoices):
    """In the order a contract passes through them: ranks only ever increase over time."""

    NOT_STARTED = "ej_startat", _("Ej påbörjat")
    WITHIN_TERM = "inom_avtalstid", _("Inom avtalstiden")
    OPTION_PERIOD = "optionsperiod", _("Förlängt med option")
    PASSIVELY_EXTENDED = "passivt_forlangt", _("Passivt förlängt")
    TERMINATED = "uppsagt", _("Uppsagt")
    EXPIRED = "upphort", _("Upphört")


STATUS_RANK = {kind: rank for rank, kind in enumerate(StatusKind)}


class Flag(models.TextChoices):
    PASSIVELY_EXTENDED = "passivt_forlangt", _("Passivt förlängt utan beslut")
    NO_END_DATE = "saknar_slutdatum", _("Saknar slutdatum")
    NOTICE_SOON = "uppsagning_snart", _("Sista uppsägningsdag närmar sig")
    OVER_FOUR_YEARS = "over_fyra_ar", _("Ramavtal eller avrop över fyra år")
    ABOVE_THRESHOLD = "over_direktupphandlingsgrans", _(
        "Över direktupphandlingsgränsen utan upphandling")


@dataclass(frozen=True)
class Option:
    length_months: int
    used_on: datetime.date | None = None


@dataclass(frozen=True)
class Terms:
    """The dates and periods of a contract, separated from the database for the rules below."""

    start_date: datetime.date | None
    original_end_date: datetime.date | None = None
    options: tuple[Option, ...] = ()
    renewal_period_months: int | None = None
    notice_period_months: int | None = None
    terminated_on: datetime.date | None = None
    termination_effective_date: datetime.date | None = None
    internal_lead_days: int = 0

    @property
    def renews(self) -> bool:
        return bool(self.renewal_period_months)

    @cached_property  # read many times per contract by the rules below; Terms never change
    def agreed_end(self) -> datetime.date | None:
        """Original end extended by every used option (options are used in order)."""
        if self.original_end_date is None:
            return None
        months = sum(o.length_months for o in self.options if o.used_on is not None)
        return shift_end(self.original_end_date, months)

    @property
    def latest_possible_end(self) -> datetime.date | None:
        """Original end extended by every option, used or not."""
        if self.original_end_date is None:
            return None
        return shift_end(self.original_end_date, sum(o.length_months for o in self.options))

    def without_termination(self) -> Terms:
        return Terms(self.start_date, self.original_end_date, self.options,
                     self.renewal_period_months, self.notice_period_months,
                     internal_lead_days=self.internal_lead_days)


def terms_of(contract) -> Terms:
    """The Terms of a Contract (uses prefetched extension options when present)."""
    if isinstance(contract, Terms):
        return contract
    cached = getattr(contract, "_terms_cache", None)
    if cached is not None:
        return cached
    options: Iterable = contract.extension_options.all() if contract.pk else ()
    return Terms(
        start_date=contract.start_date,
        original_end_date=contract.original_end_date,
        options=tuple(Option(o.length_months, o.used_on)
                      for o in sorted(options, key=lambda o: (o.ordering, o.pk or 0))),
        renewal_period_months=contract.renewal_period_months,
        notice_period_months=contract.notice_period_months,
        terminated_on=contract.terminated_on,
        termination_effective_date=contract.termination_effective_date,
        internal_lead_days=contract.internal_lead_days or 0,
    )


TERMS_FIELDS = ("start_date", "original_end_date", "renewal_period_months",
                "notice_period_months", "terminated_on", "termination_effective_date",
                "internal_lead_days")


def terms_of_rows(contracts: models.QuerySet, rows: models.QuerySet, columns: tuple[str, ...],
                  prefix: str) -> dict[tuple, Terms]:
    """Terms of many contracts at once, read as rows (no model instances), each the same as
    `terms_of` of its contract: {(the values of `columns`): Terms} for each distinct row of
    `rows`, a queryset of a model whose path to Contract is `prefix` ("" for Contract itself);
    the first column is the contract id. The options are read for `contracts`."""
    options: dict[int, list[Option]] = {}
    for contract_id, length, used_on in ContractExtensionOption.objects.filter(
            contract__in=contracts.values("pk")).values_list(
            "contract_id", "length_months", "used_on").order_by("contract_id", "ordering", "pk"):
        options.setdefault(contract_id, []).append(Option(length, used_on))
    width = len(columns)
    found, made = {}, {}
    for row in rows.values_list(*columns, *(prefix + name for name in TERMS_FIELDS)).distinct(
            ).order_by():
        t = made.get(row[0])
        if t is None:
            start, end, renewal, notice, terminated, effective, lead = row[width:]
            t = made[row[0]] = Terms(start, end, tuple(options.get(row[0], ())), renewal,
                                     notice, terminated, effective, lead or 0)
        found[row[:width]] = t
    return found


def _period_base(t: Terms) -> tuple[datetime.date | None, int]:
    """(date that period ends are counted from, first period index)."""
    if t.agreed_end is not None:
        return t.agreed_end, 0
    if t.start_date is not None:
        return t.start_date - ONE_DAY, 1
    return None, 1


def period_ends(t: Terms, on: datetime.date) -> Iterator[datetime.date]:
    """Every term end on or after `on`, in order (one at most for a contract that does not renew
    tacitly)."""
    base, first = _period_base(t)
    if base is None:
        return
    if not t.renews:
        if first == 0 and base >= on:
            yield base
        return
    period = t.renewal_period_months
    k = max(first, _months_between(base, on) // period - 1)
    while shift_end(base, k * period) < on:
        k += 1
    while True:
        yield shift_end(base, k * period)
        k += 1


def _natural_term_end(t: Terms, on: datetime.date) -> datetime.date | None:
    if t.agreed_end is not None and on <= t.agreed_end:
        return t.agreed_end
    if not t.renews:
        return t.agreed_end
    return next(period_ends(t, on), None)


def deadline_for(t: Terms, term_end: datetime.date) -> datetime.date:
    """The last day to give notice for a term ending on `term_end` (no notice period: that day)."""
    return shift_end(term_end, -(t.notice_period_months or 0))


@dataclass(frozen=True)
class Notice:
    deadline: datetime.date
    term_end: datetime.date  # the term end that notice by `deadline` brings the contract to


def _next_notice(t: Terms, on: datetime.date) -> Notice | None:
    if not t.renews:
        return None
    for end in period_ends(t, on):
        deadline = deadline_for(t, end)
        if deadline >= on:
            return Notice(deadline, end)
    return None  # pragma: no cover - period_ends is endless when the contract renews


def end_of_contract(contract) -> datetime.date | None:
    """The last day the contract runs, or None while it runs on (renews or has no end date)."""
    t = terms_of(contract)
    natural = None if t.renews else t.agreed_end
    if t.termination_effective_date is not None:
        return min(d for d in (t.termination_effective_date, natural) if d is not None)
    if t.terminated_on is None:
        return natural
    if t.renews:
        notice = _next_notice(t.without_termination(), t.terminated_on)
        return notice.term_end if notice else None
    if natural is not None:
        return natural
    return add_months(t.terminated_on, t.notice_period_months or 0)


# -- the functions other apps call ------------------------------------------------------------

def current_term_end(contract, on: datetime.date) -> datetime.date | None:
    """The end of the term that runs on `on` (before the start: the first term's end; after the
    contract ended: its last day). None for a contract that runs until further notice."""
    t = terms_of(contract)
    if t.terminated_on is not None and on >= t.terminated_on:
        return end_of_contract(t)
    return _natural_term_end(t, on)


@dataclass(frozen=True)
class Status:
    kind: StatusKind
    since: datetime.date | None = None  # first day of this status (None: not known)
    until: datetime.date | None = None  # last day of this status as far as known now

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def rank(self) -> int:
        return STATUS_RANK[self.kind]


def status(contract, on: datetime.date) -> Status:
    """Where the contract stands on `on`. Statuses only move forward in time:
    not started → within the agreed term → option period → passively extended → terminated
    (notice given, still running) → expired."""
    t = terms_of(contract)
    end = end_of_contract(t)
    if end is not None and on > end:
        return Status(StatusKind.EXPIRED, end + ONE_DAY)
    if t.terminated_on is not None and on >= t.terminated_on:
        return Status(StatusKind.TERMINATED, t.terminated_on, end)
    if t.start_date is not None and on < t.start_date:
        return Status(StatusKind.NOT_STARTED, None, t.start_date - ONE_DAY)
    agreed = t.agreed_end
    if t.original_end_date is None or on <= t.original_end_date:
        return Status(StatusKind.WITHIN_TERM, t.start_date, t.original_end_date)
    if on <= agreed:
        return Status(StatusKind.OPTION_PERIOD, t.original_end_date + ONE_DAY, agreed)
    return Status(StatusKind.PASSIVELY_EXTENDED, agreed + ONE_DAY, _natural_term_end(t, on))


def status_kind(contract, on: datetime.date) -> StatusKind:
    """`status(contract, on).kind` without the status's dates (which cost a walk through the
    renewal periods): for counting many contracts."""
    t = terms_of(contract)
    end = end_of_contract(t)
    if end is not None and on > end:
        return StatusKind.EXPIRED
    if t.terminated_on is not None and on >= t.terminated_on:
        return StatusKind.TERMINATED
    if t.start_date is not None and on < t.start_date:
        return StatusKind.NOT_STARTED
    if t.original_end_date is None or on <= t.original_end_date:
        return StatusKind.WITHIN_TERM
    if on <= t.agreed_end:
        return StatusKind.OPTION_PERIOD
    return StatusKind.PASSIVELY_EXTENDED


def next_notice(contract, on: datetime.date) -> Notice | None:
    """The next notice deadline on or after `on` and the term end it leads to; None when no
    notice is needed (the contract ends by itself, has ended, or notice is already given)."""
    t = terms_of(contract)
    if t.terminated_on is not None and on >= t.terminated_on:
        return None
    end = end_of_contract(t)
    if end is not None and on > end:
        return None
    return _next_notice(t, on)


def notice_deadline(contract, on: datetime.date) -> datetime.date | None:
    """The last day to give notice before the next tacit renewal, as seen on `on`. When the
    notice period is longer than the renewal period, or this term's deadline has passed, it is the
    deadline of a later term."""
    notice = next_notice(contract, on)
    return notice.deadline if notice else None


def internal_deadline(contract, on: datetime.date) -> datetime.date | None:
    """The owner's own deadline: notice deadline minus the internal lead time in days."""
    deadline = notice_deadline(contract, on)
    if deadline is None:
        return None
    return deadline - datetime.timedelta(days=terms_of(contract).internal_lead_days or 0)


def procurement_date(contract) -> datetime.date | None:
    return contract.signed_on or contract.start_date


def years_since_procurement(contract, on: datetime.date) -> int | None:
    """Whole years since the contract was signed (or started, if no signing date is known)."""
    since = procurement_date(contract)
    if since is None or on < since:
        return None if since is None else 0
    years = on.year - since.year
    if (on.month, on.day) < (since.month, since.day):
        years -= 1
    return years


def direct_award_threshold_ore() -> int:
    kronor = getattr(settings, "SAMVERKAN_DIRECT_AWARD_THRESHOLD", DEFAULT_DIRECT_AWARD_THRESHOLD_KR)
    return int(Decimal(str(kronor)) * 100)


def framework_limit(contract) -> datetime.date | None:
    """The last day within four years of the start."""
    start = contract.start_date
    return None if start is None else shift_end(start - ONE_DAY, FRAMEWORK_MAX_MONTHS)


def is_framework_or_call_off(contract) -> bool:
    return bool(contract.is_framework) or contract.procurement_form == Contract.ProcurementForm.CALL_OFF


def runs_beyond_four_years(contract, on: datetime.date, current: Status | None = None) -> bool:
    """A framework agreement or call-off whose agreed term with every option exceeds four years,
    or that still runs on `on` more than four years after its start."""
    if not is_framework_or_call_off(contract):
        return False
    current = current or status(contract, on)
    if current.kind == StatusKind.EXPIRED:
        return False
    limit = framework_limit(contract)
    if limit is None:
        return False
    latest = terms_of(contract).latest_possible_end
    return on > limit or (latest is not None and latest > limit)


def without_procurement(contract) -> bool:
    return contract.procurement_form in ("", Contract.ProcurementForm.DIRECT_AWARD)


def estimated_value_ore(contract, on: datetime.date) -> int | None:
    """The contract's value for the direct-award test: the parties' contracted amounts over the
    contract's whole duration, from the start to the latest of its last possible end (every
    option), the end of the term running on `on` and its end after termination. A contract with
    no end date is valued over at least 48 months (LOU 5 kap. 12 §). None when no amount is
    known."""
    t = terms_of(contract)
    if t.start_date is None:
        return None
    candidates = [d for d in (t.latest_possible_end, end_of_contract(t)) if d is not None]
    if t.original_end_date is None and t.terminated_on is None:
        candidates.append(shift_end(t.start_date - ONE_DAY, 48))
    if status(t, on).kind not in (StatusKind.EXPIRED, StatusKind.NOT_STARTED):
        term_end = current_term_end(t, on)
        if term_end is not None:
            candidates.append(term_end)
    if not candidates:
        return None
    last = max(candidates)
    total, known = Decimal(0), False
    for party in _parties(contract):
        if party.annual_amount_ore is None:
            continue
        known = True
        first = max(d for d in (t.start_date, party.valid_from) if d is not None)
        final = min(d for d in (last, party.valid_to) if d is not None)
        for year in range(first.year, final.year + 1):
            total += _prorated_exact(party.annual_amount_ore, first, final, year)
    return _round_ore(total) if known else None


def _parties(contract) -> list:
    return list(contract.parties.all()) if contract.pk else []


def flags(contract, on: datetime.date, horizon_days: int | None = None) -> list[Flag]:
    """What needs attention on `on`, in a fixed order."""
    if horizon_days is None:
        horizon_days = getattr(settings, "SAMVERKAN_CONTRACT_HORIZON_DAYS", DEFAULT_HORIZON_DAYS)
    current = status(contract, on)
    result = []
    if current.kind == StatusKind.PASSIVELY_EXTENDED:
        result.append(Flag.PASSIVELY_EXTENDED)
    if contract.original_end_date is None and current.kind not in (StatusKind.TERMINATED,
                                                                   StatusKind.EXPIRED):
        result.append(Flag.NO_END_DATE)
    deadline = notice_deadline(contract, on)
    if deadline is not None and deadline <= on + datetime.timedelta(days=horizon_days):
        result.append(Flag.NOTICE_SOON)
    if runs_beyond_four_years(contract, on, current):
        result.append(Flag.OVER_FOUR_YEARS)
    if without_procurement(contract):
        value = estimated_value_ore(contract, on)
        if value is not None and value > direct_award_threshold_ore():
            result.append(Flag.ABOVE_THRESHOLD)
    return result


# derived from the contract's amounts: shown only to those who may see them (a confidential
# contract "above the direct-award threshold" would tell outsiders it is worth over 700 000 kr)
AMOUNT_FLAGS = frozenset({Flag.ABOVE_THRESHOLD})


def flags_seen_by(user, contract, on: datetime.date, horizon_days: int | None = None
                  ) -> list[Flag]:
    found = flags(contract, on, horizon_days)
    if permissions.can(user, permissions.VIEW_CONFIDENTIAL, contract):
        return found
    return [flag for flag in found if flag not in AMOUNT_FLAGS]


# -- contracted amounts -----------------------------------------------------------------------


# -- summaries for pages, exports and the API ---------------------------------------------------

@dataclass
class Summary:
    status: Status
    term_end: datetime.date | None
    notice_deadline: datetime.date | None
    internal_deadline: datetime.date | None
    flags: list[Flag] = field(default_factory=list)
    years_since_procurement: int | None = None
    # the term end that notice by `notice_deadline` brings the contract to: the period the
    # notice day belongs to (a later one than `term_end` when this term's day has passed)
    notice_term_end: datetime.date | None = None

    def decision_overdue(self, on: datetime.date) -> bool:
        """The owner's own last day to decide has passed while notice can still be given."""
        return self.internal_deadline is not None and self.internal_deadline < on


def summary(contract, on: datetime.date, *, user, horizon_days: int | None = None) -> Summary:
    """Everything derived about a contract on `on`, as `user` may see it. The Terms are read
    once for all of it."""
    contract._terms_cache = terms_of(contract)
    try:
        notice = next_notice(contract, on)
        return Summary(
            status=status(contract, on),
            term_end=current_term_end(contract, on),
            notice_deadline=notice.deadline if notice else None,
            notice_term_end=notice.term_end if notice else None,
            internal_deadline=internal_deadline(contract, on),
            flags=flags_seen_by(user, contract, on, horizon_days),
            years_since_procurement=years_since_procurement(contract, on),
        )
    finally:
        del contract._terms_cache
