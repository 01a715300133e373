"""Exact splits of an amount between members, to the öre. Pure functions: no database.

The rules a finance officer can check by hand:

- Every split adds up exactly to the amount (in whole öre).
- The result does not depend on the order the members are given in.
- A member whose weight (basis) is zero pays nothing.
- Reductions (the gift model): a reduced member pays its share reduced by a percentage or a
  fixed amount, or nothing at all; what it does not pay is spread over the members without a
  reduction in proportion to their weights, computed exactly (as fractions) before rounding.
- Rounding (largest remainder): every exact amount is rounded down to whole öre; the öre that
  are left over go, one each, to the members with the largest remainders. Members with equal
  remainders are taken in Swedish alphabetical order of their names and then by id (the
  organisation's id, which never changes), so the result is always the same.

Negative amounts (credits) are split by the same rules on the magnitude and then negated.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from samverkan.core.formatting import format_number, format_ore, swedish_sort_key

EXEMPT = "exempt"
PERCENT = "percent"
AMOUNT = "amount"
REDUCTION_KINDS = (EXEMPT, PERCENT, AMOUNT)


class AllocationError(ValueError):
    """The split cannot be made; the message says why, in Swedish, for the user."""


def as_fraction(value) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        raise TypeError("weights must be exact (int, Decimal or Fraction), not float")
    return Fraction(value)


@dataclass(frozen=True)
class Reduction:
    """What a member is let off: everything, a percentage of its share, or a fixed amount."""

    kind: str
    percent: Decimal | None = None
    amount_ore: int | None = None
    reason: str = ""

    def __post_init__(self):
        if self.kind not in REDUCTION_KINDS:
            raise ValueError(f"unknown reduction {self.kind!r}")
        if self.kind == PERCENT and (self.percent is None or not 0 <= self.percent <= 100):
            raise AllocationError(_("Nedsättningen ska vara mellan 0 och 100 procent."))
        if self.kind == AMOUNT and (self.amount_ore is None or self.amount_ore < 0):
            raise AllocationError(_("Nedsättningen ska vara ett belopp på minst 0 kr."))

    def apply(self, full: Fraction) -> Fraction:
        """The exact amount (öre, ≥ 0) a member with this full share pays after the reduction."""
        if self.kind == EXEMPT:
            return Fraction(0)
        if self.kind == PERCENT:
            return full * (1 - as_fraction(self.percent) / 100)
        return max(full - self.amount_ore, Fraction(0))

    def describe(self) -> str:
        if self.kind == EXEMPT:
            text = _("befriad från avgift")
        elif self.kind == PERCENT:
            text = _("nedsättning %(percent)s %%") % {"percent": format_number(self.percent, 2)
                                                      .rstrip("0").rstrip(",")}
        else:
            text = _("nedsättning %(amount)s") % {"amount": format_ore(self.amount_ore)}
        return f"{text} ({self.reason})" if self.reason else text


@dataclass(frozen=True)
class Claim:
    """A member's part in a split: its weight (basis) and any reduction."""

    id: int
    name: str
    weight: Fraction | Decimal | int
    reduction: Reduction | None = None


@dataclass
class Share:
    id: int
    name: str
    weight: Fraction
    share: Fraction  # weight / sum of weights: the key's share before reductions
    full_exact: Fraction  # öre, before reductions
    full_ore: int  # the full share rounded (these also add up to the amount)
    exact: Fraction  # öre, after reductions and redistribution
    amount_ore: int  # what the member pays
    remainder: Fraction  # exact − rounded-down exact, in öre (what decided the extra öre)
    extra_ore: int  # 1 if the member received one of the left-over öre, else 0
    reduction: Reduction | None = None

    @property
    def share_percent(self) -> Decimal:
        return fraction_to_decimal(self.share * 100, 8)

    @property
    def adjustment_ore(self) -> int:
        """Reduction (negative) or part of others' reductions (positive); the sum over all is 0."""
        return self.amount_ore - self.full_ore


