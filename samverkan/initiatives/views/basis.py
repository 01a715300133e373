"""A member's own decision basis for joining an initiative: its share of the project and
management budgets by the initiative's key, and the benefits that arise with it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ..models import Initiative
from ..services import benefits, money


def member_basis(request, pk, organisation):
    initiative = get_object_or_404(Initiative.objects.for_user(request.user)
                                   .select_related("organisation"), pk=pk)
    participation = get_object_or_404(initiative.participations.select_related("organisation"),
                                      organisation_id=organisation)
    splits, problems = money.budget_splits(initiative)
    return render(request, "initiatives/member_basis.html", {
        "object": initiative, "participation": participation,
        "member": participation.organisation,
        "basis": benefits.member_basis(initiative, organisation, splits),
        "key_text": money.key_text(initiative), "population_notes": money.population_notes(
            initiative), "problems": problems,
        "title": _("Beslutsunderlag för %(member)s: %(initiative)s") % {
            "member": participation.organisation, "initiative": initiative},
    })
