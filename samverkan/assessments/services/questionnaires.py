"""Versions of the questionnaire: copying one to adapt it, and its weights."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.services import check_can, save_record

from .. import bilaga3
from ..models import EconomyField, Questionnaire, Statement, SubArea


def default() -> Questionnaire:
    """The installation's default version; the shipped Bilaga 3 again where a database was
    emptied after the migration made it (as a test's flush does)."""
    found = Questionnaire.objects.filter(is_default=True).order_by("pk").first()
    return found or bilaga3.load(Questionnaire, SubArea, Statement, EconomyField)


@transaction.atomic
def copy(user, questionnaire: Questionnaire) -> Questionnaire:
    """A new version with the same areas, statements, weights and economy fields; rounds
    already made keep the version they were answered with."""
    edition = (Questionnaire.objects.filter(name=questionnaire.name).aggregate(
        n=Max("edition"))["n"] or 0) + 1
    new = save_record(user, Questionnaire(
        name=questionnaire.name, edition=edition, previous=questionnaire,
        description=questionnaire.description))
    for sub in questionnaire.sub_areas.prefetch_related("statements"):
        new_sub = SubArea.objects.create(questionnaire=new, area=sub.area, name=sub.name,
                                         weight=sub.weight, position=sub.position)
        Statement.objects.bulk_create([Statement(
            questionnaire=new, sub_area=new_sub, code=s.code, text=s.text,
            knock_out=s.knock_out, position=s.position) for s in sub.statements.all()])
    EconomyField.objects.bulk_create([EconomyField(
        questionnaire=new, code=f.code, label=f.label, unit=f.unit, source=f.source,
        position=f.position) for f in questionnaire.economy_fields.all()])
    return new


@transaction.atomic
def set_weights(user, questionnaire: Questionnaire, weights: dict) -> None:
    """Weights of a version nobody has answered yet; each axis must sum to 100 %."""
    check_can(user, permissions.CHANGE, questionnaire)
    if questionnaire.assessments.exists():
        raise ValidationError(_("Versionen används redan i bedömningar. Kopiera den till en "
                                "ny version och ändra vikterna där."))
    for sub in questionnaire.sub_areas.all():
        if sub.pk in weights:
            sub.weight = weights[sub.pk]
            sub.save(update_fields=["weight"])
    errors = questionnaire.weight_errors()
    if errors:
        raise ValidationError(errors)
    save_record(user, questionnaire, expected_version=questionnaire.version)
