"""The yearly follow-up's sections on money: the IT cost per inhabitant against the other
municipalities, and the contracts ending within twelve months of the year's end or passively
extended.

Cost per inhabitant has two sources, side by side and named: what each municipality's own
ledger booked as IT cost in the year (the ledger's summaries, every category but the
unclassified) and what the cooperation's approved distributions of the year charge it (finance).
The ledger's amounts of a contract whose prices the reader may not see count only in the
reader's own organisations' ledgers; a member's distribution lines are read by that member and
the cooperation only. What the reader may not see is shown as missing, never as a smaller sum
that would let the secret be worked out – and no order depends on an amount."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from samverkan.contracts import terms
from samverkan.contracts.dates import add_months
from samverkan.contracts.models import Contract, ContractParty
from samverkan.core import permissions
from samverkan.finance.models import Distribution, DistributionLine
from samverkan.ledger.models import CostSummary
from samverkan.ledger.visibility import hidden_price_contracts
from samverkan.organisations import population

from ..registry import DATE, MONEY, NUMBER, Chart, Column, Content, Context, Table
from .scope import compared, cooperations_of


def per_inhabitant_ore(total_ore: int | None, inhabitants: int | None) -> int | None:
    """Öre per inhabitant, rounded half up; None when either figure is missing."""
    if total_ore is None or not inhabitants:
        return None
    return int((Decimal(total_ore) / inhabitants).quantize(Decimal(1), ROUND_HALF_UP))


def ledger_costs(user, year: int, organisation_ids: list[int]) -> tuple[dict[int, int], int]:
    """({organisation id: IT cost in öre booked in its ledger}, number of the organisations'
    contracts whose prices the reader may not see). An organisation without a ledger of the
    year is not in the dict (unknown, not zero). The count is of contracts (as the contract list
    shows them), never of bookings left out: that would tell what the reader may not see."""
    summaries = CostSummary.objects.filter(year=year, organisation_id__in=organisation_ids)
    loaded = set(summaries.values_list("organisation_id", flat=True).distinct())
    hidden = 0
    if not user.is_superuser:
        mine = permissions.organisations_where(user, permissions.Role.READER)
        secret = Q(contract_id__in=hidden_price_contracts(user)) & ~Q(organisation_id__in=mine)
        hidden = Contract.objects.filter(
            Q(organisation__in=organisation_ids) | Q(parties__organisation__in=organisation_ids),
            pk__in=hidden_price_contracts(user)).distinct().count()
        summaries = summaries.exclude(secret)
    totals = dict(summaries.exclude(category="").values_list("organisation_id")
                  .annotate(total=Sum("amount_ore")).order_by())
    return {pk: totals.get(pk, 0) for pk in loaded}, hidden


def distributed_costs(user, year: int, cooperation_ids: list[int],
                      organisation_ids: list[int]) -> dict[int, int | None]:
    """{organisation id: what the cooperations' approved distributions of the year charge it,
    in öre}, None for a member whose lines the reader may not read; empty when nothing was
    distributed that year."""
    lines = DistributionLine.objects.for_user(user).filter(
        distribution__status=Distribution.Status.APPROVED, distribution__year=year,
        distribution__pool__organisation__in=cooperation_ids,
        organisation__in=organisation_ids)
    totals = dict(lines.values_list("organisation").annotate(total=Sum("amount_ore")).order_by())
    if not Distribution.objects.filter(status=Distribution.Status.APPROVED, year=year,
                                       pool__organisation__in=cooperation_ids).exists():
        return {}  # nothing distributed that year: unknown, not zero
    readable = user.is_superuser or any(permissions.reads_for(user, pk) for pk in cooperation_ids)
    mine = permissions.organisations_where(user, permissions.Role.READER)
    return {pk: totals.get(pk, 0) if readable or pk in mine else None
            for pk in organisation_ids}


def costs_section(ctx: Context) -> Content:
    subject = ctx.subject
    year = subject.year
    organisations = compared(subject) or [subject.organisation]
    ids = [o.pk for o in organisations]
    cooperations = [subject.organisation] if subject.organisation.is_cooperation else \
        cooperations_of(subject.organisation, year)
    booked, hidden = ledger_costs(ctx.user, year, ids)
    charged = distributed_costs(ctx.user, year, [c.pk for c in cooperations], ids)
    people = population.figures(year, ids)
    table = Table(_("IT-kostnad per invånare %(year)s") % {"year": year}, [
        Column(_("Kommun")), Column(_("Invånare"), NUMBER), Column(_("Folkmängd från år")),
        Column(_("Bokförd IT-kostnad"), MONEY), Column(_("Bokfört per invånare"), MONEY),
        Column(_("Fördelat av samverkan"), MONEY), Column(_("Fördelat per invånare"), MONEY)])
    for organisation in organisations:
        figure = people.get(organisation.pk)
        inhabitants = figure.inhabitants if figure else None
        name = organisation.name + (" ◂" if organisation.pk == subject.organisation.pk else "")
        table.rows.append([
            name, inhabitants, str(figure.used_year) if figure else "",
            booked.get(organisation.pk), per_inhabitant_ore(booked.get(organisation.pk),
                                                            inhabitants),
            charged.get(organisation.pk), per_inhabitant_ore(charged.get(organisation.pk),
                                                             inhabitants)])
    paragraphs = [
        _("Bokfört: kommunens egen huvudbok för %(year)s, alla kostnadsslag utom oklassade "
          "rader. Fördelat: samverkans fastställda fördelningar för %(year)s (%(names)s). "
          "Folkmängd: %(sources)s.") % {
            "year": year, "names": ", ".join(c.name for c in cooperations) or "–",
            "sources": "; ".join(sorted({f.source for f in people.values() if f.source}))
            or "–"},
        *population.notes(people.values(), {o.pk: o.name for o in organisations})]
    missing = [o.name for o in organisations if o.pk not in booked]
    if missing:
        paragraphs.append(_("Ingen huvudbok för %(year)s är inläst för %(names)s.") % {
            "year": year, "names": ", ".join(missing)})
    if hidden:
        paragraphs.append(_("Belopp på %(n)s avtal med sekretessbelagda priser ingår inte för "
                            "andra organisationer än dina egna.") % {"n": hidden})
    if not charged:
        paragraphs.append(_("Ingen fördelning för %(year)s är fastställd.") % {"year": year})
    elif any(value is None for value in charged.values()):
        paragraphs.append(_("Andra medlemmars fördelade belopp visas bara för dem och för "
                            "samverkan."))
    chart = Chart(_("IT-kostnad per invånare %(year)s (kr)") % {"year": year},
                  [row[0] for row in table.rows],
                  [(_("Bokfört per invånare"), [row[4] for row in table.rows]),
                   (_("Fördelat per invånare"), [row[6] for row in table.rows])], kind=MONEY)
    return Content(paragraphs=paragraphs, tables=[table], charts=[chart])


# -- contracts -------------------------------------------------------------------------------------

HORIZON_MONTHS = 12


def contracts_of(user, organisation):
    """The contracts the organisation owns or is a party to, as the reader may see them."""
    return (Contract.objects.for_user(user).filter(archived_at__isnull=True)
            .filter(Q(organisation=organisation) | Q(parties__organisation=organisation))
            .distinct().select_related("supplier").prefetch_related("extension_options"))


def annual_amount(user, contract, organisation) -> tuple[int | None, bool]:
    """(the contracted amount per year for the organisation – its own party's, or for the
    contract's owner all parties' – as the reader may see it, whether a price under secrecy was
    shown). None when any part of it is hidden, so no partial sum gives a secret away."""
    parties = list(ContractParty.objects.filter(contract=contract).masked_for(user))
    if contract.organisation_id != organisation.pk:
        parties = [p for p in parties if p.organisation_id == organisation.pk]
    if any("annual_amount_ore" in p.hidden_fields for p in parties):
        return None, False
    amounts = [p.annual_amount_ore for p in parties if p.annual_amount_ore is not None]
    if not amounts:
        return None, False
    return sum(amounts), contract.prices_confidential


def why_listed(contract, on: datetime.date, until: datetime.date, summary) -> str:
    """'' or why a contract is in the follow-up: it ends in the window, it is passively
    extended at the year's end, or its notice deadline falls in the window."""
    if summary.status.kind == terms.StatusKind.PASSIVELY_EXTENDED:
        return _("Passivt förlängt")
    end = terms.end_of_contract(contract)
    if end is not None and on < end <= until:
        return _("Upphör")
    if summary.notice_deadline is not None and on < summary.notice_deadline <= until:
        return _("Sista uppsägningsdag")
    return ""


