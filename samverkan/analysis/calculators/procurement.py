"""Joint procurement and implementation: what the members save by doing an activity once,
together, instead of each on its own.

Per activity: hours for one member alone, × the number of members = hours if every member does
it separately; hours if all do it together; hours saved = separately − together; the saving in
per cent is computed from those figures (never typed). Kronor are hours × the internal hourly
cost, rounded to the öre per row; every total is the sum of the rows shown, so the table adds up.

Each member's share: the joint cost (together) is split between the members by a key (equal
shares, or a finance allocation key's weights) with finance's largest-remainder split; a
member's saving is then what it would have paid alone minus its share of the joint cost. The
members' savings add up exactly to the total saving.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

from samverkan.finance import allocation

from .common import exact, percent, round_ore


@dataclass(frozen=True)
class Activity:
    name: str
    hours_alone: Fraction  # for one member on its own
    hours_together: Fraction  # for all members together, once

    @classmethod
    def of(cls, name: str, hours_alone, hours_together) -> Activity:
        return cls(name, exact(hours_alone), exact(hours_together))


@dataclass(frozen=True)
class Figures:
    hours_alone: Fraction
    hours_separately: Fraction  # alone × members
    hours_together: Fraction
    cost_alone_ore: int
    cost_separately_ore: int
    cost_together_ore: int

    @property
    def hours_saved(self) -> Fraction:
        return self.hours_separately - self.hours_together

    @property
    def saved_ore(self) -> int:
        return self.cost_separately_ore - self.cost_together_ore

    @property
    def hours_saved_percent(self) -> Fraction | None:
        return percent(self.hours_saved, self.hours_separately)

    @property
    def saved_percent(self) -> Fraction | None:
        return percent(self.saved_ore, self.cost_separately_ore)


@dataclass(frozen=True)
class Row:
    activity: Activity
    figures: Figures


@dataclass(frozen=True)
class MemberShare:
    id: int
    name: str
    weight: Fraction
    cost_alone_ore: int  # what the member would pay doing everything on its own
    joint_share_ore: int  # its share of the joint cost by the key
    saved_ore: int

    @property
    def saved_percent(self) -> Fraction | None:
        return percent(self.saved_ore, self.cost_alone_ore)


@dataclass
class Result:
    members: int
    hourly_rate_ore: int
    rows: list[Row]
    total: Figures
    shares: list[MemberShare] = field(default_factory=list)


class InputError(ValueError):
    """The inputs cannot be computed; the message is for the user, in Swedish."""


def calculate(activities: Sequence[Activity], members: int, hourly_rate_ore: int,
              claims: Iterable[allocation.Claim] = ()) -> Result:
    """The table for `activities`; `claims` (id, name, weight) give each member's share of the
    joint cost; with no claims no shares are computed."""
    if members < 1:
        raise InputError(_("Antalet kommuner måste vara minst 1."))
    if hourly_rate_ore < 0:
        raise InputError(_("Timkostnaden kan inte vara negativ."))
    if any(a.hours_alone < 0 or a.hours_together < 0 for a in activities):
        raise InputError(_("Timmarna kan inte vara negativa."))
    rows = [Row(a, _figures(a.hours_alone, a.hours_together, members, hourly_rate_ore))
            for a in activities]
    total = Figures(
        hours_alone=sum((r.figures.hours_alone for r in rows), Fraction(0)),
        hours_separately=sum((r.figures.hours_separately for r in rows), Fraction(0)),
        hours_together=sum((r.figures.hours_together for r in rows), Fraction(0)),
        cost_alone_ore=sum(r.figures.cost_alone_ore for r in rows),
        cost_separately_ore=sum(r.figures.cost_separately_ore for r in rows),
        cost_together_ore=sum(r.figures.cost_together_ore for r in rows),
    )
    result = Result(members, hourly_rate_ore, rows, total)
    claims = list(claims)
    if claims:
        if len(claims) != members:
            raise InputError(_("Fördelningen ska ha lika många deltagare som antalet kommuner."))
        split = allocation.split(total.cost_together_ore, claims)
        result.shares = [
            MemberShare(s.id, s.name, s.weight, total.cost_alone_ore, s.amount_ore,
                        total.cost_alone_ore - s.amount_ore)
            for s in split.shares
        ]
    return result


def equal_claims(members: Iterable[tuple[int, str]]) -> list[allocation.Claim]:
    """Equal shares for (id, name) pairs."""
    return [allocation.Claim(id=pk, name=name, weight=1) for pk, name in members]


def _figures(alone: Fraction, together: Fraction, members: int, rate_ore: int) -> Figures:
    separately = alone * members
    cost_alone = round_ore(alone * rate_ore)
    return Figures(
        hours_alone=alone, hours_separately=separately, hours_together=together,
        cost_alone_ore=cost_alone,
        # the members' own costs added up, so the separate cost is exactly members × alone
        cost_separately_ore=cost_alone * members,
        cost_together_ore=round_ore(together * rate_ore),
    )
