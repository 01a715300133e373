"""The benefit register (nyttokalkyl, B1–B10): each benefit with its definition, where it
arises, type, indicator, baseline, target per year, owner and confidence, and per year the value
realised; the initiative's costs per year beside them."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel
from samverkan.organisations.models import Organisation, Person

from .initiatives import Initiative

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


class Benefit(ChildModel):
    owner_field = "initiative__organisation"

    class Kind(models.TextChoices):
        MONEY = "pengar", _("Pengar (finansiell nytta)")
        TIME = "tid", _("Tid (omfördelningsnytta)")
        QUALITY = "kvalitet", _("Kvalitet")
        OTHER = "annan", _("Annan")

    class Confidence(models.TextChoices):
        ESTIMATE = "estimat", _("Estimat")
        INDICATION = "indikation", _("Indikation")
        REASONABLENESS = "rimlighet", _("Rimlighetsbedömning")

    initiative = models.ForeignKey(Initiative, verbose_name=_("initiativ"),
                                   on_delete=models.CASCADE, related_name="benefits")
    name = models.CharField(_("nytta"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    organisation = models.ForeignKey(Organisation, verbose_name=_("uppstår hos"),
                                     on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    indicator = models.CharField(_("indikator / mått"), max_length=300)
    baseline = models.CharField(_("nuläge"), max_length=200, blank=True)
    owner = models.ForeignKey(Person, verbose_name=_("nyttoägare"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="+")
    confidence = models.CharField(_("säkerhet"), max_length=10, choices=Confidence.choices,
                                  default=Confidence.INDICATION)
    follow_up_on = models.DateField(_("följs upp senast"), null=True, blank=True)
    winner = models.TextField(_("vem får vinsten?"), blank=True)
    winner_decision = models.ForeignKey(
        "planning.Decision", verbose_name=_("beslut om vinsten"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
        help_text=_("Beslutet om vem som behåller det frigjorda beloppet (§ på ett möte)."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nytta")
        verbose_name_plural = _("nyttor")
        ordering = ["name"]
        # the follow-up lists benefit years by initiative and benefit name: with this and the
        # initiatives' name index a page is read in index order, not sorted from every row
        indexes = [models.Index(fields=["initiative", "name", "id"],
                                name="initiatives_benefit_by_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.initiative.get_absolute_url() + "#nyttor"


class BenefitYear(ChildModel):
    """Target and realised value of a benefit in one year; money in öre, other kinds in the
    indicator's unit."""

    owner_field = "benefit__initiative__organisation"

    benefit = models.ForeignKey(Benefit, verbose_name=_("nytta"), on_delete=models.CASCADE,
                                related_name="years")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    target = models.BigIntegerField(_("mål"))
    realised = models.BigIntegerField(_("realiserat"), null=True, blank=True)
    realised_on = models.DateField(_("uppföljt"), null=True, blank=True)
    comment = models.CharField(_("kommentar"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nyttoår")
        verbose_name_plural = _("nyttoår")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["benefit", "year"],
                                               name="unique_benefit_year")]


class CostYear(ChildModel):
    owner_field = "initiative__organisation"

    initiative = models.ForeignKey(Initiative, verbose_name=_("initiativ"),
                                   on_delete=models.CASCADE, related_name="cost_years")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    amount_ore = models.BigIntegerField(_("kostnad (öre)"))
    note = models.CharField(_("avser"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kostnadsår")
        verbose_name_plural = _("kostnadsår")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)
