"""Organisations, cooperations and their members over time, population per year, people and
users' roles per organisation."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.se import orgnr

from samverkan.core.models import GovernedModel, RestrictedQuerySet
from samverkan.core.permissions import Role


def validate_org_number(value: str) -> None:
    if value and not orgnr.is_valid(value):
        raise ValidationError(
            _("%(value)s är inte ett giltigt organisationsnummer (NNNNNN-NNNN)."),
            params={"value": value},
        )


def validate_municipality_code(value: str) -> None:
    if value and not (len(value) == 4 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Kommunkoden ska vara fyra siffror, t.ex. 1814."))


class Organisation(GovernedModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "kommun", _("Kommun")
        REGION = "region", _("Region")
        FEDERATION = "kommunalforbund", _("Kommunalförbund")
        JOINT_BOARD = "gemensam_namnd", _("Gemensam nämnd")
        ASSOCIATION = "forening", _("Förening")
        COMPANY = "bolag", _("Bolag")
        OTHER = "annan", _("Annan")

    JOINT_KINDS = (Kind.FEDERATION, Kind.JOINT_BOARD, Kind.ASSOCIATION)

    owner_field = ""  # an organisation is its own owner
    # what an organisation is, and whether it exists, is decided by the installation's
    # administrators; its own editors keep its other details
    administered_fields = ("name", "kind", "municipality_code", "county_code")
    administered_actions = ("delete",)

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    municipality_code = models.CharField(
        _("kommunkod"), max_length=4, blank=True, validators=[validate_municipality_code],
        help_text=_("Fyra siffror, för kommuner (t.ex. 1860 för Laxå)."),
    )
    county_code = models.CharField(_("länskod"), max_length=2, blank=True)
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number]
    )
    short_name = models.CharField(_("kortnamn"), max_length=60, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality_code"], condition=~Q(municipality_code=""),
                name="unique_municipality_code",
            ),
            models.UniqueConstraint(
                fields=["org_number"], condition=~Q(org_number=""), name="unique_org_number"
            ),
        ]

    # how a long choice of organisations groups them (core.forms.OrganisationChoiceIterator)
    CHOICE_GROUPS = {Kind.MUNICIPALITY: _("Kommuner"), Kind.REGION: _("Regioner"),
                     Kind.FEDERATION: _("Kommunalförbund"), Kind.JOINT_BOARD: _("Gemensamma nämnder"),
                     Kind.ASSOCIATION: _("Föreningar"), Kind.COMPANY: _("Bolag"),
                     Kind.OTHER: _("Övriga")}

    @property
    def choice_group(self) -> tuple[int, str]:
        kinds = list(self.Kind)
        order = kinds.index(self.kind) if self.kind in kinds else len(kinds)
        return order, str(self.CHOICE_GROUPS.get(self.kind, _("Övriga")))

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation", args=[self.pk])

    def clean(self):
        if self.org_number:
            self.org_number = orgnr.format(self.org_number)
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_code:
            raise ValidationError({"municipality_code": _("En kommun måste ha en kommunkod.")})

    @property
    def is_cooperation(self) -> bool:
        return self.kind in self.JOINT_KINDS

    @classmethod
    def active_cooperations(cls):
        """The cooperations a page may be scoped to (joint boards, federations, associations)."""
        return cls.objects.filter(kind__in=cls.JOINT_KINDS, archived_at__isnull=True).order_by(
            "name", "pk")

    @classmethod
    def partner_ids(cls, own_ids) -> set[int]:
        """The cooperations these organisations are (or are members of) today, and those
        cooperations' other members: who a user of `own_ids` most often chooses after their own."""
        today = datetime.date.today()
        current = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & \
            (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        cooperations = set(Membership.objects.filter(current, member__in=own_ids)
                           .values_list("cooperation_id", flat=True))
        cooperations |= set(cls.objects.filter(pk__in=own_ids, kind__in=cls.JOINT_KINDS)
                            .values_list("pk", flat=True))
        members = set(Membership.objects.filter(current, cooperation__in=cooperations)
                      .values_list("member_id", flat=True))
        return (cooperations | members) - set(own_ids)

    def members_on(self, day: datetime.date | None = None):
        day = day or datetime.date.today()
        return Organisation.objects.filter(
            memberships__cooperation=self,
        ).filter(
            Q(memberships__valid_from__isnull=True) | Q(memberships__valid_from__lte=day),
            Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=day),
        ).distinct()


