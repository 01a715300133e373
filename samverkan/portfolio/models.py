"""The system register: capabilities, suppliers and products, systems with their use per
organisation and integrations, and management objects (förvaltningsobjekt) run by PM3."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from samverkan.core.models import ChildModel, GovernedModel
from samverkan.organisations.models import (
    Organisation,
    Person,
    refuse_unrelated,
    refuse_unrelated_seat,
    validate_org_number,
)


class Capability(GovernedModel):
    """A municipal area of operations (verksamhetsområde / förmåga), as a tree."""

    owner_field = None  # shared taxonomy, kept by any editor

    name = models.CharField(_("namn"), max_length=200)
    code = models.CharField(_("kod"), max_length=20, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("överordnad"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="children",
    )
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("verksamhetsområde")
        verbose_name_plural = _("verksamhetsområden")
        ordering = ["code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_capability_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:capability", args=[self.pk])

    def clean(self):
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None or node.pk in seen:
                raise ValidationError({"parent": _("Ett område kan inte ligga under sig självt.")})
            seen.add(node.pk)
            node = node.parent


class Supplier(GovernedModel):
    owner_field = None

    name = models.CharField(_("namn"), max_length=200)
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number]
    )
    website = models.URLField(_("webbplats"), blank=True)
    notes = models.TextField(_("anteckningar"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("leverantör")
        verbose_name_plural = _("leverantörer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["org_number"], condition=~Q(org_number=""),
                                    name="unique_supplier_org_number"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:supplier", args=[self.pk])

    def clean(self):
        from stdnum.se import orgnr

        if self.org_number:
            self.org_number = orgnr.format(self.org_number)


class Product(GovernedModel):
    owner_field = None

    name = models.CharField(_("namn"), max_length=200)
    supplier = models.ForeignKey(
        Supplier, verbose_name=_("leverantör"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="products",
    )
    description = models.TextField(_("beskrivning"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("produkt")
        verbose_name_plural = _("produkter")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "supplier"], name="unique_product_per_supplier"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:product", args=[self.pk])


def refuse_duplicate_name(record, message) -> None:
    """One active record per name and organisation (letter case aside, as imports match them):
    said in words here, since the database constraint's own message names the constraint."""
    if not record.name or not record.organisation_id or record.archived_at is not None:
        return
    if getattr(record, "name_checked", False):  # an import matched every row in one query
        return
    clash = type(record)._default_manager.filter(
        organisation_id=record.organisation_id, name__iexact=record.name.strip(),
        archived_at__isnull=True).exclude(pk=record.pk)
    if clash.exists():
        raise ValidationError({"name": message % {"name": record.name,
                                                  "organisation": record.organisation}})


