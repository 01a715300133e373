"""«Skapa initiativ» from a consolidation candidate: an initiative of the cooperation with the
evidence attached as text (the products, the installations and members, users, costs, contract
terms and the common window) and the installations as its systems.

The evidence is read by everyone who reads the initiative, so it is built as a reader without
any organisation sees the finder: a price under commercial secrecy never enters it, whoever
presses the button."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.formatting import format_number, format_ore
from samverkan.initiatives.models import Initiative
from samverkan.initiatives.services import stages

from . import consolidation


def _date(day) -> str:
    return f"{day:%Y-%m-%d}" if day else "–"


def _amount(amount: consolidation.Amount) -> str:
    text = format_ore(amount.ore) if amount.ore is not None else "–"
    if amount.hidden:
        text += " " + _("(%(n)s belopp under sekretess ingår inte)") % {"n": amount.hidden}
    return text


def evidence(report: consolidation.Report, group: consolidation.Group, link: str) -> str:
    products = ", ".join(p.name for p in group.products) or "–"
    lines = [
        _("Underlag: konsolideringsanalys för %(capability)s, %(coop)s, år %(year)s, "
          "per %(on)s.") % {"capability": group.capability.name,
                            "coop": report.cooperation or _("alla organisationer"),
                            "year": report.year, "on": _date(report.on)},
        _("Produkter: %(products)s.") % {"products": products},
        _("Medlemmar: %(members)s.") % {"members": ", ".join(o.name for o in group.members)},
    ]
    if group.several_products:
        lines.append(_("Flagga: %(n)s olika produkter för samma förmåga.") % {
            "n": len(group.products)})
    for product, count in group.shared_products:
        lines.append(_("Flagga: %(product)s finns i %(n)s separata installationer.") % {
            "product": product.name, "n": count})
    lines.append(_("Installationer:"))
    for item in group.installations:
        users = ", ".join(f"{org.name} {format_number(n) if n is not None else '–'}"
                          for org, n in item.usages) or "–"
        results = ", ".join(f"{r.organisation.name}: {r.disposition_label or '–'}"
                            for r in item.results) or _("ej bedömt")
        lines.append(_("- %(system)s (%(product)s, %(org)s): användare %(users)s; avtalat "
                       "%(contracted)s, fakturerat %(invoiced)s; TIME %(results)s.") % {
            "system": item.system.name, "product": item.product.name if item.product else "–",
            "org": item.system.organisation.name, "users": users,
            "contracted": _amount(item.contracted), "invoiced": _amount(item.invoiced),
            "results": results})
    lines.append(_("Summa per år: avtalat %(contracted)s, fakturerat %(invoiced)s.") % {
        "contracted": _amount(group.contracted), "invoiced": _amount(group.invoiced)})
    lines.append(_("Avtal: %(within)s av %(n)s inom avtalad giltighetstid, %(outside)s "
                   "passivt förlängda.") % {"within": group.within_term,
                                             "n": len(group.contracts),
                                             "outside": group.outside_term})
    plans = {line.contract.pk: plan for line, plan in group.plans}
    for line in group.contracts:
        plan = plans.get(line.contract.pk)
        lines.append(_("- %(contract)s (%(org)s): %(status)s, avtalstid till %(end)s, sista "
                       "uppsägningsdag %(notice)s; planerat slut %(planned)s.") % {
            "contract": line.contract, "org": line.contract.organisation.name,
            "status": line.summary.status.label, "end": _date(line.summary.term_end),
            "notice": _date(line.summary.notice_deadline),
            "planned": _date(plan.planned_end if plan else None)})
    window = group.window
    if window.opens:
        lines.append(_("Gemensamt fönster: alla kan flytta tillsammans från %(opens)s; alla "
                       "gamla avtal har upphört %(closes)s; beslut om uppsägning senast "
                       "%(decide)s.") % {"opens": _date(window.opens),
                                         "closes": _date(window.closes),
                                         "decide": _date(window.decide_by)})
    if window.unknown:
        lines.append(_("%(n)s avtal saknar datum och ingår inte i fönstret.") % {
            "n": len(window.unknown)})
    lines.append(link)
    return "\n".join(lines)


def proposer_for(user, cooperation, members) -> int | None:
    """The organisation the user proposes for: the cooperation if they edit it, else the first
    of its members they edit (in the order given)."""
    if permissions.can_act_for(user, permissions.CHANGE, cooperation.pk):
        return cooperation.pk
    for org in members:
        if org.pk != cooperation.pk and permissions.can_act_for(user, permissions.CHANGE, org.pk):
            return org.pk
    return None


def may_create(user, cooperation) -> bool:
    if cooperation is None:
        return False
    ids = consolidation.scope_ids(cooperation, timezone.localdate())
    return any(permissions.can_act_for(user, permissions.CHANGE, pk) for pk in ids)


@transaction.atomic
def create_initiative(user, cooperation, capability_id: int, year: int, link: str) -> Initiative:
    if cooperation is None:
        raise ValidationError(_("Välj en samverkan: initiativet ägs av samverkan."))
    public = consolidation.report(user, year=year, cooperation=cooperation,
                                  capability_id=capability_id,
                                  visibility=consolidation.PublicVisibility())
    group = next((g for g in public.groups if g.capability.pk == capability_id), None)
    if group is None or not group.candidate:
        raise ValidationError(_("Förmågan är ingen konsolideringskandidat i %(coop)s.") % {
            "coop": cooperation})
    proposer = proposer_for(user, cooperation,
                            cooperation.members_on(public.on).order_by("name", "pk"))
    if proposer is None:
        raise PermissionDenied(_("Du får inte föreslå initiativ för %(org)s.") % {
            "org": cooperation})
    initiative = Initiative(
        organisation=cooperation, proposer_organisation_id=proposer,
        name=_("Konsolidering: %(capability)s") % {"capability": group.capability.name},
        kind=Initiative.Kind.FEASIBILITY, source=Initiative.Source.IT,
        problem=evidence(public, group, link),
        proposed_solution=_("Gå mot en gemensam lösning för %(capability)s.") % {
            "capability": group.capability.name},
        capability=group.capability)
    initiative = stages.propose(user, initiative)
    initiative.systems.add(*[i.system.pk for i in group.installations])
    return initiative
