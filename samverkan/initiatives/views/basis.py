"""A member's own decision basis for joining an initiative: its share of the project and
management budgets by the initiative's key, and the benefits that arise with it."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from samverkan.finance.allocation import AllocationError

from ..models import Initiative, Payment
from ..services import benefits, money


def member_basis(request, pk, organisation):
    initiative = get_object_or_404(Initiative.objects.for_user(request.user)
                                   .select_related("organisation"), pk=pk)
    participation = get_object_or_404(initiative.participations.select_related("organisation"),
                                      organisation_id=organisation)
    splits, problems = [], []
    for budget, label in Payment.Budget.choices:
        total = money.budget_total(initiative, budget)
        if total is None:
            continue
        try:
            splits.append((label, money.budget_split(initiative, budget=budget)))
        except AllocationError as exc:
            problems.append(f"{label}: {exc}")
    return render(request, "initiatives/member_basis.html", {
        "object": initiative, "participation": participation,
        "member": participation.organisation,
        "basis": benefits.member_basis(initiative, organisation, splits),
        "key_text": money.key_text(initiative), "population_notes": money.population_notes(
            initiative), "problems": problems,
        "title": _("Beslutsunderlag för %(member)s: %(initiative)s") % {
            "member": participation.organisation, "initiative": initiative},
    })