class Membership(models.Model):
    """A member organisation of a cooperation, over a period; one member may be the host."""

    owner_field = "cooperation"
    # who is a member of a cooperation is decided by the installation's administrators
    administered_actions = ("add", "change", "delete")

    cooperation = models.ForeignKey(
        Organisation, verbose_name=_("samverkan"), on_delete=models.CASCADE,
        related_name="member_links",
    )
    member = models.ForeignKey(
        Organisation, verbose_name=_("medlem"), on_delete=models.PROTECT, related_name="memberships"
    )
    valid_from = models.DateField(_("från"), null=True, blank=True)
    valid_to = models.DateField(_("till"), null=True, blank=True)
    is_host = models.BooleanField(_("värdkommun"), default=False)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["cooperation__name", "member__name"]

    def __str__(self) -> str:
        return f"{self.member} i {self.cooperation}"

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Slutdatum kan inte vara före startdatum.")})
        if self.cooperation_id and self.cooperation_id == self.member_id:
            raise ValidationError(_("En organisation kan inte vara medlem i sig själv."))
        if self.cooperation_id and not self.cooperation.is_cooperation:
            raise ValidationError(_(
                "Bara en samverkan (kommunalförbund, gemensam nämnd eller förening) har medlemmar."
            ))


class Population(models.Model):
    """Inhabitants of an organisation in a year, and where the figure comes from."""

    owner_field = "organisation"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="populations",
    )
    year = models.PositiveSmallIntegerField(_("år"))
    inhabitants = models.PositiveIntegerField(_("invånare"))
    source = models.CharField(_("källa"), max_length=200)
    reference_date = models.DateField(_("avser datum"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd")
        ordering = ["organisation__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_population_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}: {self.inhabitants}"


class Person(GovernedModel):
    """Someone who holds a role; may or may not have a login."""

    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="people",
    )
    title = models.CharField(_("befattning"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("inloggning"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="person",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:person", args=[self.pk])


class OrganisationRole(models.Model):
    """A user's role in one organisation: läsare, redaktör or administratör."""

    owner_field = "organisation"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE,
        related_name="organisation_roles",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="user_roles",
    )
    role = models.PositiveSmallIntegerField(_("roll"), choices=Role.choices, default=Role.READER)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("användarroll")
        verbose_name_plural = _("användarroller")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


def related_organisation_ids(organisation_id: int | None) -> set[int]:
    """The organisation, its members (when it is a cooperation) and the cooperations it belongs
    to: the organisations whose systems, objects and people its records may refer to."""
    if organisation_id is None:
        return set()
    ids = {organisation_id}
    for cooperation, member in Membership.objects.filter(
        Q(cooperation_id=organisation_id) | Q(member_id=organisation_id)
    ).values_list("cooperation_id", "member_id"):
        ids.update((cooperation, member))
    return ids


def refuse_unrelated(organisation_id: int | None, **references) -> None:
    """A ValidationError naming each field whose organisation, or record of an organisation,
    is unrelated to `organisation_id`: an editor cannot reach into another organisation's
    register through a reference."""
    present = {name: item for name, item in references.items() if item is not None}
    if not present or organisation_id is None:
        return
    allowed = related_organisation_ids(organisation_id)
    errors = {}
    for name, item in present.items():
        if isinstance(item, Organisation):
            if item.pk not in allowed:
                errors[name] = _("%(organisation)s är inte organisationen själv, dess medlem "
                                 "eller en samverkan den ingår i.") % {"organisation": item}
        elif item.organisation_id not in allowed:
            errors[name] = _("%(item)s hör till %(organisation)s, som inte är organisationen "
                             "själv, dess medlem eller en samverkan den ingår i.") % {
                                 "item": item, "organisation": item.organisation}
    if errors:
        raise ValidationError(errors)


def refuse_unrelated_seat(organisation_id: int | None, seat) -> None:
    """A seat (a PM3 role, a steering-group member) filled by a person for an organisation: both
    within `organisation_id`'s circle."""
    refuse_unrelated(organisation_id, person=seat.person if seat.person_id else None,
                     organisation=seat.organisation if seat.organisation_id else None)
