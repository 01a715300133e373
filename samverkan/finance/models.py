"""Financing: allocation keys (versioned), cost pools with participants and reductions, approved
distributions (snapshots), invoicing bases per member, the service catalogue with volumes, and
budgets per management object by cost category.

Amounts are whole öre in integer columns (the database sums them; SQLite would drift on
decimals). Who sees what: keys, pools and totals are read by every signed-in user; a member's
share of a split, its volumes and its invoicing basis are read only by that member's users and
by the users of the organisation that runs the pool (see `SharedRecordQuerySet`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core import permissions
from samverkan.core.formatting import format_money, format_number, ore_to_kronor
from samverkan.core.models import ChildModel, GovernedModel, RestrictedQuerySet
from samverkan.ledger.models import CostCategory  # budgets are kept by the ledger's categories
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import ManagementObject, System

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
ACCOUNT = RegexValidator(r"^\d{3,8}$", _("Ett konto är 3–8 siffror, t.ex. 6540."))


class SharedRecordQuerySet(RestrictedQuerySet):
    """Records about one member that are read by that member's users and by the users of the
    organisation that runs them (a member's share, volumes, invoicing basis), never by other
    members. Changes follow the ordinary owner rule (`owner_field`)."""

    def for_user(self, user, action: str = permissions.VIEW):
        queryset = super().for_user(user, action)
        if action != permissions.VIEW or not getattr(user, "is_authenticated", False) \
                or user.is_superuser:
            return queryset
        mine = permissions.organisations_where(user, permissions.Role.READER)
        condition = Q()
        for path in self.model.shared_with:
            condition |= Q(**{f"{path}__in": mine})
        return queryset.filter(condition)


def can_view_shared(user, obj) -> bool:
    """The one-object form of `SharedRecordQuerySet`."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    mine = permissions.organisations_where(user, permissions.Role.READER)
    return any(_walk(obj, path) in mine for path in type(obj).shared_with)


def _walk(obj, path: str):
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, f"{parts[-1]}_id", None)


