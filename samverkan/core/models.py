"""Base models shared by every app: timestamps, version, archiving, permission-aware querysets,
and the import batch that is the audit record of every import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from . import permissions


class _MaskedIterable(ModelIterable):
    """Model instances with the confidential values their reader may not see set to None and
    named in `hidden_fields`: what a page or an export shows cannot carry them by mistake."""

    def __iter__(self):
        user = self.queryset._masked_for
        for obj in super().__iter__():
            hidden = permissions.hidden_fields(user, obj)
            for name in hidden:
                if name in obj.__dict__:
                    obj.__dict__[name] = None
            obj.hidden_fields = hidden
            yield obj


class RestrictedQuerySet(models.QuerySet):
    _masked_for = None

    def for_user(self, user, action: str = permissions.VIEW):
        return permissions.restrict(self, user, action)

    def masked_for(self, user):
        """For display only (never save these instances): confidential values `user` may not
        see come out as None, and ordering by them treats them as NULL, so a hidden value
        moves no row (`permissions.masked`)."""
        clone = self._chain()
        clone._masked_for = user
        clone._iterable_class = _MaskedIterable
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._masked_for = self._masked_for
        return clone

    def order_by(self, *field_names):
        if self._masked_for is not None:
            field_names = [self._masked_order(name) for name in field_names]
        return super().order_by(*field_names)

    def _masked_order(self, name):
        if not isinstance(name, str):
            return name
        bare = name.lstrip("-")
        if bare not in permissions.confidential_fields(self.model):
            return name
        expression = permissions.masked(self.model, self._masked_for, bare)
        return expression.desc(nulls_last=True) if name.startswith("-") \
            else expression.asc(nulls_first=True)

    def active(self):
        return self.filter(archived_at__isnull=True)


class GovernedModel(models.Model):
    """A record whose changes are governed: versioned against lost updates, archived rather than
    deleted (arkivlagen), history kept by the concrete model's `history = HistoricalRecords()`."""

    owner_field: str | None = "organisation"
    confidential: tuple[permissions.Confidential, ...] = ()

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    archived_at = models.DateTimeField(_("arkiverad"), null=True, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ChildModel(models.Model):
    """A part of a governed record (usage row, role, document); its parent's owner decides.
    Versioned like its parent, so two stale edits of the same part cannot both succeed."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class ImportBatch(models.Model):
    """One import of one file: who, when, what, with what result. Never edited by hand."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Förhandsgranskning")
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")
        SUPERSEDED = "superseded", _("Ersatt")

    owner_field = "organisation"
    # What was imported into an organisation's ledger is read by that organisation's users (and
    # the one who uploaded it); imports into the shared register, whose rows every signed-in
    # user reads, are read by everyone.
    confidential = (permissions.Confidential(when=(("organisation__isnull", False),),
                                             users=("created_by",)),)

    kind = models.CharField(_("typ"), max_length=40, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="import_batches",
        null=True,
        blank=True,
    )
    file_name = models.CharField(_("filnamn"), max_length=255)
    file_sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, db_index=True)
    file_size = models.PositiveBigIntegerField(_("filstorlek"), default=0)
    stored_file = models.CharField(max_length=500, blank=True)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEW
    )
    rows_total = models.PositiveIntegerField(_("rader"), default=0)
    rows_done = models.PositiveIntegerField(_("bearbetade rader"), default=0)
    created_count = models.PositiveIntegerField(_("nya"), default=0)
    updated_count = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged_count = models.PositiveIntegerField(_("oförändrade"), default=0)
    error_count = models.PositiveIntegerField(_("fel"), default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(_("meddelande"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importerad av"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "file_sha256", "status"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.rows_done / self.rows_total))
