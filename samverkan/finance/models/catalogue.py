"""The service catalogue: services with prices, and the volumes each organisation used."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel, RestrictedQuerySet
from samverkan.core.permissions import Confidential
from samverkan.ledger.models import CostCategory  # budgets are kept by the ledger's categories
from samverkan.organisations.models import Organisation

from .common import YEAR, money_ore


class Service(GovernedModel):
    """A service in the joint IT organisation's catalogue (tjänstekatalog)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("levereras av"), on_delete=models.PROTECT,
        related_name="services")
    code = models.CharField(_("kod"), max_length=20)
    name = models.CharField(_("namn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=60,
                            help_text=_("Det som prissätts, t.ex. ”användare och månad”, ”st”, "
                                        "”GB”, ”timme”."))
    category = models.CharField(_("kostnadsslag"), max_length=20, choices=CostCategory.choices,
                                blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tjänst")
        verbose_name_plural = _("tjänster")
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"],
                                    condition=Q(archived_at__isnull=True),
                                    name="unique_active_service_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("finance:service", args=[self.pk])

    def history_children(self):
        return [ServicePrice.history.filter(service_id=self.pk)]


class ServicePrice(ChildModel):
    """A service's unit price (and budgeted total cost) for a year."""

    owner_field = "service__organisation"

    service = models.ForeignKey(Service, verbose_name=_("tjänst"), on_delete=models.CASCADE,
                                related_name="prices")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    unit_price_ore = models.BigIntegerField(_("pris per enhet (öre)"),
                                            validators=[MinValueValidator(0)])
    budget_ore = models.BigIntegerField(
        _("budget för tjänsten (öre)"), null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("Tjänstens budgeterade kostnad för året; fördelas i förskott med nyckeln."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pris")
        verbose_name_plural = _("priser")
        ordering = ["service", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["service", "year"], name="one_price_per_year"),
        ]

    def __str__(self) -> str:
        return _("%(service)s %(year)s: %(price)s per %(unit)s") % {
            "service": self.service, "year": self.year, "price": money_ore(self.unit_price_ore),
            "unit": self.service.unit}



class ServiceVolume(ChildModel):
    """How much of a service an organisation used in a period (a month, or the whole year)."""

    owner_field = "service__organisation"
    # a member's volumes: that member's users and the users of the organisation that
    # delivers the service
    confidential = (Confidential(readers=("service__organisation", "organisation")),)

    service = models.ForeignKey(Service, verbose_name=_("tjänst"), on_delete=models.PROTECT,
                                related_name="volumes")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="service_volumes")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    month = models.PositiveSmallIntegerField(
        _("månad"), default=0, validators=[MaxValueValidator(12)],
        help_text=_("1–12, eller 0 för hela året."))
    volume = models.DecimalField(_("volym"), max_digits=14, decimal_places=3,
                                 validators=[MinValueValidator(Decimal(0))])
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("volym")
        verbose_name_plural = _("volymer")
        ordering = ["-year", "month", "service__code", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "organisation", "year", "month"],
                                    name="one_volume_per_period"),
        ]
        indexes = [models.Index(fields=["year", "service"])]

    def __str__(self) -> str:
        return f"{self.service.code} {self.organisation} {self.period_label}"

    @property
    def period_label(self) -> str:
        return str(self.year) if not self.month else f"{self.year}-{self.month:02d}"

    def get_absolute_url(self) -> str:
        return reverse("finance:volumes") + f"?year={self.year}&service={self.service_id}"
