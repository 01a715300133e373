"""Status reports: the plan's follow-up as of a date, frozen when sent to the steering group, so
the status at each meeting stays reproducible and the trend across reports shows (F1–F9, H4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel

from .plans import Plan


class StatusReport(ChildModel):
    owner_field = "plan__organisation"

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE,
                             related_name="status_reports")
    as_of = models.DateField(_("per datum"))
    comment = models.TextField(_("objektledarens kommentar"), blank=True)
    snapshot = models.JSONField(_("ögonblicksbild"), default=dict, editable=False)
    sent_on = models.DateField(_("skickad"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("skapad av"),
                                   on_delete=models.PROTECT, related_name="+", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["plan", "-as_of", "-pk"]

    def __str__(self) -> str:
        return _("Statusrapport %(plan)s per %(date)s") % {"plan": self.plan,
                                                           "date": self.as_of.isoformat()}

    def get_absolute_url(self) -> str:
        return reverse("planning:status_report", args=[self.plan_id, self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.sent_on is not None
