"""Saved calculations, the internal hourly cost they use, and scenarios of ordered steps.

A calculation keeps its inputs (structured: activities, cost lines, …) and recomputes its outputs
through the calculators whenever it is shown, so a stored result can never disagree with its
inputs. Owned by the cooperation (or member) whose analysis it is."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import Organisation


class HourlyCost(GovernedModel):
    """The internal hourly cost a cooperation uses in every calculator for one year."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("samverkan"),
                                     on_delete=models.PROTECT, related_name="hourly_costs")
    year = models.PositiveSmallIntegerField(_("år"))
    rate_ore = models.BigIntegerField(_("timkostnad (öre)"))
    basis = models.TextField(_("underlag"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internkostnad per timme")
        verbose_name_plural = _("internkostnader per timme")
        ordering = ["organisation__name", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"],
                                               name="one_hourly_cost_per_year")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class Calculation(GovernedModel):
    class Kind(models.TextChoices):
        PROCUREMENT = "upphandling", _("Gemensam upphandling och implementation")
        HOSTING = "drift", _("Egen drift eller leverantörens moln")
        LICENCES = "licenser", _("Licensjämförelse avtalat och fakturerat")

    class Confidence(models.TextChoices):
        INDICATION = "indikation", _("Indikation")
        ESTIMATE = "estimat", _("Estimat")
        CALCULATION = "kalkyl", _("Kalkyl med underlag")

    organisation = models.ForeignKey(Organisation, verbose_name=_("samverkan"),
                                     on_delete=models.PROTECT, related_name="calculations")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ägare"),
                              on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("år"))
    inputs = models.JSONField(_("indata"), default=dict, blank=True, editable=False)
    confidence = models.CharField(_("säkerhet"), max_length=12, choices=Confidence.choices,
                                  default=Confidence.INDICATION)
    caveats = models.TextField(_("förbehåll"), blank=True)
    source_note = models.TextField(_("skillnad mot källan"), blank=True, help_text=_(
        "Där källans tryckta siffra inte följer av dess indata: vad som skiljer och varför."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beräkning")
        verbose_name_plural = _("beräkningar")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analysis:calculation", args=[self.pk])


class Scenario(GovernedModel):
    organisation = models.ForeignKey(Organisation, verbose_name=_("samverkan"),
                                     on_delete=models.PROTECT, related_name="scenarios")
    name = models.CharField(_("namn"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ägare"),
                              on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("beskrivning"), blank=True)
    recommended = models.BooleanField(_("rekommenderat"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarier")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analysis:scenario", args=[self.pk])


class ScenarioStep(ChildModel):
    owner_field = "scenario__organisation"

    scenario = models.ForeignKey(Scenario, verbose_name=_("scenario"), on_delete=models.CASCADE,
                                 related_name="steps")
    position = models.PositiveSmallIntegerField(_("ordning"))
    name = models.CharField(_("steg"), max_length=200)
    calculation = models.ForeignKey(Calculation, verbose_name=_("beräkning"),
                                    on_delete=models.PROTECT, related_name="steps")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steg")
        verbose_name_plural = _("steg")
        ordering = ["scenario", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["scenario", "position"],
                                               name="one_step_per_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

from .benchmark_models import ExternalKeyFigure, ITCostCategory  # noqa: E402,F401
