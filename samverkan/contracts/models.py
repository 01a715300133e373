"""Contracts with suppliers: terms, parties and their contracted amounts, extension options,
documents, reminders and calendar subscriptions.

Status, term end and notice deadlines are derived from the dates and terms stored here by the
plain functions in `services.py`; they are never typed in.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from samverkan.core.formatting import format_ore, ore_to_kronor
from samverkan.core.models import ChildModel, GovernedModel
from samverkan.core.permissions import Confidential
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import ManagementObject, Supplier, System

from .scope import related_organisation_ids


class Contract(GovernedModel):
    class ProcurementForm(models.TextChoices):
        DIRECT_AWARD = "direktupphandling", _("Direktupphandling")
        SIMPLIFIED = "forenklat", _("Förenklat förfarande")
        OPEN = "oppet", _("Öppet förfarande")
        CALL_OFF = "avrop", _("Avrop från ramavtal")
        OTHER = "annat", _("Annat")

    class FrameworkProvider(models.TextChoices):
        ADDA = "adda", _("Adda")
        KAMMARKOLLEGIET = "kammarkollegiet", _("Kammarkollegiet / Statens inköpscentral")
        OTHER = "annan", _("Annan")

    class PriceModel(models.TextChoices):
        FIXED = "fast", _("Fast pris")
        PER_USER = "per_anvandare", _("Per användare")
        PER_INHABITANT = "per_invanare", _("Per invånare")
        PER_MODULE = "per_modul", _("Per modul")

    Agreement = System.Agreement  # the same choices as a system's data processing agreement

    # Price details are hidden in the change history from those who may not see the prices.
    # Prices under commercial secrecy (OSL 31:16 / 19:3) are read by the owner's users only.
    confidential = (Confidential(fields=("price_details", "prices"),
                                 when=(("prices_confidential", True),)),)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
        related_name="contracts",
    )
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("leverantör"), on_delete=models.PROTECT, related_name="contracts",
    )
    number = models.CharField(_("avtalsnummer"), max_length=60, blank=True)
    diary_number = models.CharField(_("diarienummer"), max_length=60, blank=True)
    title = models.CharField(_("benämning"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)

    procurement_form = models.CharField(
        _("upphandlingsform"), max_length=20, choices=ProcurementForm.choices, blank=True,
    )
    is_framework = models.BooleanField(
        _("avtalet är ett ramavtal"), default=False,
        help_text=_("Ett ramavtal får löpa högst fyra år (LOU 7 kap. 3 §)."),
    )
    framework_provider = models.CharField(
        _("ramavtal från"), max_length=20, choices=FrameworkProvider.choices, blank=True,
    )
    framework_reference = models.CharField(
        _("ramavtalets beteckning"), max_length=200, blank=True,
        help_text=_("Ramavtalsområde och diarienummer, t.ex. Programvaror och tjänster."),
    )

    signed_on = models.DateField(_("undertecknat"), null=True, blank=True)
    start_date = models.DateField(_("avtalsstart"))
    original_end_date = models.DateField(
        _("ursprungligt slutdatum"), null=True, blank=True,
        help_text=_("Lämna tomt om avtalet saknar slutdatum (gäller tills vidare)."),
    )
    renewal_period_months = models.PositiveSmallIntegerField(
        _("automatisk förlängning (månader)"), null=True, blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Hur länge avtalet förlängs i taget om ingen säger upp det. "
                    "Tomt om avtalet inte förlängs automatiskt."),
    )
    notice_period_months = models.PositiveSmallIntegerField(
        _("uppsägningstid (månader)"), null=True, blank=True,
    )
    internal_lead_days = models.PositiveSmallIntegerField(
        _("egen framförhållning (dagar)"), default=30,
        help_text=_("Hur många dagar före leverantörens sista uppsägningsdag ni själva vill "
                    "ha fattat beslut."),
    )
    terminated_on = models.DateField(_("uppsagt den"), null=True, blank=True)
    termination_effective_date = models.DateField(
        _("upphör den"), null=True, blank=True,
        help_text=_("Lämna tomt för att räkna ut det från uppsägningstiden."),
    )

    price_model = models.CharField(_("prismodell"), max_length=20, choices=PriceModel.choices,
                                   blank=True)
    price_details = models.TextField(
        _("prisuppgifter"), blank=True,
        help_text=_("Priser, volymer och rabatter enligt avtalet."),
    )
    prices_confidential = models.BooleanField(
        _("priserna omfattas av sekretess"), default=False,
        help_text=_("Offentlighets- och sekretesslagen 31 kap. 16 § / 19 kap. 3 §: bara "
                    "medlemmar i den ägande organisationen ser belopp och prisuppgifter."),
    )
    index_clause = models.TextField(_("indexklausul"), blank=True)
    sla = models.TextField(_("servicenivå (SLA)"), blank=True)
    data_exit_clause = models.BooleanField(
        _("villkor om utleverans av data"), null=True, blank=True,
        help_text=_("Anger avtalet hur data lämnas ut vid ett framtida systembyte?"),
    )
    data_exit_terms = models.TextField(_("utleverans av data, villkor"), blank=True)
    dpa = models.CharField(_("personuppgiftsbiträdesavtal"), max_length=12,
                           choices=Agreement.choices, blank=True)

    systems = models.ManyToManyField(System, verbose_name=_("system"), blank=True,
                                     related_name="contracts")
    management_objects = models.ManyToManyField(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), blank=True,
        related_name="contracts",
    )
    responsible_people = models.ManyToManyField(
        Person, verbose_name=_("ansvariga"), blank=True, related_name="responsible_contracts",
        help_text=_("Får påminnelser inför sista dag för uppsägning."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        ordering = ["title", "pk"]
        indexes = [
            models.Index(fields=["organisation", "archived_at"]),
            models.Index(fields=["supplier", "archived_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("contracts:contract", args=[self.pk])

    def clean(self):
        errors = {}
        if self.original_end_date and self.start_date and self.original_end_date < self.start_date:
            errors["original_end_date"] = _("Slutdatum kan inte vara före avtalsstart.")
        if self.termination_effective_date and not self.terminated_on:
            errors["terminated_on"] = _("Ange när avtalet sades upp.")
        if self.termination_effective_date and self.terminated_on \
                and self.termination_effective_date < self.terminated_on:
            errors["termination_effective_date"] = _(
                "Avtalet kan inte upphöra före dagen då det sades upp.")
        if self.procurement_form == self.ProcurementForm.CALL_OFF and not self.framework_provider:
            errors["framework_provider"] = _("Ange vems ramavtal avropet gjordes från.")
        if errors:
            raise ValidationError(errors)

    def history_children(self):
        return [
            ContractParty.history.filter(contract_id=self.pk),
            ContractExtensionOption.history.filter(contract_id=self.pk),
            ContractDocument.history.filter(contract_id=self.pk),
        ]


class ContractExtensionOption(ChildModel):
    """An option to extend the contract (e.g. the "+1" of 2+1+1), used by a recorded decision."""

    owner_field = "contract__organisation"

    contract = models.ForeignKey(Contract, verbose_name=_("avtal"), on_delete=models.CASCADE,
                                 related_name="extension_options")
    ordering = models.PositiveSmallIntegerField(_("ordning"), default=1)
    length_months = models.PositiveSmallIntegerField(
        _("längd (månader)"), validators=[MinValueValidator(1)])
    used_on = models.DateField(
        _("beslut om att utnyttja"), null=True, blank=True,
        help_text=_("Datum för beslutet att utnyttja optionen. Tomt om den inte utnyttjats."),
    )
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("förlängningsoption")
        verbose_name_plural = _("förlängningsoptioner")
        ordering = ["ordering", "pk"]

    def __str__(self) -> str:
        return _("Option %(n)s: %(months)s mån") % {"n": self.ordering, "months": self.length_months}

    @property
    def used(self):
        """The decision date (None when the option has not been used)."""
        return self.used_on

    def clean(self):
        if not self.contract_id:
            return
        siblings = ContractExtensionOption.objects.filter(contract_id=self.contract_id).exclude(
            pk=self.pk)
        if self.used_on and siblings.filter(ordering__lt=self.ordering, used_on__isnull=True).exists():
            raise ValidationError({"used_on": _(
                "Optionerna utnyttjas i tur och ordning: utnyttja den tidigare optionen först.")})
        if not self.used_on and siblings.filter(ordering__gt=self.ordering,
                                                used_on__isnull=False).exists():
            raise ValidationError({"used_on": _(
                "En senare option är redan utnyttjad; den här kan inte vara outnyttjad.")})


class AmountHistoryDisplay(models.Model):
    """Lets the change history show öre amounts as kronor (`372 000,00 kr`)."""

    class Meta:
        abstract = True

    def get_annual_amount_ore_display(self) -> str:
        return format_ore(self.annual_amount_ore)


class ContractParty(ChildModel):
    """An organisation that is party to the contract or calls off from it, with its contracted
    annual amount in whole öre. NULL means that no contracted amount is known: it is shown as
    missing, never as zero."""

    class Role(models.TextChoices):
        PARTY = "avtalspart", _("Avtalspart")
        CALLING_OFF = "avropande", _("Avropande part")

    owner_field = "contract__organisation"
    confidential = (Confidential(fields=("annual_amount_ore", "annual_amount"),
                                 when=(("contract__prices_confidential", True),)),)

    contract = models.ForeignKey(Contract, verbose_name=_("avtal"), on_delete=models.CASCADE,
                                 related_name="parties")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="contract_parties")
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices, default=Role.PARTY)
    annual_amount_ore = models.BigIntegerField(
        _("avtalat belopp per år (öre)"), null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    history = HistoricalRecords(bases=[AmountHistoryDisplay])

    class Meta:
        verbose_name = _("avtalspart")
        verbose_name_plural = _("avtalsparter")
        ordering = ["organisation__name", "valid_from", "pk"]
        indexes = [models.Index(fields=["organisation", "contract"])]

    def __str__(self) -> str:
        # never the amount: this text appears in the change history for everyone
        return f"{self.organisation} ({self.get_role_display()})" if self.organisation_id \
            else str(self.get_role_display())

    @property
    def annual_amount(self) -> Decimal | None:
        return ore_to_kronor(self.annual_amount_ore)

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Slutdatum kan inte vara före startdatum.")})
        if self.contract_id and self.organisation_id:
            if self.organisation_id not in related_organisation_ids(self.contract.organisation_id):
                raise ValidationError({"organisation": _(
                    "En avtalspart måste vara den ägande organisationen, en medlem i den eller "
                    "en samverkan som den ingår i.")})


def document_path(instance, filename: str) -> str:
    return f"dokument/avtal-{instance.contract_id}/{filename}"


class ContractDocument(ChildModel):
    class Kind(models.TextChoices):
        CONTRACT = "avtal", pgettext_lazy("dokumenttyp", "Avtal")  # English: Contract, not Contracts
        APPENDIX = "bilaga", _("Bilaga")
        PRICES = "prisbilaga", _("Prisbilaga")
        DPA = "pub", _("Personuppgiftsbiträdesavtal")
        DECISION = "beslut", _("Beslut")
        PROCUREMENT = "upphandling", _("Upphandlingsdokument")
        OTHER = "annat", _("Annat")

    owner_field = "contract__organisation"
    # A document with prices shares its contract's secrecy: its link and file (whose name may
    # tell a price) are read by the owner's users only.
    confidential = (Confidential(fields=("url", "file"), when=(
        ("contains_prices", True), ("contract__prices_confidential", True))),)

    contract = models.ForeignKey(Contract, verbose_name=_("avtal"), on_delete=models.CASCADE,
                                 related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.CONTRACT)
    contains_prices = models.BooleanField(
        _("innehåller prisuppgifter"), default=False,
        help_text=_("Omfattas av prissekretessen om avtalets priser är sekretessbelagda."),
    )
    url = models.URLField(_("länk"), blank=True)
    file = models.FileField(_("fil"), upload_to=document_path, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avtalsdokument")
        verbose_name_plural = _("avtalsdokument")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if not self.url and not self.file:
            raise ValidationError(_("Ange en länk eller ladda upp en fil."))
        if self.kind == self.Kind.PRICES:
            self.contains_prices = True


class ContractReminder(ChildModel):
    """A reminder e-mail that was sent: never sent again for the same deadline, lead time and
    person."""

    owner_field = "contract__organisation"

    contract = models.ForeignKey(Contract, verbose_name=_("avtal"), on_delete=models.CASCADE,
                                 related_name="reminders")
    deadline = models.DateField(_("sista dag för uppsägning"))
    lead_days = models.PositiveSmallIntegerField(_("påminnelse, dagar före egen sista dag"))
    person = models.ForeignKey(Person, verbose_name=_("mottagare"), on_delete=models.PROTECT,
                               related_name="contract_reminders")
    email = models.EmailField(_("e-post"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "deadline", "lead_days", "person"],
                                    name="one_reminder_per_deadline_lead_person"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} – {self.deadline} – {self.person}"


class CalendarToken(models.Model):
    """The secret in a calendar subscription link, per organisation and user. Only its SHA-256
    is stored; the link is shown once, when it is created or rotated."""

    owner_field = "organisation"

    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="calendar_tokens")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("användare"),
                             on_delete=models.CASCADE, related_name="calendar_tokens")
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast hämtad"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_calendar_token"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.user}"
