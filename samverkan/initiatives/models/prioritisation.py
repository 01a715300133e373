"""Programme steering per cooperation ([004] §4.2.2): the four routine questions, the criteria
initiatives are prioritised by (weighted, editable), and each initiative's score per criterion."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import Organisation
from samverkan.planning.models import Decision

from .initiatives import Initiative

DEFAULT_CRITERIA = [
    ("mal", _("Stöd för de kommunala målen och den digitala agendan")),
    ("nytta", _("Nytta enligt nyttokalkyl")),
    ("samordning", _("Samordningseffekter med andra projekt")),
    ("avtal", _("Avtal för förmågan som snart löper ut")),
    ("tidskrav", _("Regionala eller nationella tidskrav")),
    ("medel", _("Tillgängliga stimulansmedel")),
    ("standard", _("Standardlösning som flera kommuner använder")),
    ("enkelt", _("Börja enkelt")),
]


class Routine(GovernedModel):
    """The programme steering group's answers to [004]'s four routine questions."""

    organisation = models.OneToOneField(Organisation, verbose_name=_("samverkan"),
                                        on_delete=models.PROTECT,
                                        related_name="initiative_routine")
    steering_group = models.ForeignKey(
        "planning.SteeringGroup", verbose_name=_("programstyrgrupp"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+")
    who_approves = models.TextField(_("1. Hur och vem ska godkänna initiativ och idéer?"),
                                    blank=True)
    criteria_text = models.TextField(
        _("2. På vilka kriterier prioriteras/nedprioriteras olika initiativ och projekt?"),
        blank=True)
    escalation = models.TextField(
        _("3. Vilka frågor och beslut ska eskaleras till kommunledningsgrupp eller motsvarande?"),
        blank=True)
    reporting = models.TextField(
        _("4. Hur ofta och vilken typ av information ska rapporteras in till "
          "programstyrgruppen?"), blank=True)
    reporting_months = models.PositiveSmallIntegerField(_("rapportering var n:e månad"),
                                                        default=3)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rutin för programstyrning")
        verbose_name_plural = _("rutiner för programstyrning")


class Criterion(ChildModel):
    owner_field = "organisation"

    organisation = models.ForeignKey(Organisation, verbose_name=_("samverkan"),
                                     on_delete=models.CASCADE,
                                     related_name="initiative_criteria")
    code = models.CharField(_("kod"), max_length=20)
    name = models.CharField(_("kriterium"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("vikt"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("prioriteringskriterium")
        verbose_name_plural = _("prioriteringskriterier")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"],
                                               name="unique_initiative_criterion")]

    def __str__(self) -> str:
        return self.name


class Score(ChildModel):
    owner_field = "initiative__organisation"

    initiative = models.ForeignKey(Initiative, verbose_name=_("initiativ"),
                                   on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("kriterium"),
                                  on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("poäng (1–100)"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    note = models.CharField(_("motivering"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poäng")
        verbose_name_plural = _("poäng")
        constraints = [models.UniqueConstraint(fields=["initiative", "criterion"],
                                               name="unique_initiative_score")]


class PrioritisationDecision(models.Model):
    """The programme steering group's decision on the ranked proposal, with the ranking kept as
    it stood when decided (later scores do not change what was decided)."""

    organisation = models.ForeignKey(Organisation, verbose_name=_("samverkan"),
                                     on_delete=models.PROTECT, related_name="+")
    decision = models.OneToOneField(Decision, verbose_name=_("beslut"), on_delete=models.PROTECT,
                                    related_name="prioritisation")
    ranking = models.JSONField(_("rangordning"), default=list)
    created_at = models.DateTimeField(_("protokollfört"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("protokollfört av"),
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("beslut om prioritering")
        verbose_name_plural = _("beslut om prioritering")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.decision)
