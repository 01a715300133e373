"""The work of a plan: activities with hours and money budgets, time reports (outcome), the
object manager's estimate to complete, risks, and releases and service windows."""

from __future__ import annotations

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from icalendar import vRecur
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import System

from .common import HOURS, SCALE, hours_text, money_ore
from .plans import Plan


class HourCategory(models.TextChoices):
    INTERNAL = "intern", _("Interna timmar")
    EXTERNAL = "extern", _("Externa konsulttimmar")


class Activity(ChildModel):
    """An activity of a plan (A1–A6): who, what, when (planned and real), hours and money."""

    class Kind(models.TextChoices):
        MAINTAIN = "vidmakthalla", _("Vidmakthålla")
        DEVELOP = "vidareutveckla", _("Vidareutveckla")
        OUTSIDE_PLAN = "utanfor_plan", _("Uppdrag utanför plan")

    class Status(models.TextChoices):  # KI's follow-up scale (REQUIREMENTS A5)
        NOT_STARTED = "ej_paborjad", _("Arbete ej påbörjat")
        ON_TRACK = "pagar", _("Arbete pågår – beräknas bli klart under året")
        LATE = "pagar_senare", _("Arbete pågår – beräknas bli klart senare")
        DONE = "klar", _("Mål uppfyllt")
        DROPPED = "utgar", _("Mål ej uppfyllt – utgår")

    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="activities")
    title = models.CharField(_("aktivitet"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ"), max_length=14, choices=Kind.choices, default=Kind.MAINTAIN)
    responsible = models.ForeignKey(Person, verbose_name=_("ansvarig"), on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="planned_activities")
    participants = models.ManyToManyField(Person, verbose_name=_("deltagare"), blank=True,
                                          related_name="activities_taken_part_in")
    planned_start = models.DateField(_("planerad start"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slut"), null=True, blank=True)
    actual_start = models.DateField(_("verklig start"), null=True, blank=True)
    actual_end = models.DateField(_("verkligt slut"), null=True, blank=True)
    internal_hours = models.DecimalField(_("budget interna timmar"), max_digits=9,
                                         decimal_places=2, default=0, validators=HOURS)
    external_hours = models.DecimalField(_("budget externa konsulttimmar"), max_digits=9,
                                         decimal_places=2, default=0, validators=HOURS)
    budget_ore = models.BigIntegerField(_("budget (öre)"), default=0,
                                        validators=[MinValueValidator(0)])
    status = models.CharField(_("status"), max_length=14, choices=Status.choices,
                              default=Status.NOT_STARTED)
    decision_basis = models.TextField(
        _("beslutsunderlag"), blank=True,
        help_text=_("För uppdrag utanför plan: det beredda underlaget (kort text eller länk "
                    "till dokumentet) som styrgruppen beslutar om."))
    decision = models.ForeignKey(
        "planning.Decision", verbose_name=_("beslut"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="activities",
        help_text=_("Ett uppdrag utanför plan räknas som planerat först när det är beslutat."))
    origin = models.ForeignKey("self", verbose_name=_("samma aktivitet i förra versionen"),
                               on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        ordering = ["plan", "planned_start", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Planerat slut kan inte ligga före planerad start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("Verkligt slut kan inte ligga före verklig start.")
        if (self.kind == self.Kind.OUTSIDE_PLAN and self.decision_id
                and not self.decision_basis.strip()):
            errors["decision_basis"] = _("Ett uppdrag utanför plan beslutas på ett berett "
                                         "beslutsunderlag: skriv in det först.")
        if errors:
            raise ValidationError(errors)

    @property
    def budget_text(self) -> str:
        return money_ore(self.budget_ore)


class TimeReport(ChildModel):
    """Outcome: hours (and money) reported on an activity for a date or a period ending then."""

    owner_field = "activity__plan__organisation"

    activity = models.ForeignKey(Activity, verbose_name=_("aktivitet"), on_delete=models.CASCADE,
                                 related_name="time_reports")
    date = models.DateField(_("datum"), help_text=_("Dagen, eller sista dagen i perioden."))
    category = models.CharField(_("kategori"), max_length=6, choices=HourCategory.choices,
                                default=HourCategory.INTERNAL)
    hours = models.DecimalField(_("timmar"), max_digits=9, decimal_places=2, default=0,
                                validators=HOURS)
    cost_ore = models.BigIntegerField(_("kostnad (öre)"), default=0)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               null=True, blank=True, related_name="time_reports")
    note = models.CharField(_("kommentar"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tidrapport")
        verbose_name_plural = _("tidrapporter")
        ordering = ["-date", "pk"]
        indexes = [
            models.Index(fields=["activity", "date"]),
            # the sums per activity and category of a roll-up (a million reports) read from
            # the index alone, not from the rows
            models.Index(fields=["activity", "category", "date", "hours", "cost_ore"],
                         name="planning_timereport_sums"),
        ]

    def __str__(self) -> str:
        return _("%(date)s: %(hours)s timmar på %(activity)s") % {
            "date": self.date, "hours": hours_text(self.hours), "activity": self.activity}


class Estimate(ChildModel):
    """The object manager's judgement of what remains («Bedömt återstående») as of a date; the
    forecast and the deviation are derived from it, never typed (REQUIREMENTS H3)."""

    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="estimates")
    as_of = models.DateField(_("per datum"))
    category = models.CharField(_("kategori"), max_length=6, choices=HourCategory.choices,
                                default=HourCategory.EXTERNAL)
    remaining_hours = models.DecimalField(_("bedömt återstående (timmar)"), max_digits=9,
                                          decimal_places=2, validators=HOURS)
    remaining_ore = models.BigIntegerField(_("bedömd återstående kostnad (öre)"), default=0,
                                           validators=[MinValueValidator(0)])
    comment = models.TextField(_("kommentar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bedömning av återstående")
        verbose_name_plural = _("bedömningar av återstående")
        ordering = ["plan", "-as_of", "category"]
        constraints = [models.UniqueConstraint(fields=["plan", "as_of", "category"],
                                               name="one_estimate_per_plan_date_category")]

    def __str__(self) -> str:
        return _("Bedömt återstående %(date)s: %(hours)s timmar") % {
            "date": self.as_of, "hours": hours_text(self.remaining_hours)}


class Risk(ChildModel):
    """A risk of a plan (R1–R6): the priority is probability × impact, derived, never typed."""

    class Status(models.TextChoices):
        OPEN = "oppen", _("Öppen")
        MANAGED = "hanterad", _("Hanterad")
        OCCURRED = "intraffad", _("Inträffad")
        CLOSED = "stangd", _("Stängd")

    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="risks")
    number = models.PositiveSmallIntegerField(_("nr"))
    description = models.TextField(_("riskbeskrivning"))
    probability = models.PositiveSmallIntegerField(_("sannolikhet"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("påverkan"), validators=SCALE)
    measure = models.TextField(_("åtgärd"), blank=True)
    owner = models.ForeignKey(Person, verbose_name=_("ansvarig"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="risks")
    owner_initials = models.CharField(_("ansvarig (signatur)"), max_length=20, blank=True,
                                      help_text=_("När ansvarig inte finns som person."))
    affected = models.ManyToManyField(Organisation, verbose_name=_("berörda organisationer"),
                                      blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    occurred = models.BooleanField(_("inträffade"), default=False)
    outcome = models.TextField(_("utfall"), blank=True,
                               help_text=_("Vad som hände och vilken effekt det fick."))
    outcome_on = models.DateField(_("utfall per"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risker")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"],
                                               name="unique_risk_number_per_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:80]}"

    @property
    def priority(self) -> int:
        return self.probability * self.impact

    @property
    def responsible_text(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_initials


class Release(ChildModel):
    """A planned release or service window: when, which systems, whether users were told."""

    class Kind(models.TextChoices):
        RELEASE = "release", _("Release")
        SERVICE_WINDOW = "servicefonster", _("Servicefönster")

    class Result(models.TextChoices):
        NONE = "", _("Inte testad")
        PASSED = "godkand", _("Godkänd")
        REMARKS = "anmarkning", _("Godkänd med anmärkning")
        FAILED = "underkand", _("Underkänd")

    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="releases")
    kind = models.CharField(_("typ"), max_length=14, choices=Kind.choices, default=Kind.RELEASE)
    title = models.CharField(_("rubrik"), max_length=200)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("slut"), null=True, blank=True)
    recurrence = models.CharField(
        _("upprepning (RRULE)"), max_length=200, blank=True,
        help_text=_("Återkommande servicefönster enligt RFC 5545, "
                    "t.ex. FREQ=WEEKLY;BYDAY=TU."))
    systems = models.ManyToManyField(System, verbose_name=_("berörda system"), blank=True,
                                     related_name="releases")
    preferred_by = models.ForeignKey(
        Organisation, verbose_name=_("önskat av"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="+",
        help_text=_("Servicefönster som en kommun önskar; tomt för det överenskomna."))
    notes = models.TextField(_("releaseinformation"), blank=True)
    communicated_on = models.DateField(_("kommunicerad till användarna"), null=True, blank=True)
    test_result = models.CharField(_("användartest"), max_length=10, choices=Result.choices,
                                   blank=True, default=Result.NONE)
    test_notes = models.TextField(_("testdeltagare och resultat"), blank=True)
    incidents = models.TextField(_("incidenter efter releasen"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("release eller servicefönster")
        verbose_name_plural = _("releaser och servicefönster")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def clean(self):
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Slutet måste ligga efter starten.")})
        self.recurrence = self.recurrence.strip().removeprefix("RRULE:")
        if self.recurrence:
            try:
                rrulestr(self.recurrence, dtstart=self.starts_at)
                vRecur.from_ical(self.recurrence)  # as the calendar will write it
            except (ValueError, TypeError):
                raise ValidationError({"recurrence": _(
                    "Upprepningen följer inte RFC 5545, t.ex. FREQ=WEEKLY;BYDAY=TU.")}) from None

    def get_absolute_url(self) -> str:
        return reverse("planning:plan", args=[self.plan_id]) + "#releaser"
