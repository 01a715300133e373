"""Issued reports: a generated document kept exactly as it was made, with who made it, when,
and the as-of date of its data, so that what the steering group was shown stays downloadable."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.analysis.models import Calculation, Scenario
from samverkan.core.models import ChildModel
from samverkan.organisations.models import Organisation, refuse_unrelated
from samverkan.planning.models import Meeting


class IssuedReport(ChildModel):
    """A document as issued (a steering pack, a decision basis, …). Never changed once made;
    the file is the one delivered."""

    class Format(models.TextChoices):
        PPTX = "pptx", _("PowerPoint")
        XLSX = "xlsx", _("Excel")
        HTML = "html", _("Utskriftsvy")

    owner_field = "organisation"

    # a key of the reports registry's document kinds ("steering-pack", …)
    kind = models.CharField(_("rapport"), max_length=40, default="steering-pack")
    title = models.CharField(_("rubrik"), max_length=300, blank=True)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="issued_reports")
    # the query parameters that name the document's subject, to make it again
    subject = models.JSONField(_("avser"), default=dict, blank=True)
    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.PROTECT,
                                related_name="issued_reports", null=True, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    sections = models.JSONField(_("avsnitt"), default=list)
    as_of = models.DateField(_("uppgifter per"))
    issued_at = models.DateTimeField(_("utfärdad"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("utfärdad av"),
                                  on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("filnamn"), max_length=200)
    content = models.BinaryField(_("fil"))
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64)
    # the issuer saw confidential values (a contract's prices under secrecy) in this pack: only
    # the issuer and superusers may open it, whoever else may see the meeting
    contains_confidential = models.BooleanField(_("innehåller sekretessuppgifter"),
                                                default=False)

    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        verbose_name = _("utfärdad rapport")
        verbose_name_plural = _("utfärdade rapporter")
        ordering = ["-issued_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reports:issued_detail", args=[self.pk])

    @property
    def size(self) -> int:
        return len(self.content)


class MeetingAnalyses(ChildModel):
    """The analyses a meeting is shown in its steering pack: saved calculations (procurement,
    hosting), scenarios side by side, and the year of the licence comparison. A meeting without
    a choice is shown its organisation's calculations and scenarios."""

    owner_field = "meeting__organisation"

    meeting = models.OneToOneField(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE,
                                   related_name="analyses")
    calculations = models.ManyToManyField(Calculation, verbose_name=_("beräkningar"),
                                          blank=True, related_name="+")
    scenarios = models.ManyToManyField(Scenario, verbose_name=_("scenarier"), blank=True,
                                       related_name="+")
    licence_year = models.PositiveSmallIntegerField(
        _("licensjämförelsens år"), null=True, blank=True,
        help_text=_("Tomt: beräkningarnas år, annars det senaste avstämda året före mötet."))

    history = HistoricalRecords(m2m_fields=[calculations, scenarios])

    class Meta:
        verbose_name = _("mötets analyser")
        verbose_name_plural = _("mötenas analyser")

    def __str__(self) -> str:
        return _("Analyser för %(meeting)s") % {"meeting": self.meeting}


class ReportJob(models.Model):
    """A document made in the background (a large pack): what was asked for, by whom, how far
    it has come and the issued report it became. Seen only by the one who asked (and
    superusers): the document it makes holds what that reader may see."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    kind = models.CharField(_("rapport"), max_length=40)
    subject = models.JSONField(_("avser"), default=dict)
    title = models.CharField(_("rubrik"), max_length=300)
    sections = models.JSONField(_("avsnitt"), default=list)
    format = models.CharField(_("format"), max_length=4, choices=IssuedReport.Format.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("beställd av"),
                                     on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    done_sections = models.PositiveSmallIntegerField(_("klara avsnitt"), default=0)
    total_sections = models.PositiveSmallIntegerField(_("avsnitt totalt"), default=0)
    message = models.TextField(_("meddelande"), blank=True)
    issued = models.ForeignKey(IssuedReport, verbose_name=_("utfärdad rapport"),
                               on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")

    class Meta:
        verbose_name = _("rapport som tas fram")
        verbose_name_plural = _("rapporter som tas fram")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_sections:
            return 0
        # drawing the file after the last section is the last tenth of the work
        return int(90 * self.done_sections / self.total_sections)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class DecisionBasis(ChildModel):
    """The decision basis (beslutsunderlag) of a decision item of a steering-group meeting:
    ärende, bakgrund, the current state from the register, the alternatives of a scenario, the
    consequences per municipality, risks, the proposed decision and appendices. A part of the
    meeting (its editors write it); utkast → beredd → beslutad, decided when the meeting's
    decision (§) on the item exists, which it then names."""

    class State(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        PREPARED = "beredd", _("Beredd")
        DECIDED = "beslutad", _("Beslutad")

    owner_field = "agenda_item__meeting__organisation"

    agenda_item = models.ForeignKey(
        "planning.AgendaItem", verbose_name=_("dagordningspunkt"), on_delete=models.CASCADE,
        related_name="decision_bases")
    state = models.CharField(_("status"), max_length=8, choices=State.choices,
                             default=State.DRAFT, editable=False)
    subject = models.TextField(_("ärende"))
    background = models.TextField(_("bakgrund"), blank=True)
    current_note = models.TextField(_("kommentar till nuläget"), blank=True)
    management_object = models.ForeignKey(
        "portfolio.ManagementObject", verbose_name=_("förvaltningsobjekt"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="decision_bases",
        help_text=_("Nuläget hämtas ur registret: system, användare, avtal och kostnad."))
    scenario = models.ForeignKey(
        "analysis.Scenario", verbose_name=_("scenario"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="decision_bases",
        help_text=_("Alternativen och besparingen per kommun."))
    initiative = models.ForeignKey(
        "initiatives.Initiative", verbose_name=_("initiativ"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="decision_bases",
        help_text=_("Kostnaden per kommun enligt fördelningsnyckeln och nyttorna."))
    risk_note = models.TextField(_("riskbedömning"), blank=True)
    proposal = models.TextField(_("förslag till beslut"))
    appendices = models.TextField(_("bilagor"), blank=True,
                                  help_text=_("En per rad: namn eller länk."))
    decision = models.ForeignKey(
        "planning.Decision", verbose_name=_("beslut"), on_delete=models.PROTECT, null=True,
        blank=True, editable=False, related_name="decision_bases")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslutsunderlag")
        verbose_name_plural = _("beslutsunderlag")
        ordering = ["agenda_item__meeting", "agenda_item__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["agenda_item"],
                                               name="one_decision_basis_per_item")]

    def __str__(self) -> str:
        return str(_("Beslutsunderlag: %(item)s") % {"item": self.agenda_item.title})

    def get_absolute_url(self) -> str:
        return reverse("reports:basis", args=[self.pk])

    @property
    def meeting(self):
        return self.agenda_item.meeting

    @property
    def appendix_lines(self) -> list[str]:
        return [line.strip() for line in self.appendices.splitlines() if line.strip()]

    def clean(self):
        if not self.agenda_item_id:
            return
        if self.agenda_item.kind != "beslut":
            raise ValidationError({"agenda_item": _("Ett beslutsunderlag hör till en "
                                                    "beslutspunkt.")})
        refuse_unrelated(self.agenda_item.meeting.organisation_id,
                         management_object=self.management_object, scenario=self.scenario,
                         initiative=self.initiative)
        if self.decision_id and self.decision.agenda_item_id != self.agenda_item_id:
            raise ValidationError(_("Beslutet gäller en annan punkt."))
