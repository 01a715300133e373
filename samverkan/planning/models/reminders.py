"""A record of each planning reminder sent, so each goes out once."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from samverkan.organisations.models import Person


class PlanningReminder(models.Model):
    """One e-mail about one action (per due date) or one risk (per month). The unique
    constraint is taken before the e-mail is sent, in one transaction: two runs at once cannot
    both send it, and a failed send leaves no record (it is tried again next run)."""

    class Kind(models.TextChoices):
        ACTION = "atgard", _("Åtgärd")
        RISK = "risk", _("Risk")
        RELEASE = "release", _("Release")

    owner_field = None

    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    # the due date (or "sen" and the date, when late), the risk's month, or for a release
    # notice "p" and the person's id (each person is told once)
    period = models.CharField(_("avser"), max_length=12)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="+")
    email = models.EmailField(_("e-post"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "period"],
                                               name="one_planning_reminder")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} ({self.period}) → {self.email}"
