"""An assessment round: one system assessed by one municipality with one questionnaire
version, its respondents and their answers, the economy figures, and the result kept as it was
when the round closed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import System

from .questionnaires import Area, EconomyField, Questionnaire, Statement


class Disposition(models.TextChoices):
    """Gartner's TIME, an added interpretation: Bilaga 3 names no classes."""

    TOLERATE = "tolerate", _("Tolerera / förvalta minimalt")
    INVEST = "invest", _("Investera / utveckla")
    MIGRATE = "migrate", _("Migrera / ersätt tekniken")
    ELIMINATE = "eliminate", _("Avveckla")


class Assessment(GovernedModel):
    class State(models.TextChoices):
        OPEN = "oppen", _("Pågår")
        CLOSED = "stangd", _("Avslutad")

    organisation = models.ForeignKey(Organisation, verbose_name=_("kommun"),
                                     on_delete=models.PROTECT, related_name="assessments")
    system = models.ForeignKey(System, verbose_name=_("system"), on_delete=models.PROTECT,
                               related_name="assessments")
    questionnaire = models.ForeignKey(Questionnaire, verbose_name=_("frågeformulär"),
                                      on_delete=models.PROTECT, related_name="assessments")
    opened_on = models.DateField(_("startad"))
    due_on = models.DateField(_("svar senast"), null=True, blank=True)
    state = models.CharField(_("status"), max_length=8, choices=State.choices,
                             default=State.OPEN, editable=False)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True, editable=False)
    # the result as it was at closing; the rows per sub-area and area are ResultRow
    business_value = models.DecimalField(_("verksamhetsvärde"), max_digits=4, decimal_places=2,
                                         null=True, blank=True, editable=False)
    technical_fit = models.DecimalField(_("teknik och leverantör"), max_digits=4,
                                        decimal_places=2, null=True, blank=True, editable=False)
    disposition = models.CharField(_("TIME"), max_length=10, choices=Disposition.choices,
                                   blank=True, editable=False)
    legal_knock_out = models.BooleanField(_("brister i legala krav"), default=False,
                                          editable=False)
    planned_disposition = models.CharField(_("planerad åtgärd"), max_length=10,
                                           choices=Disposition.choices, blank=True)
    planned_on = models.DateField(_("planerad till"), null=True, blank=True)
    planned_reason = models.TextField(_("skäl"), blank=True)
    # derived: the latest closed, non-archived round of its system and organisation, kept by
    # services.latest on every save and delete (so not in the history either)
    latest = models.BooleanField(_("senaste resultat"), default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["latest"])

    class Meta:
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        ordering = ["-opened_on", "system__name", "pk"]
        # also the latest closed round of a pair (services.overview.latest): the probe for a
        # later round of the same pair reads the index alone
        indexes = [models.Index(fields=["system", "organisation", "state", "archived_at",
                                        "closed_at"], name="assessment_latest"),
                   # the TIME page: a scope's latest results grouped from the index alone
                   models.Index(fields=["latest", "organisation", "system", "business_value",
                                        "technical_fit", "disposition"],
                                name="assessment_latest_flag"),
                   # the whole country's spreads and counts per system: grouped by system in
                   # the index's order, with no sort and no read of the rounds themselves
                   models.Index(fields=["latest", "system", "business_value", "technical_fit",
                                        "disposition", "organisation"],
                                name="assessment_latest_by_system"),
                   # whether a system has a round under way (the not-assessed list): the few
                   # open rounds, not every round, are read
                   models.Index(fields=["system"], name="assessment_open",
                                condition=models.Q(state="oppen", archived_at__isnull=True))]

    def __str__(self) -> str:
        return f"{self.system} – {self.organisation} ({self.opened_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:assessment", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def clean(self):
        if self.planned_disposition and not self.planned_reason.strip():
            raise ValidationError({"planned_reason": _(
                "Ange skälet till den planerade åtgärden.")})


class Respondent(ChildModel):
    owner_field = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="respondents")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="assessment_responses")
    areas = models.JSONField(_("områden"), default=list)
    answered_at = models.DateTimeField(_("svarat"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("svarande")
        verbose_name_plural = _("svarande")
        ordering = ["assessment", "person__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "person"],
                                               name="one_respondent_per_person")]

    def __str__(self) -> str:
        return str(self.person)

    def area_labels(self) -> str:
        return ", ".join(str(Area(a).label) for a in self.areas if a in Area.values)

    def clean(self):
        if not self.areas or any(a not in Area.values for a in self.areas):
            raise ValidationError({"areas": _("Välj minst ett område.")})


class Answer(ChildModel):
    """One respondent's answer to one statement; `value` None is «Vet ej / ej tillämpligt»."""

    owner_field = "respondent__assessment__organisation"

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(
        _("svar"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        ordering = ["respondent", "statement__position"]
        constraints = [models.UniqueConstraint(fields=["respondent", "statement"],
                                               name="one_answer_per_statement")]

    def __str__(self) -> str:
        return f"{self.statement.code}: {self.value or '–'}"


class EconomyValue(ChildModel):
    owner_field = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="economy_values")
    field = models.ForeignKey(EconomyField, verbose_name=_("fält"), on_delete=models.PROTECT,
                              related_name="values")
    value = models.DecimalField(_("värde"), max_digits=17, decimal_places=5, null=True,
                                blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ekonomiuppgift")
        verbose_name_plural = _("ekonomiuppgifter")
        ordering = ["assessment", "field__position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "field"],
                                               name="one_economy_value_per_field")]

    def __str__(self) -> str:
        return str(self.field)


class ResultRow(ChildModel):
    """A score of a closed round, per sub-area or area, as it was at closing."""

    owner_field = "assessment__organisation"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE,
                                   related_name="result_rows")
    area = models.CharField(_("område"), max_length=16, choices=Area.choices)
    sub_area = models.CharField(_("delområde"), max_length=100, blank=True)
    mean = models.DecimalField(_("medel"), max_digits=4, decimal_places=2, null=True)
    minimum = models.PositiveSmallIntegerField(_("lägst"), null=True)
    maximum = models.PositiveSmallIntegerField(_("högst"), null=True)
    n = models.PositiveIntegerField(_("antal svar"))

    class Meta:
        verbose_name = _("resultatrad")
        verbose_name_plural = _("resultatrader")
        ordering = ["assessment", "pk"]

    def __str__(self) -> str:
        return f"{self.get_area_display()} {self.sub_area}".strip()


class AssessmentReminder(models.Model):
    """That a respondent was reminded on a day: each reminder goes out once."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE,
                                   related_name="reminders")
    sent_on = models.DateField()
    email = models.EmailField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["respondent", "sent_on"],
                                               name="one_assessment_reminder_a_day")]

    def __str__(self) -> str:
        return f"{self.respondent} {self.sent_on}"