def sees_every_member(user, organisation_id: int | None) -> bool:
    """Users of the organisation that runs a pool (and superusers) see every member's part."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or organisation_id in permissions.organisations_where(
        user, permissions.Role.READER)


def money_ore(value: int | None) -> str:
    return format_money(ore_to_kronor(value)) if value is not None else ""


# -- allocation keys -------------------------------------------------------------------------------

class AllocationKey(GovernedModel):
    """A fördelningsnyckel: how a cooperation splits costs. Its rules live in versions, each valid
    from a date, so changing a key never rewrites a period that has already been split."""

    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägare"), on_delete=models.PROTECT,
        related_name="allocation_keys",
        help_text=_("Samverkan eller organisation som beslutar om nyckeln."),
    )
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fördelningsnyckel")
        verbose_name_plural = _("fördelningsnycklar")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"],
                                    condition=Q(archived_at__isnull=True),
                                    name="unique_active_key_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("finance:key", args=[self.pk])

    def version_on(self, day: datetime.date):
        """The version in force on `day` (None if the key had not started)."""
        versions = [v for v in self.versions.all() if v.valid_from <= day]
        return max(versions, key=lambda v: v.valid_from) if versions else None

    def history_children(self):
        return [KeyVersion.history.filter(key_id=self.pk),
                KeyShare.history.filter(version__key_id=self.pk)]


class KeyVersion(ChildModel):
    """One version of a key, valid from a date until the next version starts."""

    class Method(models.TextChoices):
        POPULATION = "folkmangd", _("Folkmängd")
        EQUAL = "lika", _("Lika delar")
        USERS = "anvandare", _("Antal användare av ett system")
        CUSTOM = "procent", _("Egna procentsatser")
        MIXED = "viktad", _("Viktad blandning")

    owner_field = "key__organisation"

    key = models.ForeignKey(AllocationKey, verbose_name=_("nyckel"), on_delete=models.CASCADE,
                            related_name="versions")
    valid_from = models.DateField(_("gäller från"))
    method = models.CharField(_("metod"), max_length=12, choices=Method.choices)
    equal_weight = models.DecimalField(_("vikt lika delar (%)"), max_digits=5, decimal_places=2,
                                       default=0, validators=PERCENT)
    population_weight = models.DecimalField(_("vikt folkmängd (%)"), max_digits=5,
                                            decimal_places=2, default=0, validators=PERCENT)
    users_weight = models.DecimalField(_("vikt användare (%)"), max_digits=5, decimal_places=2,
                                       default=0, validators=PERCENT)
    custom_weight = models.DecimalField(_("vikt egna procentsatser (%)"), max_digits=5,
                                        decimal_places=2, default=0, validators=PERCENT)
    population_year = models.PositiveSmallIntegerField(
        _("folkmängd för år"), null=True, blank=True, validators=YEAR,
        help_text=_("Folkmängden detta år används, för alla deltagare. Saknas siffran för "
                    "någon deltagare är det ett fel, aldrig ett annat års siffra."))
    population_source = models.CharField(
        _("källa för folkmängd"), max_length=200, blank=True,
        help_text=_("Lämna tomt så fylls källan i från folkmängdsuppgifterna."))
    system = models.ForeignKey(System, verbose_name=_("system (antal användare)"),
                               on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(_("beslut / kommentar"), max_length=300, blank=True)

    history = HistoricalRecords()

    COMPONENTS = (("equal", "equal_weight"), ("population", "population_weight"),
                  ("users", "users_weight"), ("custom", "custom_weight"))
    PURE = {Method.EQUAL: "equal_weight", Method.POPULATION: "population_weight",
            Method.USERS: "users_weight", Method.CUSTOM: "custom_weight"}

    class Meta:
        verbose_name = _("nyckelversion")
        verbose_name_plural = _("nyckelversioner")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="one_key_version_per_day"),
        ]

    def __str__(self) -> str:
        return _("%(key)s från %(day)s") % {"key": self.key, "day": self.valid_from.isoformat()}


    def get_absolute_url(self) -> str:
        return self.key.get_absolute_url()

    def components(self) -> list[tuple[str, Decimal]]:
        """[(component, weight in per cent)] with a weight above zero."""
        return [(name, getattr(self, field)) for name, field in self.COMPONENTS
                if getattr(self, field)]

    def clean(self):
        if self.method in self.PURE:
            for _name, field in self.COMPONENTS:
                setattr(self, field, Decimal(100) if field == self.PURE[self.method] else 0)
        total = sum((getattr(self, f) or 0) for _n, f in self.COMPONENTS)
        errors = {}
        if total != 100:
            errors["equal_weight"] = _("Vikterna ska bli 100 %% tillsammans (nu %(total)s %%).") % {
                "total": format_number(total, 2)}
        if self.population_weight and not self.population_year:
            errors["population_year"] = _("Ange vilket års folkmängd nyckeln bygger på.")
        if not self.population_weight:
            self.population_year, self.population_source = None, ""
        if self.users_weight and not self.system_id:
            errors["system"] = _("Ange vilket systems användare nyckeln bygger på.")
        if not self.users_weight:
            self.system = None
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        """What the key does, for every page and export: 'Folkmängd 2025 (SCB …)'."""
        parts = []
        for name, weight in self.components():
            text = self.component_label(name)
            if weight != 100:
                text = f"{format_number(weight, 0)} % {text[:1].lower()}{text[1:]}"
            parts.append(text)
        return " + ".join(parts)

    def component_label(self, name: str) -> str:
        if name == "population":
            text = _("Folkmängd %(year)s") % {"year": self.population_year}
            return f"{text} ({self.population_source})" if self.population_source else text
        if name == "users":
            return _("Användare av %(system)s") % {"system": self.system}
        if name == "custom":
            return str(_("Egna procentsatser"))
        return str(_("Lika delar"))


class KeyShare(ChildModel):
    """A member's agreed percentage in a key version with custom percentages."""

    owner_field = "version__key__organisation"

    version = models.ForeignKey(KeyVersion, verbose_name=_("version"), on_delete=models.CASCADE,
                                related_name="shares")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("andel (%)"), max_digits=9, decimal_places=6,
                                  validators=PERCENT)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("procentsats")
        verbose_name_plural = _("procentsatser")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "organisation"], name="one_share_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {format_number(self.percent, 2)} %"



# -- service catalogue -----------------------------------------------------------------------------

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
    shared_with = ("service__organisation", "organisation")

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

    objects = SharedRecordQuerySet.as_manager()
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


# -- budgets ---------------------------------------------------------------------------------------

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


# -- cost pools ------------------------------------------------------------------------------------

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
    population_year = models.PositiveSmallIntegerField(_("folkmängd för år"), null=True, blank=True)
    population_source = models.CharField(_("källa för folkmängd"), max_length=300, blank=True)
    decision = models.CharField(_("beslut"), max_length=300, blank=True)
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


