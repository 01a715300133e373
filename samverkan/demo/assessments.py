"""Bilaga 3 answered for the demo's learning platforms ([004] Bilaga 3, [001] «Estimat ny
lärplattform»): each municipality assesses its own learning-platform systems with two
respondents – a headteacher for business value and economy, an IT technician for technology and
supplier – and the round is closed, so the TIME page shows them and the members' spread.

The answers are examples (the seeds give none); they are chosen so the four dispositions all
occur. `load()` is idempotent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from samverkan.assessments.models import Area, Assessment, Respondent
from samverkan.assessments.services import questionnaires, rounds
from samverkan.organisations.models import Person
from samverkan.portfolio.models import System

from . import sydnarke

OPENED = datetime.date(2026, 9, 1)
# product → (business value answer, technology answer, supplier answer), the V9 answer
ANSWERS = {
    "Infomentor": ((4, 4, 4), 4),
    "Unikum": ((4, 2, 3), 4),
    "Haldor Education": ((2, 4, 4), 2),
}
# per municipality a small offset, so that members of the same product differ (the spread)
OFFSET = {"1814": 0, "1861": 0, "1882": 1, "1860": -1}
# E2 support and E3 development (tkr): no register source, entered by the respondent
ENTERED_TKR = {"E2": Decimal("45"), "E3": Decimal("20")}


def _clamp(value: int) -> int:
    return max(1, min(5, value))


@transaction.atomic
def load() -> int:
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    questionnaire = questionnaires.default()
    if admin is None or questionnaire is None:
        return 0
    made = 0
    for code, town in sydnarke.municipalities().items():
        systems = System.objects.filter(organisation=town,
                                        management_object__name="Lärplattform",
                                        product__name__in=ANSWERS)
        for system in systems:
            if Assessment.objects.filter(system=system, organisation=town).exists():
                continue
            _assess(admin, questionnaire, town, code, system)
            made += 1
    return made


def _person(town, name: str, email: str) -> Person:
    person, _created = Person.objects.get_or_create(
        organisation=town, name=name, defaults={"email": email})
    return person


def _assess(admin, questionnaire, town, code, system) -> None:
    assessment = Assessment.objects.create(
        organisation=town, system=system, questionnaire=questionnaire, opened_on=OPENED,
        due_on=OPENED + datetime.timedelta(days=30))
    slug = town.name.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    business = Respondent.objects.create(
        assessment=assessment, areas=[Area.BUSINESS, Area.ECONOMY],
        person=_person(town, f"Rektor {town.name}", f"rektor@{slug}.example.se"))
    it = Respondent.objects.create(
        assessment=assessment, areas=[Area.TECHNOLOGY, Area.SUPPLIER],
        person=_person(town, f"IT-tekniker {town.name}", f"it@{slug}.example.se"))
    (value, technology, supplier), v9 = ANSWERS[system.product.name]
    offset = OFFSET.get(code, 0)
    by_area = {Area.BUSINESS: _clamp(value + offset), Area.TECHNOLOGY: _clamp(technology + offset),
               Area.SUPPLIER: _clamp(supplier)}
    for respondent in (business, it):
        answers = {}
        for statement in rounds.statements_for(respondent):
            answers[statement.pk] = v9 if statement.knock_out else by_area[statement.sub_area.area]
            if statement.code == "T4":
                answers[statement.pk] = None  # «Vet ej / ej tillämpligt»: no citizen dialogue
        economy = None
        if Area.ECONOMY in respondent.areas:
            economy = rounds.prefill(admin, assessment)
            for field in questionnaire.economy_fields.filter(code__in=ENTERED_TKR):
                economy[field.pk] = (ENTERED_TKR[field.code], "Uppskattat av verksamheten")
        rounds.save_answers(admin, respondent, answers, economy)
    assessment.refresh_from_db()
    rounds.close(admin, assessment, expected_version=assessment.version)
