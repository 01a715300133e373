"""References from planning stay within the organisation's circle."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.planning.models import Plan, PlanSteeringMember
from samverkan.testing.factories import PersonFactory

from .factories import PlanFactory

D = datetime.date


@pytest.mark.django_db
def test_a_project_plans_steering_group_stays_within_its_organisations_circle(
        laxa, hallsberg, cooperation):
    """The same circle as every reference: Laxå's project plan cannot seat Hallsberg's people;
    the board (a cooperation Laxå is in) may sit."""
    plan = PlanFactory(management_object__organisation=laxa, kind=Plan.Kind.PROJECT,
                       starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    stranger = PlanSteeringMember(plan=plan, person=PersonFactory(organisation=hallsberg),
                                  organisation=hallsberg)
    with pytest.raises(ValidationError, match="Hallsberg"):
        stranger.clean()
    PlanSteeringMember(plan=plan, person=PersonFactory(organisation=cooperation),
                       organisation=cooperation).clean()
