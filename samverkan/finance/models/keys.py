"""Allocation keys (fördelningsnycklar): versioned rules for how a cooperation splits costs."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.formatting import format_number
from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import System

from .common import PERCENT


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


def key_text(key: AllocationKey | None, label: str) -> str:
    """The one name a key has wherever a split names it (pages, exports, API, invoicing):
    its name, with what its version does: 'Sydnärke: kostnadsfördelning (folkmängd)'. A split
    without a key (volume × price) is named by what it does."""
    if key is None:
        return label
    if not label or label == key.name:
        return key.name
    return f"{key.name} ({label[:1].lower()}{label[1:]})"


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
        if self.users_weight and not self.system_id:
            errors["system"] = _("Ange vilket systems användare nyckeln bygger på.")
        if not self.users_weight:
            self.system = None
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        """What the key does, the one name every page, export and API gives it: 'Folkmängd',
        '30 % lika delar + 70 % folkmängd'. The population is always the split's own year's,
        so the name carries no year; each split says which year and source it used."""
        parts = []
        for name, weight in self.components():
            text = self.component_label(name)
            if weight != 100:
                text = f"{format_number(weight, 0)} % {text[:1].lower()}{text[1:]}"
            parts.append(text)
        return " + ".join(parts)

    def component_label(self, name: str) -> str:
        if name == "population":
            return str(_("Folkmängd"))
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