class DistributionLine(models.Model):
    """One member's part of an approved distribution."""

    owner_field = "distribution__pool__organisation"
    shared_with = ("distribution__pool__organisation", "organisation")

    distribution = models.ForeignKey(Distribution, verbose_name=_("fördelning"),
                                     on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="distribution_lines")
    basis_value = models.DecimalField(_("underlag"), max_digits=20, decimal_places=4, null=True,
                                      blank=True)
    basis_text = models.CharField(_("underlag"), max_length=500)
    basis_detail = models.JSONField(default=list, blank=True)
    share_percent = models.DecimalField(_("andel enligt nyckel (%)"), max_digits=14,
                                        decimal_places=8)
    full_ore = models.BigIntegerField(_("andel enligt nyckel (öre)"))
    amount_ore = models.BigIntegerField(_("att betala (öre)"))
    extra_ore = models.SmallIntegerField(_("avrundning (öre)"), default=0)
    remainder = models.DecimalField(_("rest vid avrundning (öre)"), max_digits=12,
                                    decimal_places=8, default=0)
    reduction_text = models.CharField(_("nedsättning"), max_length=400, blank=True)

    objects = SharedRecordQuerySet.as_manager()

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


# -- invoicing -------------------------------------------------------------------------------------

class InvoiceAccounts(GovernedModel):
    """The accounts a member books invoices from a pool's organisation on (for the SIE voucher)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("medlem"), on_delete=models.PROTECT,
        related_name="invoice_accounts", help_text=_("Organisationen vars bokföring det gäller."))
    issuer = models.ForeignKey(
        Organisation, verbose_name=_("fakturor från"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+", help_text=_("Tomt: gäller fakturor från alla."))
    cost_account = models.CharField(_("kostnadskonto"), max_length=8, validators=[ACCOUNT],
                                    default="6540")
    cost_account_name = models.CharField(_("kostnadskontots namn"), max_length=100,
                                         default="IT-tjänster")
    settlement_account = models.CharField(_("motkonto"), max_length=8, validators=[ACCOUNT],
                                          default="2440")
    settlement_account_name = models.CharField(_("motkontots namn"), max_length=100,
                                               default="Leverantörsskulder")
    cost_centre = models.CharField(_("kostnadsställe (dimension 1)"), max_length=20, blank=True)
    project = models.CharField(_("projekt (dimension 6)"), max_length=20, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konton för debitering")
        verbose_name_plural = _("konton för debitering")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "issuer"],
                                    condition=Q(archived_at__isnull=True),
                                    name="one_active_account_setting"),
        ]

    def __str__(self) -> str:
        issuer = self.issuer or _("alla")
        return _("%(org)s: %(cost)s / %(settle)s (fakturor från %(issuer)s)") % {
            "org": self.organisation, "cost": self.cost_account, "settle": self.settlement_account,
            "issuer": issuer}

    def get_absolute_url(self) -> str:
        return reverse("finance:accounts_edit", args=[self.pk])


class InvoicingBasis(models.Model):
    """A debiteringsunderlag: what one organisation invoices one member for a year, numbered.

    Lines point at approved distribution lines, so each is invoiced once; when an approval is
    superseded, the next basis credits the old line and debits the new one."""

    owner_field = "issuer"
    shared_with = ("issuer", "recipient")

    issuer = models.ForeignKey(Organisation, verbose_name=_("från"), on_delete=models.PROTECT,
                               related_name="issued_bases")
    recipient = models.ForeignKey(Organisation, verbose_name=_("till"), on_delete=models.PROTECT,
                                  related_name="invoicing_bases")
    year = models.PositiveSmallIntegerField(_("år"))
    number = models.PositiveIntegerField(_("nummer"))
    voucher_date = models.DateField(_("datum"))
    total_ore = models.BigIntegerField(_("summa (öre)"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("skapat av"),
                                   on_delete=models.PROTECT, related_name="+")

    objects = SharedRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("debiteringsunderlag")
        verbose_name_plural = _("debiteringsunderlag")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"],
                                    name="unique_basis_number"),
        ]

    def __str__(self) -> str:
        return _("Debiteringsunderlag %(ref)s till %(to)s") % {"ref": self.reference,
                                                               "to": self.recipient}

    def get_absolute_url(self) -> str:
        return reverse("finance:basis", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number}"


class InvoicingBasisLine(models.Model):
    owner_field = "basis__issuer"

    basis = models.ForeignKey(InvoicingBasis, verbose_name=_("underlag"), on_delete=models.CASCADE,
                              related_name="lines")
    distribution_line = models.ForeignKey(DistributionLine, verbose_name=_("fördelningsrad"),
                                          on_delete=models.PROTECT, related_name="invoice_lines")
    is_credit = models.BooleanField(_("kreditering"), default=False)
    text = models.CharField(_("text"), max_length=300)
    key_label = models.CharField(_("nyckel"), max_length=500)
    basis_text = models.CharField(_("underlag"), max_length=500)
    share_percent = models.DecimalField(_("andel (%)"), max_digits=14, decimal_places=8)
    amount_ore = models.BigIntegerField(_("belopp (öre)"))

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("underlagsrad")
        verbose_name_plural = _("underlagsrader")
        ordering = ["basis", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["distribution_line", "is_credit"],
                                    name="invoice_each_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.text}: {money_ore(self.amount_ore)}"
