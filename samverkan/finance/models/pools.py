"""Cost pools with their participants, and the distributions approved from them (snapshots)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel, RestrictedQuerySet
from samverkan.core.permissions import Confidential
from samverkan.ledger.models import CostCategory  # budgets are kept by the ledger's categories
from samverkan.organisations.models import Organisation, refuse_unrelated
from samverkan.portfolio.models import ManagementObject, System

from .catalogue import Service
from .common import PERCENT, YEAR, money_ore
from .keys import AllocationKey, KeyVersion, key_text


class CostPool(GovernedModel):
    """Something that gets split between organisations: a project budget, a management budget,
    a service's cost, or actual costs from the ledger, for one year."""

    class Source(models.TextChoices):
        FIXED = "belopp", _("Fast belopp (t.ex. projektbudget)")
        BUDGET = "budget", _("Förvaltningsobjektets budget")
        SERVICE_BUDGET = "tjanstebudget", _("Tjänstens budget, fördelad i förskott")
        SERVICE_VOLUME = "volym", _("Tjänstens volymer × pris (faktisk förbrukning)")
        LEDGER = "utfall", _("Utfall från huvudboken")

    class Purpose(models.TextChoices):
        PROJECT = "projekt", _("Projekt")
        MANAGEMENT = "forvaltning", _("Förvaltning")
        SERVICE = "tjanst", _("Tjänster och drift")
        OTHER = "ovrigt", _("Övrigt")

    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ansvarig organisation"), on_delete=models.PROTECT,
        related_name="cost_pools",
        help_text=_("Samverkan eller organisation som driver poolen och fakturerar deltagarna."))
    purpose = models.CharField(_("avser"), max_length=12, choices=Purpose.choices,
                               default=Purpose.PROJECT)
    source = models.CharField(_("beloppet kommer från"), max_length=14, choices=Source.choices,
                              default=Source.FIXED)
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR)
    key = models.ForeignKey(AllocationKey, verbose_name=_("fördelningsnyckel"),
                            on_delete=models.PROTECT, null=True, blank=True, related_name="pools",
                            help_text=_("Den version av nyckeln som gäller 1 januari används."))
    amount_ore = models.BigIntegerField(_("belopp (öre)"), null=True, blank=True)
    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="cost_pools")
    category = models.CharField(_("kostnadsslag"), max_length=20, choices=CostCategory.choices,
                                blank=True, help_text=_("Tomt: alla kostnadsslag."))
    service = models.ForeignKey(Service, verbose_name=_("tjänst"), on_delete=models.PROTECT,
                                null=True, blank=True, related_name="cost_pools")
    ledger_organisation = models.ForeignKey(
        Organisation, verbose_name=_("bokfört hos"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", help_text=_("Utfall: vems huvudbok kostnaderna hämtas ur."))
    system = models.ForeignKey(System, verbose_name=_("system"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="+")
    contract = models.ForeignKey("contracts.Contract", verbose_name=_("avtal"),
                                 on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 help_text=_("Utfall: bara kostnader matchade mot avtalet."))
    decision = models.CharField(_("beslut"), max_length=300, blank=True,
                                help_text=_("T.ex. ”Styrgruppen 2025-11-12 § 4”."))
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kostnadspool")
        verbose_name_plural = _("kostnadspooler")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "name"],
                                    condition=Q(archived_at__isnull=True),
                                    name="unique_active_pool_name"),
        ]
        indexes = [models.Index(fields=["organisation", "year"])]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("finance:pool", args=[self.pk])

    @property
    def key_date(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    def clean(self):
        errors = {}
        required = {
            self.Source.FIXED: ["amount_ore"],
            self.Source.BUDGET: ["management_object"],
            self.Source.SERVICE_BUDGET: ["service"],
            self.Source.SERVICE_VOLUME: ["service"],
            self.Source.LEDGER: [],
        }[self.source]
        for name in required:
            if getattr(self, name if name == "amount_ore" else f"{name}_id") in (None, ""):
                errors[name] = _("Behövs när beloppet kommer från ”%(source)s”.") % {
                    "source": self.get_source_display()}
        if self.source != self.Source.SERVICE_VOLUME and not self.key_id:
            errors["key"] = _("Välj hur beloppet ska fördelas.")
        if self.source == self.Source.LEDGER and not any(
                (self.management_object_id, self.system_id, self.ledger_organisation_id,
                 self.contract_id, self.category)):
            errors["ledger_organisation"] = _("Avgränsa utfallet: ange minst organisation, avtal, "
                                              "förvaltningsobjekt, system eller kostnadsslag.")
        if errors:
            raise ValidationError(errors)

    def history_children(self):
        return [PoolParticipant.history.filter(pool_id=self.pk)]


class PoolParticipant(ChildModel):
    """An organisation that shares a pool, with any reduction (the gift model)."""

    class Reduction(models.TextChoices):
        NONE = "", _("Ingen – betalar full andel")
        EXEMPT = "exempt", _("Befriad – betalar ingenting")
        PERCENT = "percent", _("Nedsatt med procent")
        AMOUNT = "amount", _("Nedsatt med belopp")

    owner_field = "pool__organisation"

    pool = models.ForeignKey(CostPool, verbose_name=_("pool"), on_delete=models.CASCADE,
                             related_name="participants")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="pool_participations")
    reduction = models.CharField(_("nedsättning"), max_length=8, choices=Reduction.choices,
                                 blank=True, default="")
    reduction_percent = models.DecimalField(_("nedsättning (%)"), max_digits=5, decimal_places=2,
                                            null=True, blank=True, validators=PERCENT)
    reduction_ore = models.BigIntegerField(_("nedsättning (öre)"), null=True, blank=True,
                                           validators=[MinValueValidator(0)])
    reason = models.CharField(_("skäl"), max_length=300, blank=True,
                              help_text=_("T.ex. ”Gåva av e-tjänsten enligt SGM4, beslut …”."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["pool", "organisation"], name="one_participation"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self):
        # an editor cannot make an unrelated organisation pay (nor address invoicing to it)
        refuse_unrelated(self.pool.organisation_id if self.pool_id else None,
                         organisation=self.organisation if self.organisation_id else None)
        if self.reduction == self.Reduction.PERCENT and self.reduction_percent is None:
            raise ValidationError({"reduction_percent": _("Ange hur många procent.")})
        if self.reduction == self.Reduction.AMOUNT and self.reduction_ore is None:
            raise ValidationError({"reduction_ore": _("Ange beloppet.")})
        if self.reduction and not self.reason:
            raise ValidationError({"reason": _("Ange skälet till nedsättningen (t.ex. gåva).")})
        if self.reduction != self.Reduction.PERCENT:
            self.reduction_percent = None
        if self.reduction != self.Reduction.AMOUNT:
            self.reduction_ore = None


# -- approved distributions ------------------------------------------------------------------------

class Distribution(models.Model):
    """A split as approved (fastställd): a snapshot that later data changes never alter. A new
    approval of the same pool supersedes the previous one, which is kept."""

    class Status(models.TextChoices):
        APPROVED = "faststalld", _("Fastställd")
        SUPERSEDED = "ersatt", _("Ersatt")

    owner_field = "pool__organisation"
    # the explanation names every member's amount and reduction: for the pool's organisation
    confidential = (Confidential(fields=("explanation",)),)

    pool = models.ForeignKey(CostPool, verbose_name=_("pool"), on_delete=models.PROTECT,
                             related_name="distributions")
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.APPROVED)
    total_ore = models.BigIntegerField(_("belopp (öre)"))
    pool_name = models.CharField(_("pool"), max_length=200)
    amount_source = models.CharField(_("beloppets källa"), max_length=500)
    key = models.ForeignKey(AllocationKey, verbose_name=_("nyckel"), on_delete=models.PROTECT,
                            null=True, blank=True, related_name="+")
    key_version = models.ForeignKey(KeyVersion, verbose_name=_("nyckelversion"),
                                    on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="distributions")
    key_label = models.CharField(_("nyckel"), max_length=500)
    key_valid_from = models.DateField(_("nyckeln gäller från"), null=True, blank=True)
    # the split's own year, and the sources of the figures used; where a member's figure for
    # that year was missing, the nearest year's was used and `population_note` says so
    population_year = models.PositiveSmallIntegerField(_("folkmängd för år"), null=True, blank=True)
    population_source = models.CharField(_("källa för folkmängd"), max_length=300, blank=True)
    population_note = models.CharField(_("folkmängd från annat år"), max_length=500, blank=True)
    decision = models.CharField(_("beslut"), max_length=300, blank=True)
    # who shares it (as the pool's participants, public): a comparison between years reads
    # this, never the members' lines, which each member alone reads
    member_ids = models.JSONField(_("deltagare"), default=list, blank=True)
    explanation = models.JSONField(_("avrundning och nedsättningar"), default=list, blank=True)
    fingerprint = models.CharField(max_length=64)
    approved_at = models.DateTimeField(_("fastställd"), default=timezone.now)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("fastställd av"),
                                    on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(_("ersatt"), null=True, blank=True)
    superseded_by = models.ForeignKey("self", verbose_name=_("ersatt av"), on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+")

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fastställd fördelning")
        verbose_name_plural = _("fastställda fördelningar")
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pool"], condition=Q(status="faststalld"),
                                    name="one_approved_distribution_per_pool"),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return _("%(pool)s, fastställd %(day)s") % {
            "pool": self.pool_name, "day": self.approved_at.strftime("%Y-%m-%d")}

    def get_absolute_url(self) -> str:
        return reverse("finance:distribution", args=[self.pk])

    @property
    def key_text(self) -> str:
        """The key's one name (`keys.key_text`); select `key` with the distribution."""
        return key_text(self.key, self.key_label)


