"""Who takes part: each member's interest, then binding participation with its SGM agreement
([002] §2.4–2.5), and external parties (research, experts, suppliers) with payments to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel
from samverkan.organisations.models import Organisation, Person

from .initiatives import Initiative


class Agreement(models.TextChoices):
    SGM3 = "SGM3", _("SGM3 Utveckling")
    SGM4 = "SGM4", _("SGM4 Gåva")
    SGM5 = "SGM5", _("SGM5 Användning")
    SGM6 = "SGM6", _("SGM6 Medverkan")
    SGM7 = "SGM7", _("SGM7 Forskarmedverkan")
    SGM8 = "SGM8", _("SGM8 Studentmedverkan")


class Participation(ChildModel):
    owner_field = "initiative__organisation"

    class Status(models.TextChoices):
        INTEREST = "intresse", _("Intresseanmälan")
        BINDING = "bindande", _("Bindande deltagande")
        WITHDRAWN = "avstar", _("Avstår")

    initiative = models.ForeignKey(Initiative, verbose_name=_("initiativ"),
                                   on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, verbose_name=_("medlem"),
                                     on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.INTEREST)
    interest_on = models.DateField(_("intresse anmält"), null=True, blank=True)
    agreement = models.CharField(_("överenskommelse"), max_length=4, choices=Agreement.choices,
                                 blank=True)
    signatory = models.ForeignKey(Person, verbose_name=_("undertecknad av"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    signed_on = models.DateField(_("undertecknad"), null=True, blank=True)
    document = models.FileField(_("dokument"), upload_to="initiatives/agreements/", blank=True)
    gave_solution = models.BooleanField(
        _("gåvokommun"), default=False,
        help_text=_("Medlemmen gav lösningen (SGM4) och betalar sänkt eller ingen avgift."))
    gift_reduction_percent = models.DecimalField(
        _("nedsättning för gåvan (%)"), max_digits=5, decimal_places=2, default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltagande")
        verbose_name_plural = _("deltagande")
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["initiative", "organisation"],
                                               name="unique_initiative_participant")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_status_display()}"


class ExternalParty(ChildModel):
    owner_field = "initiative__organisation"

    class Kind(models.TextChoices):
        RESEARCH = "fou", _("FoU")
        EXPERT = "expert", _("Expertkompetens")
        CONSULTANT = "konsult", _("Konsult")
        SUPPLIER = "leverantor", _("ICT-företag / leverantör")
        OPERATIONS = "drift", _("Driftsfunktion / förvaltningspartner")
        STUDENT = "student", _("Student")

    initiative = models.ForeignKey(Initiative, verbose_name=_("initiativ"),
                                   on_delete=models.CASCADE, related_name="external_parties")
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    agreement = models.CharField(_("överenskommelse"), max_length=4, choices=Agreement.choices,
                                 blank=True)
    signed_on = models.DateField(_("undertecknad"), null=True, blank=True)
    role = models.CharField(_("roll"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extern part")
        verbose_name_plural = _("externa parter")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Payment(ChildModel):
    """A payment to an external party recorded against the budget (IN4)."""

    owner_field = "initiative__organisation"

    class Budget(models.TextChoices):
        PROJECT = "projekt", _("Projektbudget")
        MANAGEMENT = "forvaltning", _("Förvaltningsbudget")

    initiative = models.ForeignKey(Initiative, verbose_name=_("initiativ"),
                                   on_delete=models.CASCADE, related_name="payments")
    party = models.ForeignKey(ExternalParty, verbose_name=_("extern part"),
                              on_delete=models.PROTECT, related_name="payments")
    budget = models.CharField(_("budget"), max_length=12, choices=Budget.choices,
                              default=Budget.PROJECT)
    paid_on = models.DateField(_("betald"))
    amount_ore = models.BigIntegerField(_("belopp (öre)"))
    note = models.CharField(_("avser"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetalning")
        verbose_name_plural = _("utbetalningar")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.party} {self.paid_on:%Y-%m-%d}"
