"""Prioritisation by the programme steering group: weighted criteria (seed-derived, equal
weights by default, editable), scores 1–100 per initiative, and the ranked proposal."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.contracts.models import Contract
from samverkan.contracts.terms import current_term_end, notice_deadline
from samverkan.core import permissions
from samverkan.core import services as core
from samverkan.core.formatting import format_number
from samverkan.planning import services as planning
from samverkan.planning.models import Decision, Meeting

from ..models import (
    DEFAULT_CRITERIA,
    Criterion,
    Initiative,
    PrioritisationDecision,
    Routine,
    Score,
)


@transaction.atomic
def ensure_criteria(organisation) -> list[Criterion]:
    existing = {c.code: c for c in Criterion.objects.filter(organisation=organisation)}
    for code, name in DEFAULT_CRITERIA:
        if code not in existing:
            existing[code] = Criterion.objects.create(organisation=organisation, code=code,
                                                      name=str(name), weight=1)
    return list(Criterion.objects.filter(organisation=organisation))


def weighted_score(scores: dict[int, int], criteria: list[Criterion]) -> Fraction | None:
    """Σ weight × score / Σ weight over the criteria; unscored criteria count as 0."""
    total_weight = sum(c.weight for c in criteria)
    if not total_weight:
        return None
    return Fraction(sum(c.weight * scores.get(c.pk, 0) for c in criteria), total_weight)


@dataclass
class Ranked:
    rank: int
    initiative: Initiative
    score: Fraction | None


def ranking(initiatives, criteria: list[Criterion]) -> list[Ranked]:
    initiatives = list(initiatives)
    by_initiative: dict[int, dict[int, int]] = {i.pk: {} for i in initiatives}
    for row in Score.objects.filter(initiative__in=initiatives):
        by_initiative[row.initiative_id][row.criterion_id] = row.score
    scored = [(weighted_score(by_initiative[i.pk], criteria), i) for i in initiatives]
    scored.sort(key=lambda pair: (-(pair[0] or 0), pair[1].name))
    return [Ranked(n, i, s) for n, (s, i) in enumerate(scored, 1)]


NEARING_MONTHS = 18  # a contract whose term ends within this is "nearing its end" (design)


@dataclass
class EndingContract:
    contract: object
    term_end: datetime.date
    notice_deadline: datetime.date | None


def ending_contracts(initiatives, user, on: datetime.date) -> dict[int, list[EndingContract]]:
    """Per initiative, the contracts the user sees for its systems or its capability's systems
    whose current term ends within NEARING_MONTHS – found in the register, never typed."""
    initiatives = list(initiatives)
    horizon = on + datetime.timedelta(days=round(NEARING_MONTHS * 30.44))
    by_capability: dict[int, list[int]] = defaultdict(list)
    for initiative in initiatives:
        if initiative.capability_id:
            by_capability[initiative.capability_id].append(initiative.pk)
    by_system: dict[int, list[int]] = defaultdict(list)
    for initiative_id, system_id in Initiative.systems.through.objects.filter(
            initiative__in=initiatives).values_list("initiative_id", "system_id"):
        by_system[system_id].append(initiative_id)
    contracts = Contract.objects.for_user(user).filter(archived_at__isnull=True).filter(
        Q(systems__in=list(by_system)) | Q(systems__capability_id__in=list(by_capability))
    ).distinct().prefetch_related("systems", "extension_options")
    found: dict[int, list[EndingContract]] = defaultdict(list)
    for contract in contracts:
        end = current_term_end(contract, on)
        if end is None or not on <= end <= horizon:
            continue
        concerned = set()
        for system in contract.systems.all():
            concerned.update(by_system.get(system.pk, ()))
            concerned.update(by_capability.get(system.capability_id, ()))
        for initiative_id in concerned:
            found[initiative_id].append(EndingContract(contract, end,
                                                       notice_deadline(contract, on)))
    for items in found.values():
        items.sort(key=lambda e: e.term_end)
    return dict(found)


@transaction.atomic
def save_scores(user, organisation, weights: dict[int, int],
                scores: dict[tuple[int, int], int | None]) -> int:
    """Store the criteria's weights and the scores (None removes one) as the programme steering
    group's editors enter them; the cooperation's editors alone may. Returns the changes."""
    criteria = {c.pk: c for c in Criterion.objects.filter(organisation=organisation)}
    changed = 0
    for pk, weight in weights.items():
        criterion = criteria.get(pk)
        if criterion is None:
            raise ValidationError(_("Okänt kriterium."))
        if criterion.weight != weight:
            if not permissions.can(user, permissions.CHANGE, criterion):
                raise PermissionDenied(_("Bara samverkans redaktörer ändrar vikterna."))
            criterion.weight = weight
            core.save_child(user, criterion, criterion)  # a criterion is a record of its own
            changed += 1
    initiatives = {i.pk: i for i in Initiative.objects.filter(
        organisation=organisation, pk__in={i for i, _c in scores})}
    existing = {(s.initiative_id, s.criterion_id): s for s in Score.objects.filter(
        initiative__in=list(initiatives))}
    for (initiative_id, criterion_id), value in scores.items():
        initiative = initiatives.get(initiative_id)
        if initiative is None or criterion_id not in criteria:
            raise ValidationError(_("Poängen gäller ett initiativ eller kriterium utanför "
                                    "samverkan."))
        score = existing.get((initiative_id, criterion_id))
        if value is None:
            if score is not None:
                core.delete_child(user, score, initiative)
                changed += 1
            continue
        if score is None:
            score = Score(initiative=initiative, criterion=criteria[criterion_id])
        elif score.score == value:
            continue
        score.score = value
        core.save_child(user, score, initiative)
        changed += 1
    return changed


def meetings_for_decision(organisation):
    """The cooperation's meetings whose minutes are still open, latest first."""
    return Meeting.objects.filter(organisation=organisation, minutes_approved_on__isnull=True,
                                  archived_at__isnull=True).order_by("-held_on", "-pk")


def ranking_text(ranked: list[Ranked]) -> str:
    return "\n".join(
        f"{r.rank}. {r.initiative.name}" + (
            f" ({format_number(r.score, 1)} {_('poäng')})" if r.score is not None
            else f" ({_('ej poängsatt')})") for r in ranked)


@transaction.atomic
def decide(user, organisation, meeting: Meeting, ranked: list[Ranked],
           note: str = "") -> PrioritisationDecision:
    """The group's decision on the ranked proposal, numbered in the meeting's series, with the
    ranking kept as it stands now."""
    if meeting.organisation_id != organisation.pk:
        raise ValidationError(_("Mötet ska vara samverkans eget."))
    if not ranked:
        raise ValidationError(_("Det finns inga initiativ att prioritera."))
    routine = Routine.objects.filter(organisation=organisation).first()
    if routine and routine.steering_group_id and \
            meeting.steering_group_id != routine.steering_group_id:
        raise ValidationError(_("Prioriteringen beslutas på ett möte i %(group)s.") % {
            "group": routine.steering_group})
    text = _("Programstyrgruppen fastställer prioriteringen:") + "\n" + ranking_text(ranked)
    if note.strip():
        text += "\n\n" + note.strip()
    decision = planning.record_decision(user, Decision(
        meeting=meeting, title=_("Prioritering av initiativ"), text=text))
    return PrioritisationDecision.objects.create(
        organisation=organisation, decision=decision, created_by=user,
        ranking=[{"rank": r.rank, "initiative": r.initiative.pk, "name": r.initiative.name,
                  "score": None if r.score is None else format_number(r.score, 1)}
                 for r in ranked])
