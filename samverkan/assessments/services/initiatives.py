"""«Skapa initiativ» from an assessment result, carrying the evidence."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core.formatting import format_number
from samverkan.initiatives.models import Initiative
from samverkan.initiatives.services import stages

from ..models import Assessment, Disposition

KIND = {Disposition.INVEST: Initiative.Kind.DEVELOPMENT,
        Disposition.MIGRATE: Initiative.Kind.PROCUREMENT,
        Disposition.ELIMINATE: Initiative.Kind.FEASIBILITY,
        Disposition.TOLERATE: Initiative.Kind.FEASIBILITY}


def evidence(assessment: Assessment, link: str) -> str:
    def number(value):
        return format_number(value, 2) if value is not None else "–"

    lines = [_("Underlag: bedömning enligt %(q)s av %(system)s i %(org)s, avslutad %(on)s.") % {
        "q": assessment.questionnaire, "system": assessment.system,
        "org": assessment.organisation, "on": f"{assessment.closed_at:%Y-%m-%d}"},
        _("Verksamhetsvärde %(b)s, teknik och leverantör %(t)s, TIME: %(d)s.") % {
        "b": number(assessment.business_value), "t": number(assessment.technical_fit),
        "d": assessment.get_disposition_display() or "–"}]
    if assessment.legal_knock_out:
        lines.append(_("Systemet uppfyller inte legala krav (V9 ≤ 2)."))
    if assessment.planned_disposition:
        lines.append(_("Planerad åtgärd: %(d)s %(on)s. %(reason)s") % {
            "d": assessment.get_planned_disposition_display(),
            "on": f"{assessment.planned_on:%Y-%m-%d}" if assessment.planned_on else "",
            "reason": assessment.planned_reason})
    lines.append(link)
    return "\n".join(lines)


@transaction.atomic
def from_assessment(user, assessment: Assessment, link: str) -> Initiative:
    if not assessment.is_closed:
        raise ValidationError(_("Avsluta bedömningen först: initiativet ska bygga på ett "
                                "sparat resultat."))
    initiative = Initiative(
        organisation=assessment.system.organisation, name=_("%(system)s: %(d)s") % {
            "system": assessment.system,
            "d": assessment.get_planned_disposition_display()
            or assessment.get_disposition_display() or _("åtgärd efter bedömning")},
        kind=KIND.get(assessment.planned_disposition or assessment.disposition,
                      Initiative.Kind.FEASIBILITY),
        problem=evidence(assessment, link), proposer_organisation=assessment.organisation,
        capability=assessment.system.capability)
    try:
        initiative = stages.propose(user, initiative)
    except PermissionDenied:
        raise ValidationError(_("Du får inte föreslå initiativ för %(org)s.") % {
            "org": initiative.organisation}) from None
    initiative.systems.add(assessment.system)
    return initiative
