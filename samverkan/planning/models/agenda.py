"""A meeting's agenda as typed items: information, beslut (decision) or åtgärd (action), in
order, each with a presenter, the documents it rests on and, for the status items, content
filled from the plan."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel
from samverkan.organisations.models import Person

from .meetings import Meeting


class AgendaItem(ChildModel):
    """One item (punkt) of a meeting's agenda."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DECISION = "beslut", _("Beslut")
        ACTION = "atgard", _("Åtgärd")

    class Content(models.TextChoices):  # what the plan fills in, for status items
        NONE = "", _("Ingen")
        ACTIVITIES = "aktiviteter", _("Aktiviteter sedan sist")
        HOURS = "tid", _("Tidsåtgång")
        RISKS = "risker", _("Risker – utfall")
        ACTIONS = "atgarder", _("Öppna åtgärder från tidigare möten")

    owner_field = "meeting__organisation"

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE,
                                related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("punkt"))
    title = models.CharField(_("rubrik"), max_length=300)
    kind = models.CharField(_("typ"), max_length=11, choices=Kind.choices,
                            default=Kind.INFORMATION)
    presenter = models.ForeignKey(Person, verbose_name=_("föredragande"),
                                  on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="agenda_items")
    documents = models.TextField(_("handlingar"), blank=True,
                                 help_text=_("En per rad: namn eller länk."))
    content = models.CharField(_("innehåll från planen"), max_length=11, blank=True,
                               choices=Content.choices, default=Content.NONE)
    note = models.TextField(_("anteckning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("planning:meeting", args=[self.meeting_id]) + f"#punkt-{self.pk}"

    @property
    def document_lines(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]
