"""Benchmarking's own records: the installation's definition of IT cost (which of the ledger's
cost categories count), and key figures imported from another installation's file.

Both belong to the whole installation: its administrators (superusers) define and import them,
everyone signed in reads them."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import GovernedModel
from samverkan.ledger.models import CostCategory

ADMINISTERED = ("add", "change", "delete")
YEARS = [MinValueValidator(1990), MaxValueValidator(2100)]
# a municipality's yearly IT cost is far below this (Stockholm's whole budget is ~ 6e12 öre)
MAX_OUTCOME_ORE = 10 ** 15


class ITCostCategory(GovernedModel):
    """One of the ledger's cost categories that counts as IT cost in the installation's
    benchmarking. Which accounts a category holds is each organisation's account division
    (Kommun-Bas ranges by default), so the same category means the same kind of cost in every
    municipality's ledger."""

    owner_field = None
    administered_actions = ADMINISTERED

    name = models.CharField(_("namn"), max_length=200)
    ledger_category = models.CharField(_("kostnadsslag i bokföringen"), max_length=10,
                                       choices=CostCategory.choices)
    definition = models.TextField(_("definition"), blank=True, help_text=_(
        "Vad som ingår, t.ex. vilka konton och tjänster."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IT-kostnadskategori")
        verbose_name_plural = _("IT-kostnadskategorier")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(
            fields=["ledger_category"], condition=Q(archived_at__isnull=True),
            name="analysis_one_it_category_per_ledger_category",
            violation_error_message=_("Kostnadsslaget ingår redan i en annan IT-kategori."))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analysis:it_category_edit", args=[self.pk])


class ExternalKeyFigure(GovernedModel):
    """One municipality's key figures for one year as another installation exported them.
    Only the inputs are kept; the per-inhabitant, per-user and per-system figures are computed
    from them as the installation's own are."""

    owner_field = None
    administered_actions = ADMINISTERED

    source_installation = models.CharField(_("källa (installation)"), max_length=200)
    exported_on = models.DateField(_("exportdatum"), null=True, blank=True)
    municipality_name = models.CharField(_("kommun"), max_length=200)
    municipality_code = models.CharField(_("kommunkod"), max_length=4, blank=True)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEARS)
    outcome_ore = models.BigIntegerField(_("IT-kostnad (öre)"), validators=[
        MinValueValidator(-MAX_OUTCOME_ORE), MaxValueValidator(MAX_OUTCOME_ORE)])
    population = models.PositiveIntegerField(_("folkmängd"), null=True, blank=True,
                                             validators=[MaxValueValidator(100_000_000)])
    population_year = models.PositiveSmallIntegerField(_("folkmängd år"), null=True, blank=True,
                                                       validators=YEARS)
    users = models.PositiveIntegerField(_("användare"), null=True, blank=True,
                                        validators=[MaxValueValidator(100_000_000)])
    systems = models.PositiveIntegerField(_("system"), null=True, blank=True,
                                          validators=[MaxValueValidator(1_000_000)])
    categories = models.CharField(_("IT-kostnadskategorier"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("externt nyckeltal")
        verbose_name_plural = _("externa nyckeltal")
        ordering = ["source_installation", "municipality_name", "year"]
        constraints = [models.UniqueConstraint(
            fields=["source_installation", "municipality_name", "year"],
            condition=Q(archived_at__isnull=True), name="analysis_one_external_figure")]
        indexes = [models.Index(fields=["year"], name="analysis_external_year")]

    def __str__(self) -> str:
        return f"{self.municipality_name} {self.year} ({self.source_installation})"