class DistributionLine(models.Model):
    """One member's part of an approved distribution."""

    owner_field = "distribution__pool__organisation"
    # a member's part: that member's users and the users of the organisation that runs the
    # pool, never the other members
    confidential = (Confidential(readers=("distribution__pool__organisation", "organisation")),)

    distribution = models.ForeignKey(Distribution, verbose_name=_("fördelning"),
                                     on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="distribution_lines")
    basis_value = models.DecimalField(_("underlag"), max_digits=20, decimal_places=4, null=True,
                                      blank=True)
    basis_text = models.CharField(_("underlag"), max_length=500)
    basis_detail = models.JSONField(default=list, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("folkmängd från år"), null=True, blank=True,
        help_text=_("Det år vars folkmängd medlemmens andel byggde på."))
    share_percent = models.DecimalField(_("andel enligt nyckel (%)"), max_digits=14,
                                        decimal_places=8)
    full_ore = models.BigIntegerField(_("andel enligt nyckel (öre)"))
    amount_ore = models.BigIntegerField(_("att betala (öre)"))
    extra_ore = models.SmallIntegerField(_("avrundning (öre)"), default=0)
    remainder = models.DecimalField(_("rest vid avrundning (öre)"), max_digits=12,
                                    decimal_places=8, default=0)
    reduction_text = models.CharField(_("nedsättning"), max_length=400, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fördelningsrad")
        verbose_name_plural = _("fördelningsrader")
        ordering = ["distribution", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "organisation"],
                                    name="one_line_per_member"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {money_ore(self.amount_ore)}"

    @property
    def adjustment_ore(self) -> int:
        return self.amount_ore - self.full_ore
