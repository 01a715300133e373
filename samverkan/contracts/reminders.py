"""E-mail reminders to a contract's responsible people before the owner's own deadline.

Lead times come from settings.SAMVERKAN_CONTRACT_REMINDER_DAYS (days before the internal
deadline, default 180, 90 and 30). Each sent reminder is recorded as (contract, notice
deadline, lead time, person); the unique constraint on that record is taken before the e-mail is
sent, inside one transaction, so two runs at the same time cannot both send it, and a failed
send leaves no record (it is tried again next run).

When several lead times are due at once (a contract registered late, or a run missed) the person
gets one e-mail and every due lead time is recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from samverkan.core.reminders import send_once
from samverkan.organisations.models import Person

from . import services
from .models import Contract, ContractReminder

DEFAULT_REMINDER_LEAD_DAYS = (180, 90, 30)


def lead_days() -> tuple[int, ...]:
    configured = getattr(settings, "SAMVERKAN_CONTRACT_REMINDER_DAYS",
                         DEFAULT_REMINDER_LEAD_DAYS)
    return tuple(sorted({int(d) for d in configured}, reverse=True))


@dataclass(frozen=True)
class Due:
    contract: Contract
    person: Person
    notice: services.Notice
    internal_deadline: datetime.date
    leads: tuple[int, ...]


def due_reminders(on: datetime.date, leads: tuple[int, ...] | None = None) -> list[Due]:
    """Reminders due on `on` that have not been sent."""
    leads = lead_days() if leads is None else leads
    contracts = Contract.objects.filter(archived_at__isnull=True, renewal_period_months__isnull=False,
                                        terminated_on__isnull=True).exclude(
        responsible_people=None).select_related("organisation", "supplier").prefetch_related(
        "extension_options",
        Prefetch("responsible_people", queryset=Person.objects.exclude(email="")),
        Prefetch("reminders", queryset=ContractReminder.objects.only(
            "contract_id", "deadline", "lead_days", "person_id")),
    )
    result = []
    for contract in contracts:
        notice = services.next_notice(contract, on)
        if notice is None:
            continue
        internal = services.internal_deadline(contract, on)
        due_leads = [lead for lead in leads if on >= internal - datetime.timedelta(days=lead)]
        if not due_leads:
            continue
        sent = {(r.lead_days, r.person_id) for r in contract.reminders.all()
                if r.deadline == notice.deadline}
        for person in contract.responsible_people.all():
            unsent = tuple(lead for lead in due_leads if (lead, person.pk) not in sent)
            if unsent:
                result.append(Due(contract, person, notice, internal, unsent))
    return result


def send_contract_reminders(on: datetime.date | None = None, *, dry_run: bool = False,
                            base_url: str | None = None) -> int:
    """Send what is due on `on` (today by default); returns the number of e-mails sent."""
    on = on or timezone.localdate()
    base_url = (base_url if base_url is not None
                else getattr(settings, "SAMVERKAN_BASE_URL", "")).rstrip("/")
    sent = 0
    for due in due_reminders(on):
        if dry_run:
            sent += 1
            continue
        if _send_once(due, on, base_url):
            sent += 1
    return sent


def _send_once(due: Due, on: datetime.date, base_url: str) -> bool:
    subject, body = _message(due, on, base_url)
    return send_once(lambda: ContractReminder.objects.bulk_create([
        ContractReminder(contract=due.contract, deadline=due.notice.deadline, lead_days=lead,
                         person=due.person, email=due.person.email)
        for lead in due.leads
    ]), subject, body, due.person.email, what=f"avtal {due.contract.pk}")


def _message(due: Due, on: datetime.date, base_url: str) -> tuple[str, str]:
    with override(settings.LANGUAGE_CODE):
        subject = _("Påminnelse: sista dag att säga upp %(contract)s är %(date)s") % {
            "contract": due.contract, "date": due.notice.deadline.isoformat()}
        body = render_to_string("contracts/email/reminder.txt", {
            "contract": due.contract, "person": due.person, "notice": due.notice,
            "internal_deadline": due.internal_deadline,
            "days_left": (due.internal_deadline - on).days,
            "url": base_url + reverse("contracts:contract", args=[due.contract.pk]),
        })
    return subject, body
