"""Importing systems (with their use per organisation) and management objects from XLSX/CSV."""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from samverkan.core import permissions, services
from samverkan.core.imports import (
    CREATED,
    UNCHANGED,
    UPDATED,
    CellError,
    Column,
    Lookup,
    RowError,
    RowImporter,
    RowPlan,
    model_errors,
    parse_bool,
    parse_choice,
    parse_date,
    parse_level,
    visible_text,
)
from samverkan.organisations.models import Organisation, Person

from .models import Capability, ManagementObject, Product, System, SystemUsage

ORGANISATION_KEYS = ("name", "short_name", "municipality_code", "org_number")
MAX_USERS = 10_000_000  # more than Sweden's population is a typing error; fits every database


def planned(existing, model, fields: dict):
    """The record as the commit will save it, without touching the one the plan compares to."""
    record = copy.copy(existing) if existing is not None else model()
    for key, value in fields.items():
        setattr(record, key, value)
    # The importer's `existing` map matches names as the model's duplicate check does, for
    # every row at once; the commit's own validation still queries.
    record.name_checked = True
    return record


def organisation_lookup() -> Lookup:
    return Lookup(Organisation.objects.filter(archived_at__isnull=True), ORGANISATION_KEYS,
                  _("Organisationen"))


def parse_usage(value: str, organisations: Lookup) -> list[tuple[Organisation, int | None]]:
    """`Laxå: 120; Hallsberg: 300; Lekeberg` → [(Laxå, 120), (Hallsberg, 300), (Lekeberg, None)]"""
    result = []
    for part in value.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        name, _sep, users = part.partition(":")
        org = organisations.find(name, required=True)
        users = users.strip().replace(" ", "").replace("\u00a0", "")
        if users and not (users.isascii() and users.isdigit()):
            raise CellError(_("Antal användare för %(org)s ska vara ett heltal.") % {"org": org})
        if users and int(users) > MAX_USERS:
            raise CellError(_("Antal användare för %(org)s är orimligt; högst %(limit)s.")
                            % {"org": org, "limit": f"{MAX_USERS:,}".replace(",", " ")})
        result.append((org, int(users) if users else None))
    return result


