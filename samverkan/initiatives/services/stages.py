"""Every stage change of an initiative as its own function with its own permission rule and
history ([002] steps 1–9, [004] programme process). The proposer (an editor of a member of the
cooperation) registers the idea; the cooperation's editors package, inform, plan, agree, run,
hand over, evaluate and close; each member's editors register its interest and sign its
participation. The changes that need a mandate (approval, agreement, handover, closing) name
a steering-group meeting, and the decision is recorded there with planning's numbering."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core
from samverkan.organisations.models import Membership
from samverkan.planning import services as planning
from samverkan.planning.models import Decision, Meeting

from ..models import Initiative, Participation, StageChange

S = Initiative.Stage
ORDER = [S.IDEA, S.PACKAGED, S.INFORMED, S.INTEREST, S.PLAN, S.AGREEMENT, S.EXECUTION,
         S.HANDOVER, S.EVALUATED]
OPEN_FOR_PARTICIPANTS = {S.IDEA, S.PACKAGED, S.INFORMED, S.INTEREST, S.PLAN}
NEEDS_DECISION = {S.INFORMED, S.AGREEMENT, S.HANDOVER, S.CLOSED}


def _refuse(message: str):
    raise ValidationError(message)


def is_member(cooperation_id: int, organisation_id: int) -> bool:
    return cooperation_id == organisation_id or Membership.objects.filter(
        cooperation_id=cooperation_id, member_id=organisation_id).exists()


def may_propose(user, initiative: Initiative) -> bool:
    """An editor of the proposing member (or of the cooperation itself)."""
    return (is_member(initiative.organisation_id, initiative.proposer_organisation_id)
            and (permissions.can_act_for(user, permissions.CHANGE,
                                         initiative.proposer_organisation_id)
                 or permissions.can_act_for(user, permissions.CHANGE,
                                            initiative.organisation_id)))


def may_coordinate(user, initiative: Initiative) -> bool:
    return permissions.can(user, permissions.CHANGE, initiative)


def may_answer_for(user, initiative: Initiative, organisation_id: int) -> bool:
    """A member's editors answer for it; the cooperation's editors may record an answer."""
    return is_member(initiative.organisation_id, organisation_id) and (
        permissions.can_act_for(user, permissions.CHANGE, organisation_id)
        or may_coordinate(user, initiative))


def _deny():
    raise PermissionDenied(_("Du har inte behörighet att ändra initiativets steg."))


@transaction.atomic
def propose(user, initiative: Initiative, *, on: datetime.date | None = None) -> Initiative:
    """Step 1 / A: a member registers a problem or idea (or an existing solution) with the
    cooperation."""
    if not initiative._state.adding:
        _refuse(_("Idén är redan registrerad."))
    if not may_propose(user, initiative):
        _deny()
    initiative.full_clean()
    initiative.stage = S.IDEA
    initiative._history_user = user
    initiative.save()
    StageChange.objects.create(initiative=initiative, from_stage=S.IDEA, to_stage=S.IDEA,
                               on=on or datetime.date.today(), by=user,
                               note=_("Idén registrerad"))
    return initiative


def record_stage_decision(user, initiative: Initiative, meeting: Meeting, title: str,
                          text: str) -> Decision:
    """The decision that moves the stage, numbered in the meeting's steering group's series."""
    if initiative.steering_group_id and meeting.steering_group_id != initiative.steering_group_id:
        _refuse(_("Beslutet ska fattas på ett möte i initiativets styrgrupp."))
    decision = Decision(meeting=meeting, title=f"{initiative.name}: {title}", text=text)
    return planning.record_decision(user, decision)


@transaction.atomic
def move(user, initiative: Initiative, to: str, *, expected_version: int | None = None,
         on: datetime.date | None = None, note: str = "", meeting: Meeting | None = None,
         decision_text: str = "", **values) -> Initiative:
    """Compare-and-set the initiative's version, record the decision when the step needs one,
    then save the new stage with history and a timeline entry."""
    if not may_coordinate(user, initiative):
        _deny()
    if initiative.is_archived:
        _refuse(_("Initiativet är arkiverat."))
    decision = None
    if to in NEEDS_DECISION:
        if meeting is None:
            _refuse(_("Steget kräver ett beslut: välj styrgruppens möte."))
        decision = record_stage_decision(user, initiative, meeting, S(to).label,
                                         decision_text or note or S(to).label)
    core._bump_version(initiative, expected_version)
    previous = initiative.stage
    initiative.stage = to
    for name, value in values.items():
        setattr(initiative, name, value)
    initiative._history_user = user
    initiative.save()
    StageChange.objects.create(initiative=initiative, from_stage=previous, to_stage=to,
                               on=on or datetime.date.today(), by=user, note=note,
                               decision=decision)
    return initiative


def _expect(initiative: Initiative, *stages):
    if initiative.stage not in stages:
        _refuse(_("Initiativet står i steget ”%(stage)s”; det här steget kommer inte nu.")
                % {"stage": initiative.get_stage_display()})


def package(user, initiative, *, proposal: str, **kw) -> Initiative:
    """Step 2 / B: the cooperation packages the idea into a proposal."""
    _expect(initiative, S.IDEA)
    if not proposal.strip():
        _refuse(_("Skriv det paketerade förslaget."))
    return move(user, initiative, S.PACKAGED, proposal=proposal, **kw)


def inform_members(user, initiative, *, meeting: Meeting, **kw) -> Initiative:
    """Step 3 / C: approved by the programme steering group and sent to every member."""
    _expect(initiative, S.PACKAGED)
    return move(user, initiative, S.INFORMED, meeting=meeting, **kw)


def open_interest(user, initiative, **kw) -> Initiative:
    """Step 4 / D: the members' interest registrations are collected."""
    _expect(initiative, S.INFORMED)
    return move(user, initiative, S.INTEREST, **kw)


