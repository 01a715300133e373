"""The questionnaire of Bilaga 3 ([004]) and the installation's own versions of it: areas,
sub-areas with weights, statements on the 1–5 agreement scale and the economy fields."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel


class Area(models.TextChoices):
    BUSINESS = "verksamhetsvarde", _("Verksamhetsvärde")
    TECHNOLOGY = "teknik", _("Teknik")
    SUPPLIER = "leverantor", _("Leverantör")
    ECONOMY = "ekonomi", _("Ekonomi")


# Bilaga 3: «Låt representanter för verksamheten svara på verksamhetsfrågor och ekonomi,
# IT-personal på teknik och leverantör»
AREA_RESPONDENTS = {
    Area.BUSINESS: _("verksamheten"),
    Area.TECHNOLOGY: _("IT-personal"),
    Area.SUPPLIER: _("IT-personal"),
    Area.ECONOMY: _("verksamheten"),
}

# The two TIME axes: business value from Verksamhetsvärde, technical fit from Teknik and
# Leverantör together (each sub-area's weight counts within its axis).
BUSINESS_AXIS = "business"
TECHNICAL_AXIS = "technical"
AXIS_OF_AREA = {Area.BUSINESS: BUSINESS_AXIS, Area.TECHNOLOGY: TECHNICAL_AXIS,
                Area.SUPPLIER: TECHNICAL_AXIS}


class Questionnaire(GovernedModel):
    """One version of the question set, shared by the whole installation («Metoden är generell
    och behöver anpassas för den enskilda verksamheten»)."""

    owner_field = None  # shared by the installation, kept by any editor

    name = models.CharField(_("namn"), max_length=200)
    edition = models.PositiveSmallIntegerField(_("versionsnummer"), default=1)
    previous = models.ForeignKey("self", verbose_name=_("kopierad från"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="copies")
    description = models.TextField(_("beskrivning"), blank=True)
    is_default = models.BooleanField(_("standardversion"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("frågeformulär")
        verbose_name_plural = _("frågeformulär")
        ordering = ["name", "edition"]

    def __str__(self) -> str:
        return f"{self.name} v{self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:questionnaire", args=[self.pk])

    def weight_errors(self) -> list[str]:
        """Each TIME axis's sub-area weights must sum to 100 %."""
        from samverkan.core.formatting import format_number

        totals: dict[str, Decimal] = {}
        for sub in self.sub_areas.all():
            axis = AXIS_OF_AREA.get(sub.area)
            if axis:
                totals[axis] = totals.get(axis, Decimal(0)) + sub.weight
        return [str(_("Vikterna för %(axis)s summerar till %(sum)s %%, inte 100 %%.") % {
            "axis": AXIS_LABELS[axis], "sum": format_number(total, 2)})
            for axis, total in totals.items() if total != 100]


AXIS_LABELS = {BUSINESS_AXIS: _("verksamhetsvärde"),
               TECHNICAL_AXIS: _("teknik och leverantör")}


class SubArea(ChildModel):
    owner_field = None

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="sub_areas")
    area = models.CharField(_("område"), max_length=16, choices=Area.choices)
    name = models.CharField(_("delområde"), max_length=100)
    weight = models.DecimalField(_("vikt (%)"), max_digits=5, decimal_places=2,
                                 validators=[MinValueValidator(0), MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("delområde")
        verbose_name_plural = _("delområden")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.get_area_display()} – {self.name}"

    def clean(self):
        if self.area == Area.ECONOMY:
            raise ValidationError({"area": _("Ekonomi besvaras med belopp, inte påståenden.")})


class Statement(ChildModel):
    owner_field = None

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="statements")
    sub_area = models.ForeignKey(SubArea, verbose_name=_("delområde"), on_delete=models.CASCADE,
                                 related_name="statements")
    code = models.CharField(_("id"), max_length=8)
    text = models.TextField(_("påstående"))
    knock_out = models.BooleanField(
        _("utslagsfråga"), default=False,
        help_text=_("Ett medelvärde på 2 eller lägre flaggar systemet oavsett kvadrant."))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("påstående")
        verbose_name_plural = _("påståenden")
        ordering = ["questionnaire", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "code"],
                                               name="one_statement_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class EconomyField(ChildModel):
    class Source(models.TextChoices):
        CONTRACTS = "avtal", _("Avtalade årsbelopp för kommunen (avtal)")
        USERS = "anvandare", _("Antal användare i kommunen (systemets användning)")
        LEDGER_SUPPORT = "bokf_drift", _(
            "Bokfört på systemets avtal i kommunen: drift, hosting, SaaS och IT-tjänster")
        LEDGER_DEVELOPMENT = "bokf_konsult", _(
            "Bokfört på systemets avtal i kommunen: konsulter")
        NONE = "ingen", _("Ingen automatisk källa – anges av den som svarar")

    owner_field = None

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="economy_fields")
    code = models.CharField(_("id"), max_length=8)
    label = models.CharField(_("fält"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=8)
    source = models.CharField(_("förifylls från"), max_length=12, choices=Source.choices)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("ekonomifält")
        verbose_name_plural = _("ekonomifält")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.label