class SystemImporter(RowImporter):
    kind = "portfolio.system"
    title = pgettext_lazy("flera", "System")
    columns = (
        Column("Namn", True, gettext_lazy("Systemets namn")),
        Column("Ägare", True, gettext_lazy("Ägande organisation: namn, kommunkod eller "
                                           "organisationsnummer"),
               aliases=("Ägande organisation",)),
        Column("Beskrivning"),
        Column("Produkt", help=gettext_lazy("Produktens namn, t.ex. Procapita")),
        Column("Leverantör", help=gettext_lazy("Skiljer produkter med samma namn åt")),
        Column("Verksamhetsområde", help=gettext_lazy("Namn eller kod")),
        Column("Förvaltningsobjekt"),
        Column("Systemägare", help=gettext_lazy("Personens namn eller e-post")),
        Column("Livscykel", help=gettext_lazy("Planerat, Under införande, I drift, Under "
                                              "avveckling, Avvecklat")),
        Column("Kritikalitet", help=gettext_lazy("Låg, Medel, Hög, Verksamhetskritisk")),
        Column("Konfidentialitet", help=gettext_lazy("KLASSA 0–4")),
        Column("Riktighet", help=gettext_lazy("KLASSA 0–4")),
        Column("Tillgänglighet", help=gettext_lazy("KLASSA 0–4")),
        Column("Personuppgifter", help=gettext_lazy("Ja, Nej eller tomt")),
        Column("Biträdesavtal", help=gettext_lazy("Finns, Saknas, Ej aktuellt"),
               aliases=("Personuppgiftsbiträdesavtal", "PUB-avtal")),
        Column("Driftform", help=gettext_lazy("Egen drift, Gemensam IT-förvaltning, "
                                              "Leverantörens moln (SaaS), Extern driftleverantör")),
        Column("Servicefönster"),
        Column("Adress", help=gettext_lazy("Webbadress"), aliases=("URL",)),
        Column("Användning", help=gettext_lazy("Organisationer som använder systemet, med antal "
                                               "användare: ”Laxå: 120; Hallsberg: 300”")),
    )

    FIELD_COLUMNS = {
        "description": "Beskrivning", "service_window": "Servicefönster", "url": "Adress",
    }
    COLUMNS_BY_FIELD = {
        **FIELD_COLUMNS, "name": "Namn", "organisation": "Ägare", "lifecycle": "Livscykel",
        "criticality": "Kritikalitet", "dpa": "Biträdesavtal", "hosting": "Driftform",
        "confidentiality": "Konfidentialitet", "integrity": "Riktighet",
        "availability": "Tillgänglighet", "personal_data": "Personuppgifter",
    }

    def prepare(self):
        self.organisations = organisation_lookup()
        products = list(Product.objects.filter(archived_at__isnull=True).select_related("supplier"))
        self.products = Lookup(products, ("name",), _("Produkten"))
        self.products_by_supplier = {
            (p.name.lower(), (p.supplier.name.lower() if p.supplier else "")): p for p in products
        }
        self.capabilities = Lookup(Capability.objects.filter(archived_at__isnull=True),
                                   ("name", "code"), _("Verksamhetsområdet"))
        self.objects = Lookup(ManagementObject.objects.for_user(self.user)
                              .filter(archived_at__isnull=True), ("name",),
                              _("Förvaltningsobjektet"))
        self.people = Lookup(Person.objects.filter(archived_at__isnull=True), ("name", "email"),
                             _("Personen"))
        self.existing = {
            (s.organisation_id, s.name.lower()): s
            for s in System.objects.filter(archived_at__isnull=True).prefetch_related("usages")
        }

    def _product(self, values):
        name, supplier = values.get("Produkt", "").strip(), values.get("Leverantör", "").strip()
        if name and supplier:
            found = self.products_by_supplier.get((name.lower(), supplier.lower()))
            if found is None:
                raise CellError(_("Produkten ”%(name)s” från ”%(supplier)s” finns inte.")
                                % {"name": name, "supplier": supplier})
            return found
        return self.products.find(name)

    def validate_row(self, number, values):
        errors: list[RowError] = []
        fields: dict = {}

        def take(column, parse):
            try:
                return parse(values.get(column, ""))
            except CellError as exc:
                errors.append(RowError(number, column, str(exc)))
                return None

        name = visible_text(values.get("Namn", ""))
        if not name:
            errors.append(RowError(number, "Namn", _("Namn saknas.")))
        elif len(name) > 200:
            errors.append(RowError(number, "Namn", _("Namnet är längre än 200 tecken.")))
        owner = take("Ägare", lambda v: self.organisations.find(v, required=True))
        if owner is not None and not permissions.can_act_for(self.user, permissions.ADD, owner.pk):
            errors.append(RowError(number, "Ägare", _(
                "Du får inte lägga till eller ändra system för %(org)s.") % {"org": owner}))
        fields["organisation"] = owner
        fields["product"] = take("Produkt", lambda v: self._product(values))
        fields["capability"] = take("Verksamhetsområde", self.capabilities.find)
        fields["management_object"] = take("Förvaltningsobjekt", self.objects.find)
        fields["owner_person"] = take("Systemägare", self.people.find)
        for field, column, choices, default in (
            ("lifecycle", "Livscykel", System.Lifecycle.choices, System.Lifecycle.ACTIVE),
            ("criticality", "Kritikalitet", System.Criticality.choices, ""),
            ("dpa", "Biträdesavtal", System.Agreement.choices, ""),
            ("hosting", "Driftform", System.Hosting.choices, ""),
        ):
            fields[field] = take(column, lambda v, c=choices, d=default:
                                 parse_choice(v, c) if v.strip() else d)
        for field, column in (("confidentiality", "Konfidentialitet"), ("integrity", "Riktighet"),
                              ("availability", "Tillgänglighet")):
            fields[field] = take(column, parse_level)
        fields["personal_data"] = take("Personuppgifter", parse_bool)
        for field, column in self.FIELD_COLUMNS.items():
            fields[field] = values.get(column, "").strip()
        usage = take("Användning", lambda v: parse_usage(v, self.organisations))
        if errors:
            return None, errors
        fields["name"] = name
        existing = self.existing.get((fields["organisation"].pk, fields["name"].lower()))
        errors = model_errors(number, planned(existing, System, fields), self.COLUMNS_BY_FIELD)
        if errors:
            return None, errors
        return self._plan(number, fields, usage or [], "Användning" in values, existing)

    def _plan(self, number, fields, usage, has_usage_column, existing):
        label = f"{fields['name']} ({fields['organisation']})"
        key = f"{fields['organisation'].pk}:{fields['name'].lower()}"  # as `existing` matches
        data = {"fields": fields, "usage": usage, "existing": existing}
        if existing is None:
            return RowPlan(number, CREATED, label, data, key), []
        changed = any(getattr(existing, k) != v for k, v in fields.items())
        current_usage = {(u.organisation_id, u.users) for u in existing.usages.all()}
        wanted_usage = {(org.pk, users) for org, users in usage}
        if has_usage_column and not wanted_usage <= current_usage:
            changed = True
        return RowPlan(number, UPDATED if changed else UNCHANGED, label, data, key), []

    def apply(self, plan):
        data = plan.data
        system = data["existing"] or System()
        for key, value in data["fields"].items():
            setattr(system, key, value)
        system = services.save_record(self.user, system)
        for org, users in data["usage"]:
            usage = SystemUsage.objects.filter(system=system, organisation=org).first() or \
                SystemUsage(system=system, organisation=org)
            if usage.pk is None or usage.users != users:
                usage.users = users
                services.save_child(self.user, usage, system)