def propose_plan(user, initiative, *, project_budget_ore: int, **kw) -> Initiative:
    """Step 5 / E: the project definition or management model with its budget."""
    _expect(initiative, S.INTEREST)
    if project_budget_ore is None or project_budget_ore < 0:
        _refuse(_("Ange projektbudgeten."))
    if not initiative.participations.exclude(status=Participation.Status.WITHDRAWN).exists():
        _refuse(_("Ingen medlem har anmält intresse."))
    return move(user, initiative, S.PLAN, project_budget_ore=project_budget_ore, **kw)


def agree(user, initiative, *, meeting: Meeting, on: datetime.date, **kw) -> Initiative:
    """Step 6 / F: every participant has signed; the allocation key version of the
    agreement's day is frozen and the participant set closed."""
    from .money import freeze_key

    _expect(initiative, S.PLAN)
    binding = initiative.participations.filter(status=Participation.Status.BINDING)
    if not binding.exists():
        _refuse(_("Ingen medlem har tecknat bindande deltagande."))
    if initiative.participations.filter(status=Participation.Status.INTEREST).exists():
        _refuse(_("Några medlemmar har bara anmält intresse: de tecknar eller avstår först."))
    version = freeze_key(initiative, on)
    return move(user, initiative, S.AGREEMENT, meeting=meeting, on=on, agreement_year=on.year,
                frozen_key_version=version, **kw)


def start(user, initiative, **kw) -> Initiative:
    """Step 7–8: the project organisation is established and the work runs."""
    _expect(initiative, S.AGREEMENT)
    return move(user, initiative, S.EXECUTION, **kw)


def evaluate(user, initiative, **kw) -> Initiative:
    """[004]: the programme steering group evaluates whether the benefit came."""
    _expect(initiative, S.HANDOVER)
    return move(user, initiative, S.EVALUATED, **kw)


def close(user, initiative, *, reason: str, meeting: Meeting, **kw) -> Initiative:
    """Closed without being carried out, with the reason, by a steering-group decision."""
    if initiative.stage in (S.HANDOVER, S.EVALUATED, S.CLOSED):
        _refuse(_("Initiativet är redan genomfört eller avslutat."))
    if not reason.strip():
        _refuse(_("Ange skälet till att initiativet avslutas."))
    return move(user, initiative, S.CLOSED, meeting=meeting, closed_reason=reason,
                decision_text=reason, **kw)


# -- participation --------------------------------------------------------------------------------


def _check_open(initiative: Initiative):
    if initiative.stage not in OPEN_FOR_PARTICIPANTS:
        _refuse(_("Deltagarna ändras inte efter överenskommelsen."))


def _save_participation(user, participation: Participation, expected_version):
    initiative = participation.initiative
    if not may_answer_for(user, initiative, participation.organisation_id):
        raise PermissionDenied(_("Du kan bara svara för din egen organisation."))
    _check_open(initiative)
    participation.full_clean()
    if participation.pk and participation.version:
        core._bump_version(participation, expected_version)
    participation._history_user = user
    participation.save()
    return participation


@transaction.atomic
def register_interest(user, initiative, organisation, *, on: datetime.date | None = None,
                      expected_version: int | None = None) -> Participation:
    participation = Participation.objects.filter(initiative=initiative,
                                                 organisation=organisation).first() \
        or Participation(initiative=initiative, organisation=organisation)
    participation.status = Participation.Status.INTEREST
    participation.interest_on = on or datetime.date.today()
    return _save_participation(user, participation, expected_version)


@transaction.atomic
def sign(user, participation: Participation, *, agreement: str, signatory, on: datetime.date,
         document=None, expected_version: int | None = None) -> Participation:
    """Binding participation («Anmälan till Projektdeltagande») with its SGM agreement and,
    when given, the signed document."""
    if participation.initiative.stage not in (S.INTEREST, S.PLAN):
        _refuse(_("Bindande deltagande tecknas när projektplanen tas fram."))
    participation.status = Participation.Status.BINDING
    participation.agreement, participation.signatory, participation.signed_on = \
        agreement, signatory, on
    if agreement == "SGM4":
        participation.gave_solution = True
    if document:
        participation.document = document
    return _save_participation(user, participation, expected_version)


@transaction.atomic
def withdraw(user, participation: Participation, *,
             expected_version: int | None = None) -> Participation:
    participation.status = Participation.Status.WITHDRAWN
    return _save_participation(user, participation, expected_version)
