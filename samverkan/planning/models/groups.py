"""Steering groups above a single object or project (M1, F1, [004] programstyrgrupp): an object
family's, the portfolio's and the programme's, each with its members, the organisations they
represent and the group's mandate. An object's steering group stays on the object
(`portfolio.SteeringGroupMember`), a project's on its plan (`PlanSteeringMember`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import (
    Organisation,
    Person,
    refuse_unrelated_seat,
    related_organisation_ids,
)
from samverkan.portfolio.models import ManagementObject


class SteeringGroup(GovernedModel):
    class Level(models.TextChoices):
        FAMILY = "objektfamilj", _("Objektfamilj")
        PORTFOLIO = "portfolj", _("Portfölj")
        PROGRAMME = "program", _("Programstyrgrupp")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
        related_name="steering_bodies")
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    name = models.CharField(_("namn"), max_length=200)
    mandate = models.TextField(
        _("mandat"), blank=True,
        help_text=_("Vad gruppen beslutar om och vad som lyfts vidare, t.ex. till "
                    "kommunledningsgruppen."))
    management_objects = models.ManyToManyField(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), blank=True,
        related_name="steering_bodies",
        help_text=_("En objektfamiljs objekt. En portfölj utan valda objekt omfattar alla "
                    "objekt i organisationen och dess medlemmar."))

    history = HistoricalRecords(m2m_fields=[management_objects])

    class Meta:
        verbose_name = _("styrgrupp")
        verbose_name_plural = _("styrgrupper")
        ordering = ["level", "name"]
        constraints = [models.UniqueConstraint(
            fields=["organisation", "name"], condition=Q(archived_at__isnull=True),
            name="unique_active_steering_group_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:group", args=[self.pk])

    def covered_objects(self):
        """The management objects the group follows up: its chosen objects, or for a portfolio
        without a choice every object of its organisation's circle."""
        chosen = ManagementObject.objects.filter(steering_bodies=self)
        if self.level == self.Level.PORTFOLIO and not chosen.exists():
            return ManagementObject.objects.filter(
                organisation_id__in=related_organisation_ids(self.organisation_id))
        return chosen

    def history_children(self):
        return [SteeringGroupSeat.history.filter(group_id=self.pk)]


class SteeringGroupSeat(ChildModel):
    """A member of a family, portfolio or programme steering group."""

    owner_field = "group__organisation"

    group = models.ForeignKey(SteeringGroup, verbose_name=_("styrgrupp"),
                              on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="steering_seats")
    organisation = models.ForeignKey(Organisation, verbose_name=_("företräder"),
                                     on_delete=models.PROTECT, related_name="+")
    mandate = models.CharField(_("mandat"), max_length=300, blank=True)
    is_chair = models.BooleanField(_("ordförande"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("styrgruppsledamot")
        verbose_name_plural = _("ledamöter")
        ordering = ["-is_chair", "organisation__name", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"

    def clean(self):
        if self.group_id:
            refuse_unrelated_seat(self.group.organisation_id, self)
            if self.person_id and SteeringGroupSeat.objects.filter(
                    group_id=self.group_id, person_id=self.person_id).exclude(pk=self.pk).exists():
                raise ValidationError({"person": _("Personen sitter redan i styrgruppen.")})
