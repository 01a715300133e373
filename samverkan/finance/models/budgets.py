"""Budgets per management object and year, by cost category."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.ledger.models import CostCategory  # budgets are kept by the ledger's categories
from samverkan.portfolio.models import ManagementObject

from .common import YEAR, money_ore
from .keys import AllocationKey


class Budget(GovernedModel):
    """A management object's budget for a year, by cost category, split by a key."""

    owner_field = "management_object__organisation"

    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.PROTECT,
        related_name="budgets")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    key = models.ForeignKey(AllocationKey, verbose_name=_("fördelningsnyckel"),
                            on_delete=models.PROTECT, null=True, blank=True, related_name="budgets")
    note = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")
        ordering = ["-year", "management_object__name"]
        constraints = [
            models.UniqueConstraint(fields=["management_object", "year"],
                                    condition=Q(archived_at__isnull=True),
                                    name="one_active_budget_per_object_year"),
        ]

    def __str__(self) -> str:
        return _("Budget %(year)s %(object)s") % {"year": self.year, "object": self.management_object}

    def get_absolute_url(self) -> str:
        return reverse("finance:budget", args=[self.pk])

    def history_children(self):
        return [BudgetLine.history.filter(budget_id=self.pk)]


class BudgetLine(ChildModel):
    owner_field = "budget__management_object__organisation"

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE,
                               related_name="lines")
    category = models.CharField(_("kostnadsslag"), max_length=20, choices=CostCategory.choices)
    amount_ore = models.BigIntegerField(_("budget (öre)"))
    forecast_ore = models.BigIntegerField(_("prognos (öre)"), null=True, blank=True)
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "category"], name="one_line_per_category"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {money_ore(self.amount_ore)}"