def contracts_section(ctx: Context) -> Content:
    subject = ctx.subject
    on = subject.last_day
    until = add_months(on, HORIZON_MONTHS)
    table = Table(_("Avtal som upphör eller är passivt förlängda"), [
        Column(_("Avtal")), Column(_("Leverantör")), Column(_("Orsak")), Column(_("Status")),
        Column(_("Avtalet eller perioden slutar"), DATE), Column(_("Sista uppsägningsdag"), DATE),
        Column(_("Avtalat belopp per år"), MONEY)])
    found = []
    for contract in contracts_of(ctx.user, subject.organisation):
        summary = terms.summary(contract, on, user=ctx.user)
        reason = why_listed(contract, on, until, summary)
        if reason:
            end = terms.end_of_contract(contract) or summary.term_end
            found.append((contract, reason, summary, end))
    found.sort(key=lambda item: (item[3] or item[2].notice_deadline or until, item[0].title,
                                 item[0].pk))
    for contract, reason, summary, end in found:
        amount, secret = annual_amount(ctx.user, contract, subject.organisation)
        if secret:
            ctx.cache["confidential"] = True
        table.rows.append([str(contract), str(contract.supplier), reason, summary.status.label,
                           end, summary.notice_deadline, amount])
    paragraph = _("Avtal som upphör från %(from)s till och med %(until)s eller löper vidare utan "
                  "beslut, sett per %(on)s: %(n)s.") % {
        "from": (on + datetime.timedelta(days=1)).isoformat(), "until": until.isoformat(),
        "on": on.isoformat(), "n": len(table.rows)}
    return Content(paragraphs=[paragraph], tables=[table])
