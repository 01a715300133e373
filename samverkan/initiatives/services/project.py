"""An initiative that becomes a project gets a planning project plan (step 7); at handover
(step 9 / G) a management object is created or linked, the participants move into its steering
group (förvaltningsråd) and its first yearly plan is started."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core import services as core
from samverkan.planning.models import Plan, PlanSteeringMember
from samverkan.portfolio.models import ManagementObject, SteeringGroupMember

from ..models import Initiative, Participation
from . import stages

S = Initiative.Stage


def _signatories(initiative: Initiative):
    return [p for p in initiative.participations.select_related("signatory", "organisation")
            .filter(status=Participation.Status.BINDING) if p.signatory_id]


@transaction.atomic
def start_project(user, initiative: Initiative, *, starts_on: datetime.date,
                  ends_on: datetime.date, expected_version: int | None = None,
                  **kw) -> Initiative:
    """Agreement → genomförande with a project plan owned by the cooperation, whose steering
    group holds the participants' signatories."""
    stages._expect(initiative, S.AGREEMENT)
    plan = Plan(kind=Plan.Kind.PROJECT, name=initiative.name,
                organisation_id=initiative.organisation_id, starts_on=starts_on,
                ends_on=ends_on, mission=initiative.proposal or initiative.problem)
    core.save_record(user, plan)
    for participation in _signatories(initiative):
        member = PlanSteeringMember(plan=plan, person=participation.signatory,
                                    organisation=participation.organisation,
                                    mandate=_("Deltagande kommun"))
        core.save_child(user, member, plan)
    return stages.move(user, initiative, S.EXECUTION, project_plan=plan,
                       expected_version=expected_version, on=starts_on, **kw)


@transaction.atomic
def hand_over(user, initiative: Initiative, *, meeting, on: datetime.date,
              management_object: ManagementObject | None = None,
              management_budget_ore: int | None = None,
              expected_version: int | None = None, **kw) -> Initiative:
    """Genomförande → överlämning: creates (or links) the management object, seats each
    participant's signatory in its steering group and starts the object's plan for the year."""
    stages._expect(initiative, S.EXECUTION)
    if initiative.result != Initiative.Result.APPLICATION and management_object is None:
        raise ValidationError(_("Bara en applikation blir ett förvaltningsobjekt; ett "
                                "kunskapsresultat överlämnas utan objekt."))
    if management_object is None:
        management_object = ManagementObject(
            name=initiative.name, organisation_id=initiative.organisation_id,
            capability=initiative.capability, description=initiative.proposal,
            established_on=on)
        core.save_record(user, management_object)
    elif management_object.organisation_id != initiative.organisation_id:
        raise ValidationError(_("Förvaltningsobjektet ska ägas av samverkan."))
    seated = set(SteeringGroupMember.objects.filter(management_object=management_object)
                 .values_list("person_id", flat=True))
    for participation in _signatories(initiative):
        if participation.signatory_id in seated:
            continue
        core.save_child(user, SteeringGroupMember(
            management_object=management_object, person=participation.signatory,
            organisation=participation.organisation, mandate=_("Förvaltningsråd")),
            management_object)
    if not Plan.objects.filter(management_object=management_object, year=on.year,
                               kind=Plan.Kind.MANAGEMENT).exists():
        core.save_record(user, Plan(kind=Plan.Kind.MANAGEMENT, name=initiative.name,
                                    organisation_id=initiative.organisation_id,
                                    management_object=management_object, year=on.year))
    values = {"management_object": management_object}
    if management_budget_ore is not None:
        values["management_budget_ore"] = management_budget_ore
    return stages.move(user, initiative, S.HANDOVER, meeting=meeting, on=on,
                       expected_version=expected_version, **values, **kw)
