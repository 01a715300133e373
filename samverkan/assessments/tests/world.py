"""A small assessment world for the app's tests: Laxå assesses one of its systems with the
shipped Bilaga 3 questionnaire, a business respondent and an IT respondent."""

import datetime

from samverkan.assessments.models import Area, Assessment, Questionnaire, Respondent
from samverkan.assessments.services import questionnaires
from samverkan.testing.factories import PersonFactory, SystemFactory


def default_questionnaire() -> Questionnaire:
    return questionnaires.default()


def make_round(organisation, *, system=None, business_user=None, it_user=None) -> Assessment:
    system = system or SystemFactory(organisation=organisation, name="Lärplattform")
    assessment = Assessment.objects.create(
        organisation=organisation, system=system, questionnaire=default_questionnaire(),
        opened_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 3, 31))
    Respondent.objects.create(
        assessment=assessment, areas=[Area.BUSINESS, Area.ECONOMY],
        person=PersonFactory(organisation=organisation, name="Verksamhetsföreträdare",
                             email="verksamhet@example.se", user=business_user))
    Respondent.objects.create(
        assessment=assessment, areas=[Area.TECHNOLOGY, Area.SUPPLIER],
        person=PersonFactory(organisation=organisation, name="IT-tekniker",
                             email="it@example.se", user=it_user))
    return assessment


def answer_all(user, respondent, value):
    from samverkan.assessments.services import rounds

    statements = rounds.statements_for(respondent)
    return rounds.save_answers(user, respondent, {s.pk: value for s in statements})
