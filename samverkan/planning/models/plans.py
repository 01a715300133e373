"""Plans: the yearly management plan (förvaltningsplan) of a management object and the project
plan of a time-boxed assignment with its own steering group; their measurable goals."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import Organisation, Person, refuse_unrelated_seat
from samverkan.portfolio.models import ManagementObject

from .common import PERCENT, YEAR


class Plan(GovernedModel):
    """A plan the work of a year (or of a project) is run from and followed up against."""

    class Kind(models.TextChoices):
        MANAGEMENT = "forvaltningsplan", _("Förvaltningsplan")
        PROJECT = "projektplan", _("Projektplan")

    class State(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "for_beslut", _("För beslut")
        APPROVED = "faststalld", _("Fastställd")
        REVISED = "reviderad", _("Reviderad (ersatt av en ny version)")
        CLOSED = "avslutad", _("Avslutad")

    class Frequency(models.TextChoices):
        MONTHLY = "manad", _("Varje månad")
        QUARTERLY = "kvartal", _("Varje kvartal")
        TERTIAL = "tertial", _("Varje tertial")
        HALF_YEAR = "halvar", _("Varje halvår")
        YEARLY = "ar", _("En gång om året")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.MANAGEMENT)
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
        related_name="plans",
        help_text=_("För en förvaltningsplan: förvaltningsobjektets ägare."))
    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="plans")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR, null=True, blank=True)
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("slut"), null=True, blank=True)
    revision = models.PositiveSmallIntegerField(_("version av planen"), default=1, editable=False)
    previous = models.OneToOneField(
        "self", verbose_name=_("ersätter"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="next_revision", editable=False)
    state = models.CharField(_("status"), max_length=12, choices=State.choices,
                             default=State.DRAFT, editable=False)
    mission = models.TextField(_("uppdrag"), blank=True,
                               help_text=_("Förvaltningens eller projektets uppdrag."))
    stakeholders = models.TextField(_("intressenter"), blank=True)
    processes = models.TextField(
        _("processer och rutiner"), blank=True,
        help_text=_("Hur förvaltningen bedrivs: centrala aktiviteter, release- och testrutiner."))
    change_handling = models.TextField(
        _("ändringshantering"), blank=True,
        help_text=_("Hur uppdrag utanför plan bereds och beslutas."))
    reporting_frequency = models.CharField(_("rapportering till styrgruppen"), max_length=10,
                                           choices=Frequency.choices, default=Frequency.TERTIAL)
    participants = models.TextField(_("deltagare"), blank=True,
                                    help_text=_("Projektplan: vilka som deltar i arbetet."))
    submitted_on = models.DateField(_("lämnad för beslut"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("fastställd"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("fastställd av"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+", editable=False)
    approved_as = models.CharField(_("fastställd i egenskap av"), max_length=100, blank=True,
                                   editable=False)
    decision_reference = models.CharField(
        _("beslut"), max_length=100, blank=True, editable=False,
        help_text=_("Styrgruppsmötets paragraf, t.ex. § 4/2026."))
    decision = models.ForeignKey(
        "planning.Decision", verbose_name=_("beslut"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="approved_plans", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("planer")
        ordering = ["-year", "name", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["management_object", "year", "revision"],
                condition=Q(kind="forvaltningsplan", archived_at__isnull=True),
                name="one_management_plan_per_object_year_revision"),
        ]
        indexes = [models.Index(fields=["year", "state"])]

    def __str__(self) -> str:
        if self.revision > 1:
            return _("%(name)s (version %(revision)s)") % {"name": self.name,
                                                           "revision": self.revision}
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("planning:plan", args=[self.pk])

    def clean(self):
        errors = {}
        if self.kind == self.Kind.MANAGEMENT:
            if not self.management_object_id:
                errors["management_object"] = _("En förvaltningsplan gäller ett förvaltningsobjekt.")
            elif self.organisation_id and \
                    self.organisation_id != self.management_object.organisation_id:
                errors["organisation"] = _("En förvaltningsplan ägs av förvaltningsobjektets "
                                           "ägare (%(owner)s).") % {
                    "owner": self.management_object.organisation}
            if not self.year:
                errors["year"] = _("Ange vilket år planen gäller.")
        else:
            if not self.starts_on or not self.ends_on:
                errors["starts_on"] = _("En projektplan har ett start- och ett slutdatum.")
            elif self.ends_on < self.starts_on:
                errors["ends_on"] = _("Slutet kan inte ligga före starten.")
        if errors:
            raise ValidationError(errors)
        if self.kind == self.Kind.PROJECT and self.starts_on and not self.year:
            self.year = self.starts_on.year

    @property
    def is_editable(self) -> bool:
        """Only a draft's own text is changed; a plan for decision goes back to draft first."""
        return self.state == self.State.DRAFT

    @property
    def is_current(self) -> bool:
        """Its parts (follow-up, risks, meetings) are still kept: not replaced, not closed."""
        return self.state in (self.State.DRAFT, self.State.SUBMITTED, self.State.APPROVED)

    def history_children(self):
        parts = [apps.get_model("planning", name) for name in
                 ("Goal", "PlanSteeringMember", "Activity", "Estimate", "Risk", "Release",
                  "StatusReport")]
        return [model.history.filter(plan_id=self.pk) for model in parts] + [
            apps.get_model("planning", "TimeReport").history.filter(activity__plan_id=self.pk)]


class PlanSteeringMember(ChildModel):
    """A member of a project plan's own steering group (a management plan uses the object's)."""

    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="steering_group")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="plan_steering_groups")
    organisation = models.ForeignKey(Organisation, verbose_name=_("företräder"),
                                     on_delete=models.PROTECT, related_name="+")
    mandate = models.CharField(_("mandat"), max_length=300, blank=True)
    is_chair = models.BooleanField(_("ordförande"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("styrgruppsledamot")
        verbose_name_plural = _("styrgrupp")
        ordering = ["-is_chair", "organisation__name", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"

    def clean(self):
        # as on the object's steering group: the plan's organisation and its circle only
        if self.plan_id:
            refuse_unrelated_seat(self.plan.organisation_id, self)


class Goal(ChildModel):
    """A measurable goal: indicator, baseline and target, followed up by traffic light or
    per cent (the [004] «procent- eller trafikljusmodell»)."""

    class FollowUp(models.TextChoices):
        TRAFFIC_LIGHT = "trafikljus", _("Trafikljus")
        PERCENT = "procent", _("Procent")

    class Light(models.TextChoices):
        NONE = "", _("Ej bedömt")
        GREEN = "gron", _("Grön – enligt plan")
        YELLOW = "gul", _("Gul – risk för avvikelse")
        RED = "rod", _("Röd – uppnås inte")

    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="goals")
    title = models.CharField(_("mål"), max_length=300)
    indicator = models.CharField(_("indikator"), max_length=300,
                                 help_text=_("Vad som mäts, t.ex. ”andel lärare som använder "
                                             "plattformen varje vecka”."))
    baseline = models.CharField(_("utgångsvärde"), max_length=100, blank=True)
    target = models.CharField(_("målvärde"), max_length=100)
    follow_up = models.CharField(_("uppföljning"), max_length=10, choices=FollowUp.choices,
                                 default=FollowUp.TRAFFIC_LIGHT)
    light = models.CharField(_("bedömning"), max_length=4, choices=Light.choices, blank=True,
                             default=Light.NONE)
    percent = models.PositiveSmallIntegerField(_("måluppfyllelse (%)"), null=True, blank=True,
                                               validators=PERCENT)
    outcome = models.CharField(_("utfall"), max_length=200, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.title
