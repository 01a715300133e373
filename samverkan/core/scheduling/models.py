from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """When a registered job last ran and runs next. Schedulers on several servers claim a due
    run by moving `next_run_at` forward with a compare-and-set, so only one of them enqueues it."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("nästa körning"))
    last_run_at = models.DateTimeField(_("senaste körning"), null=True, blank=True)
    last_task_id = models.CharField(_("senaste uppgift"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("schemalagt jobb")
        verbose_name_plural = _("schemalagda jobb")
        ordering = ["name"]

    def __str__(self):
        return self.name