class ManagementObject(GovernedModel):
    """Förvaltningsobjekt: systems and documents managed together, with PM3 roles."""

    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
        related_name="management_objects",
    )
    capability = models.ForeignKey(
        Capability, verbose_name=_("verksamhetsområde"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="management_objects",
    )
    description = models.TextField(_("beskrivning"), blank=True)
    established_on = models.DateField(_("etablerat"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("förvaltningsobjekt")
        verbose_name_plural = _("förvaltningsobjekt")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"],
                                    condition=Q(archived_at__isnull=True),
                                    name="unique_active_object_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:object", args=[self.pk])

    def clean(self):
        refuse_duplicate_name(self, _("Det finns redan ett förvaltningsobjekt som heter "
                                      "%(name)s i %(organisation)s."))

    def history_children(self):
        return [
            ObjectRole.history.filter(management_object_id=self.pk),
            SteeringGroupMember.history.filter(management_object_id=self.pk),
            ObjectDocument.history.filter(management_object_id=self.pk),
        ]


class System(GovernedModel):
    class Lifecycle(models.TextChoices):
        PLANNED = "planerat", _("Planerat")
        IMPLEMENTING = "inforande", _("Under införande")
        ACTIVE = "drift", _("I drift")
        PHASING_OUT = "avveckling", _("Under avveckling")
        RETIRED = "avvecklat", _("Avvecklat")

    class Criticality(models.TextChoices):
        LOW = "lag", _("Låg")
        MEDIUM = "medel", _("Medel")
        HIGH = "hog", _("Hög")
        CRITICAL = "kritisk", _("Verksamhetskritisk")

    class Hosting(models.TextChoices):
        OWN = "egen", _("Egen drift")
        JOINT = "gemensam", _("Gemensam IT-förvaltning")
        SAAS = "saas", _("Leverantörens moln (SaaS)")
        EXTERNAL = "extern", _("Extern driftleverantör")

    class Agreement(models.TextChoices):
        SIGNED = "finns", _("Finns")
        MISSING = "saknas", _("Saknas")
        NOT_NEEDED = "ej_aktuellt", _("Ej aktuellt")

    KLASSA_LEVELS = [(n, str(n)) for n in range(5)]

    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ägande organisation"), on_delete=models.PROTECT,
        related_name="systems",
    )
    owner_person = models.ForeignKey(
        Person, verbose_name=_("systemägare"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="owned_systems",
    )
    product = models.ForeignKey(
        Product, verbose_name=_("produkt"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="systems",
    )
    capability = models.ForeignKey(
        Capability, verbose_name=_("verksamhetsområde"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="systems",
    )
    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="systems",
    )
    lifecycle = models.CharField(_("livscykel"), max_length=12, choices=Lifecycle.choices,
                                 default=Lifecycle.ACTIVE)
    criticality = models.CharField(_("kritikalitet"), max_length=8, choices=Criticality.choices,
                                   blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("konfidentialitet"), choices=KLASSA_LEVELS, null=True, blank=True,
        validators=[MaxValueValidator(4)], help_text=_("KLASSA 0–4"),
    )
    integrity = models.PositiveSmallIntegerField(
        _("riktighet"), choices=KLASSA_LEVELS, null=True, blank=True,
        validators=[MaxValueValidator(4)], help_text=_("KLASSA 0–4"),
    )
    availability = models.PositiveSmallIntegerField(
        _("tillgänglighet"), choices=KLASSA_LEVELS, null=True, blank=True,
        validators=[MaxValueValidator(4)], help_text=_("KLASSA 0–4"),
    )
    personal_data = models.BooleanField(_("behandlar personuppgifter"), null=True, blank=True)
    dpa = models.CharField(_("personuppgiftsbiträdesavtal"), max_length=12,
                           choices=Agreement.choices, blank=True)
    hosting = models.CharField(_("driftform"), max_length=10, choices=Hosting.choices, blank=True)
    service_window = models.CharField(_("servicefönster"), max_length=200, blank=True)
    url = models.URLField(_("adress"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system")
        verbose_name_plural = _("system")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"],
                                    condition=Q(archived_at__isnull=True),
                                    name="unique_active_system_name"),
        ]
        indexes = [
            models.Index(fields=["archived_at", "name"]),
            models.Index(fields=["organisation", "archived_at"]),
            # the register in name order, a page at a time (PostgreSQL cannot order by name
            # from the (archived_at, name) index above when the condition is IS NULL)
            models.Index(fields=["name"], condition=Q(archived_at__isnull=True),
                         name="system_active_name"),
            # the overview: systems per capability, and the most critical gaps first; the
            # consolidation finder's counts per capability, product and owner from the index alone
            models.Index(fields=["capability", "archived_at", "lifecycle", "product",
                                 "organisation"], name="system_capability_active"),
            models.Index(fields=["archived_at", "criticality", "name"],
                         name="system_active_criticality"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:system", args=[self.pk])

    @staticmethod
    def ids_owned_or_used_by(organisations):
        """The ids of the systems these organisations own or use, as one subquery (a union):
        the two conditions joined by OR make the database test every system instead."""
        owned = System.objects.filter(organisation_id__in=organisations).order_by().values("pk")
        return owned.union(SystemUsage.objects.filter(
            organisation_id__in=organisations).order_by().values("system_id"))

    @property
    def is_classified(self) -> bool:
        return None not in (self.confidentiality, self.integrity, self.availability)

    def clean(self):
        refuse_duplicate_name(self, _("Det finns redan ett system som heter %(name)s i "
                                      "%(organisation)s."))
        refuse_unrelated(self.organisation_id, management_object=self.management_object,
                         owner_person=self.owner_person)
        if self.personal_data and self.hosting in (self.Hosting.SAAS, self.Hosting.EXTERNAL) \
                and self.dpa == self.Agreement.NOT_NEEDED:
            raise ValidationError({"dpa": _(
                "Ett system med personuppgifter hos en extern leverantör behöver ett "
                "personuppgiftsbiträdesavtal."
            )})

    def history_children(self):
        return [
            SystemUsage.history.filter(system_id=self.pk),
            Integration.history.filter(source_id=self.pk),
        ]


class SystemUsage(ChildModel):
    """Which organisations use a system, with how many users: one installation may serve several
    municipalities."""

    owner_field = "system__organisation"

    system = models.ForeignKey(System, verbose_name=_("system"), on_delete=models.CASCADE,
                               related_name="usages")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="system_usages")
    users = models.PositiveIntegerField(_("antal användare"), null=True, blank=True)
    note = models.CharField(_("kommentar"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("användning")
        verbose_name_plural = _("användning")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "organisation"], name="one_usage_per_org"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("system", "organisation"):
            return ValidationError(_("Organisationen finns redan som användare av systemet."),
                                   code="unique")
        return super().unique_error_message(model_class, unique_check)


class Integration(ChildModel):
    class Method(models.TextChoices):
        API = "api", _("API / webbtjänst")
        FILE = "fil", _("Filöverföring")
        DATABASE = "databas", _("Databaskoppling")
        MESSAGE = "meddelande", _("Meddelanden / kö")
        SSO = "sso", _("Inloggning (SSO)")
        MANUAL = "manuell", _("Manuell")
        OTHER = "annan", _("Annan")

    owner_field = "source__organisation"

    source = models.ForeignKey(System, verbose_name=_("från system"), on_delete=models.CASCADE,
                               related_name="outgoing_integrations")
    target = models.ForeignKey(System, verbose_name=_("till system"), on_delete=models.CASCADE,
                               related_name="incoming_integrations")
    method = models.CharField(_("metod"), max_length=12, choices=Method.choices,
                              default=Method.API)
    data = models.CharField(_("information som överförs"), max_length=300, blank=True)
    frequency = models.CharField(_("frekvens"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrationer")
        ordering = ["source__name", "target__name"]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("Ett system kan inte integreras med sig självt.")})


class ObjectRole(ChildModel):
    """A PM3 role in a management object, held by a person for an organisation."""

    class Kind(models.TextChoices):
        OWNER = "objektagare", _("Objektägare")
        LEAD_BUSINESS = "objektledare_verksamhet", _("Objektledare / förvaltningsledare verksamhet")
        LEAD_IT = "objektledare_it", _("Objektledare / förvaltningsledare IT")
        SPECIALIST_BUSINESS = "specialist_verksamhet", _("Verksamhetsspecialist")
        SPECIALIST_IT = "specialist_it", _("IT-specialist")
        SUPERUSER = "superanvandare", _("Superanvändare")

    owner_field = "management_object__organisation"

    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.CASCADE,
        related_name="roles",
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="object_roles")
    organisation = models.ForeignKey(Organisation, verbose_name=_("företräder"),
                                     on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("roll"), max_length=30, choices=Kind.choices)
    valid_from = models.DateField(_("från"), null=True, blank=True)
    valid_to = models.DateField(_("till"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("förvaltningsroll")
        verbose_name_plural = _("förvaltningsroller")
        ordering = ["role", "person__name"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"

    def clean(self):
        _refuse_unrelated_member(self)


class SteeringGroupMember(ChildModel):
    owner_field = "management_object__organisation"

    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.CASCADE,
        related_name="steering_group",
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="steering_groups")
    organisation = models.ForeignKey(Organisation, verbose_name=_("företräder"),
                                     on_delete=models.PROTECT, related_name="+")
    mandate = models.CharField(_("mandat"), max_length=300, blank=True)
    is_chair = models.BooleanField(_("ordförande"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("styrgruppsledamot")
        verbose_name_plural = _("styrgrupp")
        ordering = ["-is_chair", "organisation__name", "person__name"]

    def __str__(self) -> str:
        return f"{self.person} ({self.organisation})"

    def clean(self):
        _refuse_unrelated_member(self)


def _refuse_unrelated_member(record) -> None:
    """A PM3 role or a steering-group seat: the person and the organisation they represent
    belong to the object's organisation, one of its members or a cooperation it is in."""
    if record.management_object_id is not None:
        refuse_unrelated_seat(record.management_object.organisation_id, record)


def document_path(instance, filename: str) -> str:
    return f"dokument/objekt-{instance.management_object_id}/{filename}"


class ObjectDocument(ChildModel):
    class Kind(models.TextChoices):
        PLAN = "forvaltningsplan", _("Förvaltningsplan")
        CONTRACT = "avtal", _("Avtal")
        PROCESS = "process", _("Processbeskrivning")
        ROUTINE = "rutin", _("Rutin / instruktion")
        CONTINUITY = "kontinuitet", _("Kontinuitetsplan")
        TRAINING = "utbildning", _("Utbildningsmaterial")
        OTHER = "annat", _("Annat")

    owner_field = "management_object__organisation"

    management_object = models.ForeignKey(
        ManagementObject, verbose_name=_("förvaltningsobjekt"), on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    url = models.URLField(_("länk"), blank=True)
    file = models.FileField(_("fil"), upload_to=document_path, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if not self.url and not self.file:
            raise ValidationError(_("Ange en länk eller ladda upp en fil."))
