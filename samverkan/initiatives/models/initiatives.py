"""An initiative from idea to joint management ([002] project steps 1–9 and management steps
A–H, [004] programme process): its kind, the problem and proposed solution, who proposed it,
what it concerns, and the stage it has reached."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import GovernedModel
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import Capability, ManagementObject, System


class Initiative(GovernedModel):
    """Owned by the cooperation (the organisation that packages and coordinates it)."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "utveckling", _("Nytt utvecklingsprojekt")
        SPREADING = "spridning", _("Spridning av en medlems befintliga lösning")
        PROCUREMENT = "upphandling", _("Gemensam kravställning och upphandling")
        FEASIBILITY = "forstudie", _("Gemensam förstudie")
        NETWORK = "natverk", _("Nätverkande och delning av erfarenhet")
        TRAINING = "utbildning", _("Gemensamma utbildningar och kompetensutveckling")
        RESOURCES = "resurser", _("Gemensamma resurser")
        OPERATIONS = "operativt", _("Operativt samarbete")
        ORGANISATION = "samorganisering", _("Samorganisering (nämnd, förbund, bolag)")

    class Stage(models.TextChoices):
        IDEA = "ide", _("Idé")
        PACKAGED = "paketerat", _("Paketerat förslag")
        INFORMED = "informerat", _("Information till medlemmarna")
        INTEREST = "intresse", _("Intresseanmälan")
        PLAN = "projektplan", _("Projektplan med budget")
        AGREEMENT = "overenskommelse", _("Överenskommelse")
        EXECUTION = "genomforande", _("Genomförande")
        HANDOVER = "overlamning", _("Överlämning till förvaltning")
        EVALUATED = "utvarderad", _("Utvärderad")
        CLOSED = "avslutad", _("Avslutad utan genomförande")

    class Source(models.TextChoices):
        MEMBER = "medlem", _("Medlem")
        BUSINESS = "verksamhet", _("Verksamhetsområde")
        IT = "it", _("IT-organisation")
        STRATEGY = "strategi", _("Strategi")
        STEERING = "styrgrupp", _("Programstyrgruppen (kommungemensam insats)")

    class Result(models.TextChoices):
        APPLICATION = "applikation", _("Applikation")
        DOCUMENTS = "rapport", _("Rapporter / specifikationer")
        KNOWLEDGE = "kunskap", _("Kunskaps- och erfarenhetsutbyte")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("samverkan"), on_delete=models.PROTECT,
        related_name="initiatives")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=16, choices=Kind.choices)
    source = models.CharField(_("källa"), max_length=12, choices=Source.choices,
                              default=Source.MEMBER)
    result = models.CharField(_("resultat"), max_length=12, choices=Result.choices,
                              default=Result.APPLICATION)
    problem = models.TextField(_("problem"))
    proposed_solution = models.TextField(_("föreslagen lösning"), blank=True)
    proposal = models.TextField(_("paketerat förslag"), blank=True)
    proposer_organisation = models.ForeignKey(
        Organisation, verbose_name=_("föreslagen av"), on_delete=models.PROTECT,
        related_name="proposed_initiatives")
    proposer = models.ForeignKey(Person, verbose_name=_("kontaktperson"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="proposed_initiatives")
    capability = models.ForeignKey(Capability, verbose_name=_("förmåga"),
                                   on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="initiatives")
    systems = models.ManyToManyField(System, verbose_name=_("berörda system"), blank=True,
                                     related_name="initiatives")
    # the contracts whose bookings are the initiative's outcome (a consultant's, the procured
    # solution's): the ledger's lines are matched to contracts, not to initiatives
    contracts = models.ManyToManyField("contracts.Contract", verbose_name=_("avtal för initiativet"),
                                       blank=True, related_name="initiatives", help_text=_(
                                           "Avtal vars bokförda kostnader är initiativets utfall."))
    stage = models.CharField(_("steg"), max_length=16, choices=Stage.choices,
                             default=Stage.IDEA, editable=False)
    closed_reason = models.TextField(_("skäl till avslut"), blank=True, editable=False)
    agreement_year = models.PositiveSmallIntegerField(_("överenskommelsens år"), null=True,
                                                      blank=True, editable=False)
    project_budget_ore = models.BigIntegerField(_("projektbudget (öre)"), null=True, blank=True)
    management_budget_ore = models.BigIntegerField(_("förvaltningsbudget (öre)"), null=True,
                                                   blank=True)
    key = models.ForeignKey("finance.AllocationKey", verbose_name=_("fördelningsnyckel"),
                            on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    frozen_key_version = models.ForeignKey(
        "finance.KeyVersion", verbose_name=_("fryst nyckelversion"), on_delete=models.PROTECT,
        null=True, blank=True, editable=False, related_name="+")
    steering_group = models.ForeignKey(
        "planning.SteeringGroup", verbose_name=_("styrgrupp med mandat"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives")
    project_plan = models.ForeignKey(
        "planning.Plan", verbose_name=_("projektplan"), on_delete=models.PROTECT, null=True,
        blank=True, editable=False, related_name="initiatives")
    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.PROTECT,
        null=True, blank=True, editable=False, related_name="initiatives")
    project_pool = models.ForeignKey(
        "finance.CostPool", verbose_name=_("kostnadspool för projektbudgeten"),
        on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+")
    management_pool = models.ForeignKey(
        "finance.CostPool", verbose_name=_("kostnadspool för förvaltningsbudgeten"),
        on_delete=models.PROTECT, null=True, blank=True, editable=False, related_name="+")
    discount_rate = models.DecimalField(_("kalkylränta (%)"), max_digits=5, decimal_places=2,
                                        null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[systems, contracts])

    class Meta:
        verbose_name = _("initiativ")
        verbose_name_plural = _("initiativ")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="initiatives_initiative_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.pk])

    def step(self, stage: str | None = None) -> str:
        """The stage as Sambruk's process names it: project steps 1–9, or for a member's
        existing solution spread to others the management steps A–H ([002])."""
        stage = stage or self.stage
        steps = MANAGEMENT_STEPS if self.kind == self.Kind.SPREADING else PROJECT_STEPS
        return steps.get(stage) or self.Stage(stage).label


S = Initiative.Stage
PROJECT_STEPS = {
    S.IDEA: _("1. Problem och projektidé"),
    S.PACKAGED: _("2. Paketerat projektförslag"),
    S.INFORMED: _("3. Information till medlemmarna"),
    S.INTEREST: _("4. Anmälan till projektdeltagande"),
    S.PLAN: _("5. Projektplan med budget"),
    S.AGREEMENT: _("6. Överenskommelse om projektplan"),
    S.EXECUTION: _("7–8. Projektorganisation och genomförande"),
    S.HANDOVER: _("9. Projektavslut och överlämning till förvaltning"),
}
MANAGEMENT_STEPS = {
    S.IDEA: _("A. Medlemmens lösning erbjuds"),
    S.PACKAGED: _("B. Mottagning och bedömning"),
    S.INFORMED: _("C. Information till medlemmarna"),
    S.INTEREST: _("D. Anmälan att nyttja lösningen"),
    S.PLAN: _("E. Förvaltningsmodell med ekonomisk överenskommelse"),
    S.AGREEMENT: _("F. Förvaltningsöverenskommelse"),
    S.EXECUTION: _("G. Etablering av nyttjandegrupp och förvaltningsråd"),
    S.HANDOVER: _("H. Löpande förvaltning"),
}


class StageChange(models.Model):
    """One step of the stage timeline, with the steering-group decision that moved it."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE,
                                   related_name="stage_changes")
    from_stage = models.CharField(_("från"), max_length=16, choices=Initiative.Stage.choices)
    to_stage = models.CharField(_("till"), max_length=16, choices=Initiative.Stage.choices)
    on = models.DateField(_("datum"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("av"), on_delete=models.PROTECT,
                           null=True, related_name="+")
    note = models.TextField(_("kommentar"), blank=True)
    decision = models.ForeignKey("planning.Decision", verbose_name=_("beslut"),
                                 on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+")

    class Meta:
        verbose_name = _("stegbyte")
        verbose_name_plural = _("stegbyten")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"