class ManagementObjectImporter(RowImporter):
    kind = "portfolio.object"
    title = pgettext_lazy("flera", "Förvaltningsobjekt")
    columns = (
        Column("Namn", True),
        Column("Ägare", True, gettext_lazy("Ägande organisation: namn, kommunkod eller "
                                           "organisationsnummer")),
        Column("Verksamhetsområde", help=gettext_lazy("Namn eller kod")),
        Column("Beskrivning"),
        Column("Etablerat", help=gettext_lazy("Datum, ÅÅÅÅ-MM-DD")),
    )

    def prepare(self):
        self.organisations = organisation_lookup()
        self.capabilities = Lookup(Capability.objects.filter(archived_at__isnull=True),
                                   ("name", "code"), _("Verksamhetsområdet"))
        self.existing = {
            (o.organisation_id, o.name.lower()): o
            for o in ManagementObject.objects.filter(archived_at__isnull=True)
        }

    def validate_row(self, number, values):
        errors = []
        fields = {"name": visible_text(values.get("Namn", "")),
                  "description": values.get("Beskrivning", "").strip()}
        if not fields["name"]:
            errors.append(RowError(number, "Namn", _("Namn saknas.")))
        for field, column, parse in (
            ("organisation", "Ägare", lambda v: self.organisations.find(v, required=True)),
            ("capability", "Verksamhetsområde", self.capabilities.find),
            ("established_on", "Etablerat", parse_date),
        ):
            try:
                fields[field] = parse(values.get(column, ""))
            except CellError as exc:
                errors.append(RowError(number, column, str(exc)))
        owner = fields.get("organisation")
        if owner is not None and not permissions.can_act_for(self.user, permissions.ADD, owner.pk):
            errors.append(RowError(number, "Ägare", _(
                "Du får inte lägga till eller ändra förvaltningsobjekt för %(org)s.")
                % {"org": owner}))
        if errors:
            return None, errors
        existing = self.existing.get((owner.pk, fields["name"].lower()))
        errors = model_errors(number, planned(existing, ManagementObject, fields), {
            "name": "Namn", "description": "Beskrivning", "established_on": "Etablerat",
            "organisation": "Ägare"})
        if errors:
            return None, errors
        label = f"{fields['name']} ({owner})"
        key = f"{owner.pk}:{fields['name'].lower()}"
        if existing is None:
            return RowPlan(number, CREATED, label, {"fields": fields, "existing": None}, key), []
        changed = any(getattr(existing, k) != v for k, v in fields.items())
        return RowPlan(number, UPDATED if changed else UNCHANGED, label,
                       {"fields": fields, "existing": existing}, key), []

    def apply(self, plan):
        obj = plan.data["existing"] or ManagementObject()
        for key, value in plan.data["fields"].items():
            setattr(obj, key, value)
        services.save_record(self.user, obj)
