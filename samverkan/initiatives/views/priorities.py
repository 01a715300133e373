"""The programme steering group's prioritisation for one cooperation ([004] §4.2.2): its four
routine answers, the weighted criteria, each open initiative's score per criterion, the ranked
proposal, and the contracts of the initiatives' systems that are nearing their end."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from samverkan.core import permissions
from samverkan.core.exports import csv_response, xlsx_response
from samverkan.organisations.models import Organisation
from samverkan.planning.views.common import run

from ..models import (
    DEFAULT_CRITERIA,
    Criterion,
    Initiative,
    PrioritisationDecision,
    Routine,
    Score,
)
from ..services import priority

S = Initiative.Stage
PRIORITISED = (S.IDEA, S.PACKAGED, S.INFORMED, S.INTEREST, S.PLAN, S.AGREEMENT, S.EXECUTION)


def _number(text: str, low: int, high: int) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    value = int(text)
    if not low <= value <= high:
        raise ValueError(text)
    return value


def _posted(request, criteria, initiatives):
    """(weights, scores) from the form, or a message naming what is wrong."""
    weights, scores = {}, {}
    try:
        for c in criteria:
            weights[c.pk] = _number(request.POST.get(f"weight-{c.pk}"), 0, 100) or 0
        for i in initiatives:
            for c in criteria:
                scores[(i.pk, c.pk)] = _number(request.POST.get(f"score-{i.pk}-{c.pk}"), 1, 100)
    except ValueError as exc:
        return None, _("”%(value)s” är inte ett heltal inom gränserna (vikt 0–100, poäng "
                       "1–100).") % {"value": exc.args[0]}
    return (weights, scores), ""


def priorities(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    user = request.user
    initiatives = list(Initiative.objects.for_user(user).filter(
        organisation=organisation, archived_at__isnull=True, stage__in=PRIORITISED)
        .select_related("capability").order_by("name"))
    criteria = list(Criterion.objects.filter(organisation=organisation))
    may_change = permissions.can_act_for(user, permissions.CHANGE, organisation.pk)
    target = request.path
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("Bara samverkans redaktörer prioriterar."))
        if request.POST.get("action") == "create":
            return run(request, lambda: priority.ensure_criteria(organisation),
                       _("Kriterierna är skapade med lika vikt."), target)
        if request.POST.get("action") == "decide":
            return _decide(request, organisation, initiatives, criteria, target)
        posted, error = _posted(request, criteria, initiatives)
        if posted is None:
            messages.error(request, error)
            return HttpResponseRedirect(target)
        return run(request, lambda: priority.save_scores(user, organisation, *posted),
                   _("Vikter och poäng är sparade."), target)
    ranked = priority.ranking(initiatives, criteria)
    if request.GET.get("export") in ("xlsx", "csv"):
        header = [_("Rang"), _("Initiativ"), pgettext("initiativ", "Steg"), _("Viktad poäng"),
                  *[c.name for c in criteria]]
        given = _given(initiatives)
        rows = [[r.rank, r.initiative.name, r.initiative.get_stage_display(),
                 round(float(r.score), 1) if r.score is not None else None,
                 *[given.get((r.initiative.pk, c.pk)) for c in criteria]] for r in ranked]
        name = f"prioritering-{organisation.pk}"
        if request.GET["export"] == "csv":
            return csv_response(name, header, rows)
        return xlsx_response(name, header, rows, title=_("Prioritering"))
    given = _given(initiatives)
    ending = priority.ending_contracts(initiatives, user, timezone.localdate())
    return render(request, "initiatives/priorities.html", {
        "title": _("Prioritering: %(org)s") % {"org": organisation}, "organisation": organisation,
        "routine": Routine.objects.filter(organisation=organisation).select_related(
            "steering_group").first(),
        "criteria": criteria, "default_criteria": [str(n) for _c, n in DEFAULT_CRITERIA],
        "ranked": [(r, ending.get(r.initiative.pk, [])) for r in ranked],
        "matrix": [(i, [(c, given.get((i.pk, c.pk))) for c in criteria]) for i in initiatives],
        "may_change": may_change,
        "decisions": PrioritisationDecision.objects.filter(organisation=organisation)
        .select_related("decision__meeting"),
        "meetings": priority.meetings_for_decision(organisation) if may_change else [],
    })


def _decide(request, organisation, initiatives, criteria, target):
    meeting = priority.meetings_for_decision(organisation).filter(
        pk=request.POST.get("meeting") or 0).first()
    if meeting is None:
        messages.error(request, _("Välj ett möte vars protokoll inte är justerat."))
        return HttpResponseRedirect(target)
    ranked = priority.ranking(initiatives, criteria)
    return run(request, lambda: priority.decide(request.user, organisation, meeting, ranked,
                                                request.POST.get("note", "")),
               _("Prioriteringen är protokollförd."), target + "#beslut")


def _given(initiatives) -> dict[tuple[int, int], int]:
    return {(s.initiative_id, s.criterion_id): s.score
            for s in Score.objects.filter(initiative__in=initiatives)}
