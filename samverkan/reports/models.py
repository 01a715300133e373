"""Issued reports: a generated document kept exactly as it was made, with who made it, when,
and the as-of date of its data, so that what the steering group was shown stays downloadable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.analysis.models import Calculation, Scenario
from samverkan.core.models import ChildModel
from samverkan.organisations.models import Organisation
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
