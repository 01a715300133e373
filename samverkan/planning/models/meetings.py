"""Steering-group meetings with a typed agenda (information, beslut, åtgärd) and minutes,
decisions numbered (§) per steering group and year, and actions with an owner and a due date
that carry forward until done."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import ManagementObject

from .groups import SteeringGroup
from .plans import Plan


class Meeting(GovernedModel):
    """A meeting of a steering group: the management object's, a project plan's own, or an
    object family's, the portfolio's or the programme's."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
        related_name="steering_meetings")
    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjektets styrgrupp"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")
    project = models.ForeignKey(
        Plan, verbose_name=_("projektets styrgrupp"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="meetings", limit_choices_to={"kind": Plan.Kind.PROJECT})
    steering_group = models.ForeignKey(
        SteeringGroup, verbose_name=_("styrgrupp"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="meetings")
    title = models.CharField(_("rubrik"), max_length=200)
    held_on = models.DateField(_("datum"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    attendees = models.TextField(_("närvarande"), blank=True,
                                 help_text=_("En per rad: namn, organisation, mandat."))
    documents = models.TextField(_("utskickade handlingar"), blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    minutes = models.TextField(_("protokoll"), blank=True)
    minutes_approved_on = models.DateField(_("justerat"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("styrgruppsmöte")
        verbose_name_plural = _("styrgruppsmöten")
        ordering = ["-held_on", "pk"]
        indexes = [models.Index(fields=["management_object", "held_on"])]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("planning:meeting", args=[self.pk])

    def clean(self):
        chosen = [g for g in (self.management_object, self.project, self.steering_group) if g]
        if len(chosen) != 1:
            raise ValidationError(_("Ange en styrgrupp: förvaltningsobjektets, projektets eller "
                                    "en objektfamiljs, portföljens eller programmets."))
        group_owner = chosen[0].organisation_id
        if self.organisation_id and self.organisation_id != group_owner:
            raise ValidationError({"organisation": _(
                "Mötet ägs av samma organisation som styrgruppens objekt eller projekt.")})

    @property
    def series(self) -> str:
        """The steering group whose decisions share one § numbering per year."""
        if self.management_object_id:
            return f"objekt-{self.management_object_id}"
        if self.project_id:
            return f"projekt-{self.project_id}"
        return f"grupp-{self.steering_group_id}"

    @property
    def is_locked(self) -> bool:
        """Minutes once approved (justerat) are not changed, nor their decisions."""
        return self.minutes_approved_on is not None

    def history_children(self):
        return [AgendaItem.history.filter(meeting_id=self.pk),
                Decision.history.filter(meeting_id=self.pk),
                Action.history.filter(meeting_id=self.pk)]


class AgendaItem(ChildModel):
    """One item (punkt) of a meeting's agenda."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DECISION = "beslut", _("Beslut")
        ACTION = "atgard", _("Åtgärd")

    class Content(models.TextChoices):  # what the plan fills in, for status items
        NONE = "", _("Ingen")
        STATUS = "status", _("Projektstatus: aktiviteter sedan sist, tidsåtgång, risker – utfall")
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


class Decision(ChildModel):
    """A decision (§) of a meeting, numbered per steering group and year, with the mandate it
    rests on; one beyond the group's mandate is escalated."""

    owner_field = "meeting__organisation"

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE,
                                related_name="decisions")
    series = models.CharField(_("styrgrupp"), max_length=40, editable=False)
    year = models.PositiveSmallIntegerField(_("år"), editable=False)
    number = models.PositiveIntegerField(_("paragraf"), editable=False)
    title = models.CharField(_("ärende"), max_length=300)
    text = models.TextField(_("beslut"))
    mandate = models.CharField(_("mandat"), max_length=300, blank=True,
                               help_text=_("Vad beslutet vilar på, t.ex. styrgruppens "
                                           "uppdrag i förvaltningsplanen."))
    escalated_to = models.CharField(
        _("lyfts till"), max_length=200, blank=True,
        help_text=_("När frågan går utöver styrgruppens mandat: vem som beslutar i stället."))
    plan = models.ForeignKey(Plan, verbose_name=_("gäller plan"), on_delete=models.PROTECT,
                             null=True, blank=True, related_name="decisions")
    agenda_item = models.ForeignKey(
        "planning.AgendaItem", verbose_name=_("dagordningspunkt"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="decisions",
        limit_choices_to={"kind": "beslut"})
    contract_option = models.ForeignKey(
        "contracts.ContractExtensionOption", verbose_name=_("gäller förlängningsoption"),
        on_delete=models.PROTECT, null=True, blank=True, related_name="planning_decisions")
    cost_pool = models.ForeignKey(
        "finance.CostPool", verbose_name=_("gäller kostnadspool"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="planning_decisions")
    exceeds_mandate = models.BooleanField(
        _("går utöver mandatet"), default=False,
        help_text=_("Beslutet går utöver styrgruppens mandat och ska lyftas."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["year", "number"]
        constraints = [models.UniqueConstraint(fields=["series", "year", "number"],
                                               name="one_paragraph_number_per_group_year")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self):
        if self.exceeds_mandate and not self.escalated_to.strip():
            raise ValidationError({"escalated_to": _(
                "Ett beslut utöver mandatet lyfts: ange till vem.")})
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("Punkten hör till ett annat möte.")})

    @property
    def is_escalated(self) -> bool:
        return self.exceeds_mandate or bool(self.escalated_to)

    @property
    def reference(self) -> str:
        return f"§ {self.number}/{self.year}"

    def get_absolute_url(self) -> str:
        return reverse("planning:meeting", args=[self.meeting_id]) + f"#beslut-{self.pk}"


class Action(ChildModel):
    """An action from a meeting: who does what by when; open actions carry forward."""

    owner_field = "meeting__organisation"

    meeting = models.ForeignKey(Meeting, verbose_name=_("möte"), on_delete=models.CASCADE,
                                related_name="actions")
    title = models.CharField(_("åtgärd"), max_length=300)
    owner = models.ForeignKey(Person, verbose_name=_("ansvarig"), on_delete=models.PROTECT,
                              related_name="meeting_actions")
    due_on = models.DateField(_("klar senast"))
    done_on = models.DateField(_("klar"), null=True, blank=True)
    note = models.CharField(_("kommentar"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.done_on is None
