"""Calendar events of a contract: notice deadlines, internal deadlines and term ends."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .terms import deadline_for, end_of_contract, period_ends, terms_of


class EventKind(models.TextChoices):
    INTERNAL_DEADLINE = "intern", _("Egen sista dag för beslut")
    NOTICE_DEADLINE = "uppsagning", _("Sista dag för uppsägning")
    TERM_END = "avtalstid", _("Avtalstiden löper ut")


@dataclass(frozen=True)
class Event:
    day: datetime.date
    kind: EventKind
    contract: object
    term_end: datetime.date | None = None

    @property
    def uid(self) -> str:
        return f"avtal-{self.contract.pk}-{self.kind}-{self.day.isoformat()}@samverkan"


def events(contract, first: datetime.date, last: datetime.date, *,
           overdue: bool = False) -> list[Event]:
    """Notice deadlines, internal deadlines and term ends of one contract within [first, last];
    with `overdue`, also an internal deadline before `first` whose notice deadline is still
    ahead: a decision that is late but can still be taken (the calendar shows it as passed)."""
    t = terms_of(contract)
    result: list[Event] = []
    lead = datetime.timedelta(days=t.internal_lead_days or 0)
    end = end_of_contract(t)
    if end is not None and end < first:
        return result
    if t.renews and t.terminated_on is None:
        for term_end in period_ends(t, first):
            deadline = deadline_for(t, term_end)
            if deadline - lead > last:
                break
            if overdue and lead and deadline - lead < first <= deadline:
                result.append(Event(deadline - lead, EventKind.INTERNAL_DEADLINE, contract,
                                    term_end))
            elif first <= deadline - lead <= last and lead:
                result.append(Event(deadline - lead, EventKind.INTERNAL_DEADLINE, contract,
                                    term_end))
            if first <= deadline <= last:
                result.append(Event(deadline, EventKind.NOTICE_DEADLINE, contract, term_end))
    term_end = end if end is not None else t.agreed_end
    if term_end is not None and first <= term_end <= last:
        result.append(Event(term_end, EventKind.TERM_END, contract, term_end))
    result.sort(key=lambda e: (e.day, e.kind))
    return result
