"""Invoicing bases: what each member is invoiced for approved distributions, and the summaries per
member."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.organisations.models import Organisation

from .. import allocation
from ..models import (
    Distribution,
    DistributionLine,
    InvoiceAccounts,
    InvoicingBasis,
    InvoicingBasisLine,
)
from .changes import year_differences

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
                              text=text[:300], key_label=distribution.key_text,
                              basis_text=line.basis_text, share_percent=line.share_percent,
                              amount_ore=item.amount_ore)


def basis_accounts(basis: InvoicingBasis):
    """The member's accounts for invoices from this issuer (or for all), or the defaults."""
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
    # why this year and last year are not like for like (pools, keys, participants); empty
    # when they are
    differences: list[str] = field(default_factory=list)

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
    distributions = list(approved.filter(year=year).select_related("pool", "key").order_by(
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
    earlier = list(approved.filter(year=year - 1).select_related("pool", "key"))
    previous_total = sum(d.total_ore for d in earlier)
    return Summary(year, distributions,
                   sorted(rows.values(), key=lambda r: allocation.swedish_sort_key(r.organisation.name)),
                   complete, sum(d.total_ore for d in distributions), previous_total,
                   year_differences(year, distributions, earlier))