@dataclass
class Split:
    total_ore: int
    shares: list[Share]
    leftover_ore: int  # öre handed out by largest remainder
    ties: list[list[Share]] = field(default_factory=list)  # equal remainders across the cut

    def by_id(self) -> dict[int, Share]:
        return {s.id: s for s in self.shares}

    @property
    def reduced(self) -> list[Share]:
        return [s for s in self.shares if s.reduction is not None]

    @property
    def reduction_total_ore(self) -> int:
        return -sum(s.adjustment_ore for s in self.reduced)

    def explanation(self) -> list[str]:
        return explain(self)


def fraction_to_decimal(value: Fraction, places: int) -> Decimal:
    """Round half up to `places` decimals, exactly (no float on the way)."""
    scale = 10 ** places
    scaled = value * scale
    rounded = math.floor(abs(scaled) + Fraction(1, 2))
    return Decimal(rounded if scaled >= 0 else -rounded).scaleb(-places)


def _tie_key(share_or_claim) -> tuple[str, int]:
    return swedish_sort_key(share_or_claim.name), share_or_claim.id


def largest_remainder(total: int, exact: Mapping[int, Fraction],
                      order: Mapping[int, tuple]) -> tuple[dict[int, int], list[int], list[list[int]]]:
    """Round `exact` (≥ 0, summing to `total`) down and give the left-over units to the largest
    remainders. Returns (amounts, ids that got a unit, groups of equal remainders at the cut)."""
    floors = {key: math.floor(value) for key, value in exact.items()}
    remainders = {key: exact[key] - floors[key] for key in exact}
    leftover = total - sum(floors.values())
    if leftover < 0 or leftover > len(exact):
        raise AssertionError("exact amounts do not add up to the total")
    ranked = sorted(exact, key=lambda k: (-remainders[k], order[k]))
    winners = ranked[:leftover]
    ties = []
    if 0 < leftover < len(ranked):
        cut = remainders[ranked[leftover - 1]]
        group = [k for k in ranked if remainders[k] == cut]
        if any(k not in winners for k in group):
            ties.append(group)
    for key in winners:
        floors[key] += 1
    return floors, winners, ties


def split(total_ore: int, claims: Iterable[Claim]) -> Split:
    """Split `total_ore` between `claims` by weight, with reductions; see the module docstring."""
    claims = list(claims)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        raise AllocationError(_("Samma deltagare finns flera gånger."))
    if not claims:
        if total_ore:
            raise AllocationError(_("Poolen har inga deltagare att fördela beloppet på."))
        return Split(total_ore, [], 0)
    if total_ore < 0:
        return _negate(split(-total_ore, claims))
    weights = {c.id: as_fraction(c.weight) for c in claims}
    if any(w < 0 for w in weights.values()):
        raise AllocationError(_("Ett fördelningsunderlag kan inte vara negativt."))
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        if total_ore == 0:
            weight_sum = Fraction(1)
        else:
            raise AllocationError(_("Ingen deltagare har något underlag (alla har 0); "
                                    "beloppet kan inte fördelas."))
    by_id = {c.id: c for c in claims}
    order = {c.id: _tie_key(c) for c in claims}
    full = {key: total_ore * w / weight_sum for key, w in weights.items()}
    exact = _after_reductions(total_ore, full, weights, by_id)
    full_ore, _w, _t = largest_remainder(total_ore, full, order)
    amounts, winners, tie_ids = largest_remainder(total_ore, exact, order)
    shares = [
        Share(id=key, name=by_id[key].name, weight=weights[key], share=weights[key] / weight_sum,
              full_exact=full[key], full_ore=full_ore[key], exact=exact[key],
              amount_ore=amounts[key], remainder=exact[key] - math.floor(exact[key]),
              extra_ore=1 if key in winners else 0, reduction=by_id[key].reduction)
        for key in sorted(by_id, key=order.__getitem__)
    ]
    lookup = {s.id: s for s in shares}
    return Split(total_ore, shares, len(winners), [[lookup[k] for k in g] for g in tie_ids])


