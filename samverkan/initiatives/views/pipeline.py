"""The pipeline: every initiative the user sees, by stage, with the count and the project
budgets per stage – the programme steering group's overview of what is ongoing, planned and
coming ([004] §4.2.2). A fixed number of queries, whatever the number of initiatives."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

from samverkan.organisations.models import Organisation

from ..models import Initiative, Participation

SHOWN_PER_STAGE = 12


@dataclass
class Column:
    stage: str
    label: str
    count: int = 0
    budget_ore: int = 0
    initiatives: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.initiatives)


def columns(initiatives) -> list[Column]:
    result = {code: Column(code, label) for code, label in Initiative.Stage.choices}
    for stage, count, budget in initiatives.order_by().values("stage").annotate(
            n=Count("pk"), budget=Sum("project_budget_ore")).values_list("stage", "n", "budget"):
        result[stage].count, result[stage].budget_ore = count, budget or 0
    binding = Count("participations", filter=Q(
        participations__status=Participation.Status.BINDING))
    interested = Count("participations", filter=Q(
        participations__status=Participation.Status.INTEREST))
    # the latest few of each stage first, then their participants counted for those alone (an
    # annotated query would count the participants of every initiative before the limit)
    shown = {code: list(initiatives.filter(stage=code).order_by("-updated_at", "pk")
                        .values_list("pk", flat=True)[:SHOWN_PER_STAGE])
             for code, column in result.items() if column.count}
    found = Initiative.objects.filter(pk__in=[pk for pks in shown.values() for pk in pks]) \
        .select_related("organisation").annotate(binding=binding, interested=interested) \
        .in_bulk()
    for code, pks in shown.items():
        result[code].initiatives = [found[pk] for pk in pks]
    return list(result.values())


def pipeline(request):
    initiatives = Initiative.objects.for_user(request.user).filter(archived_at__isnull=True)
    cooperations = Organisation.objects.filter(
        pk__in=initiatives.values("organisation_id")).order_by("name")
    chosen = request.GET.get("organisation", "")
    organisation = cooperations.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if organisation is not None:
        initiatives = initiatives.filter(organisation=organisation)
    found = columns(initiatives)
    return render(request, "initiatives/pipeline.html", {
        "title": _("Initiativ per steg"), "columns": found, "cooperations": cooperations,
        "organisation": organisation,
        "total": sum(c.count for c in found),
        "total_budget_ore": sum(c.budget_ore for c in found),
    })