def _after_reductions(total: int, full: dict[int, Fraction], weights: dict[int, Fraction],
                      claims: dict[int, Claim]) -> dict[int, Fraction]:
    reduced = {key for key, claim in claims.items() if claim.reduction is not None}
    if not reduced:
        return dict(full)
    exact = {key: claims[key].reduction.apply(full[key]) for key in reduced}
    rest = total - sum(exact.values())
    payers = [key for key in claims if key not in reduced and weights[key] > 0]
    payer_weight = sum(weights[key] for key in payers)
    if rest and not payers:
        raise AllocationError(_(
            "Alla deltagare med underlag har nedsättning; det finns ingen som kan bära "
            "resten. Minst en deltagare måste betala sin fulla andel."))
    for key in claims:
        if key in reduced:
            continue
        exact[key] = rest * weights[key] / payer_weight if key in payers else Fraction(0)
    return exact


def _negate(result: Split) -> Split:
    for share in result.shares:
        share.full_exact, share.exact = -share.full_exact, -share.exact
        share.full_ore, share.amount_ore = -share.full_ore, -share.amount_ore
        share.extra_ore = -share.extra_ore
    result.total_ore = -result.total_ore
    return result


# -- weights from bases --------------------------------------------------------------------------

def combine(components: Sequence[tuple[Fraction | Decimal | int, Mapping[int, Fraction | int]]],
            ids: Iterable[int]) -> dict[int, Fraction]:
    """A weighted mix of bases: Σ weight_c × basis_c(m) / Σ basis_c, per member.

    `components` are (weight in per cent, {member id: basis}). With one component the result is
    proportional to the basis itself. A component whose bases are all zero cannot be used."""
    ids = list(ids)
    result = {key: Fraction(0) for key in ids}
    for weight, bases in components:
        weight = as_fraction(weight)
        if weight == 0:
            continue
        total = sum(as_fraction(bases.get(key, 0)) for key in ids)
        if total == 0:
            raise AllocationError(_("Ett av nyckelns underlag är 0 för alla deltagare."))
        for key in ids:
            result[key] += weight / 100 * as_fraction(bases.get(key, 0)) / total
    return result


# -- explanation ---------------------------------------------------------------------------------

def _ore(value: Fraction) -> str:
    return format_number(fraction_to_decimal(value, 4), 4).rstrip("0").rstrip(",") or "0"


def _names(shares: Sequence[Share]) -> str:
    names = [s.name for s in shares]
    if len(names) == 1:
        return names[0]
    return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def explain(result: Split) -> list[str]:
    """Sentences a finance officer reads on the page: reductions, and who got the extra öre."""
    lines = []
    if result.reduced:
        for share in result.reduced:
            lines.append(_("%(name)s: %(what)s; betalar %(amount)s i stället för %(full)s.") % {
                "name": share.name, "what": share.reduction.describe(),
                "amount": format_ore(share.amount_ore),
                "full": format_ore(share.full_ore)})
        lines.append(_("Nedsättningarna, sammanlagt %(amount)s, fördelas på de övriga deltagarna "
                       "efter samma nyckel.") % {
            "amount": format_ore(abs(result.reduction_total_ore))})
    if not result.leftover_ore:
        lines.append(_("Alla belopp gick jämnt upp i hela ören; ingen avrundning behövdes."))
        return lines
    winners = [s for s in result.shares if s.extra_ore]
    lines.append(_(
        "Varje belopp avrundas nedåt till helt öre. Då saknades %(count)s öre upp till poolens "
        "belopp; de fördelas ett i taget till de deltagare som hade störst rest "
        "(största-rest-metoden).") % {"count": result.leftover_ore})
    lines.append(_("Fick ett öre extra: %(list)s.") % {"list": ", ".join(
        _("%(name)s (rest %(rest)s öre)") % {"name": s.name, "rest": _ore(s.remainder)}
        for s in winners)})
    for group in result.ties:
        lines.append(_("%(names)s hade lika stor rest (%(rest)s öre); ordningen avgjordes i "
                       "bokstavsordning.") % {"names": _names(group),
                                              "rest": _ore(group[0].remainder)})
    return lines
