"""Importing service volumes per organisation and period from XLSX/CSV."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
)
from samverkan.portfolio.importers import organisation_lookup

from .models import Service, ServiceVolume


def parse_volume(value: str) -> Decimal:
    text = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        raise CellError(_("Volym saknas."))
    try:
        volume = Decimal(text)
    except InvalidOperation:
        raise CellError(_("”%(value)s” är inte ett tal.") % {"value": value}) from None
    if not volume.is_finite() or volume < 0:
        raise CellError(_("Volymen ska vara ett tal som är 0 eller större."))
    if volume != volume.quantize(Decimal("0.001")) or volume >= Decimal("1e11"):
        raise CellError(_("Volymen får ha högst tre decimaler."))
    return volume


def parse_int(value: str, low: int, high: int, label: str, required: bool = True) -> int:
    text = value.strip()
    if not text:
        if required:
            raise CellError(_("%(label)s saknas.") % {"label": label})
        return 0
    try:
        number = int(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        raise CellError(_("”%(value)s” är inte ett heltal.") % {"value": value}) from None
    if not low <= number <= high:
        raise CellError(_("%(label)s ska vara mellan %(low)s och %(high)s.")
                        % {"label": label, "low": low, "high": high})
    return number


class VolumeImporter(RowImporter):
    kind = "finance.volume"
    title = gettext_lazy("Volymer")
    columns = (
        Column("Tjänst", True, gettext_lazy("Tjänstens kod eller namn"), aliases=("Kod",)),
        Column("Organisation", True, gettext_lazy("Namn, kommunkod eller organisationsnummer"),
               aliases=("Kommun",)),
        Column("År", True, gettext_lazy("T.ex. 2026")),
        Column("Månad", help=gettext_lazy("1–12; tomt eller 0 för hela året")),
        Column("Volym", True, gettext_lazy("Antal enheter, högst tre decimaler")),
        Column("Kommentar"),
    )

    def prepare(self):
        self.organisations = organisation_lookup()
        self.services = Lookup(Service.objects.filter(archived_at__isnull=True), ("code", "name"),
                               _("Tjänsten"))
        self.existing = {(v.service_id, v.organisation_id, v.year, v.month): v
                         for v in ServiceVolume.objects.all()}

    def validate_row(self, number, values):
        errors: list[RowError] = []
        parsed = {}
        for name, column, parse in (
            ("service", "Tjänst", lambda v: self.services.find(v, required=True)),
            ("organisation", "Organisation", lambda v: self.organisations.find(v, required=True)),
            ("year", "År", lambda v: parse_int(v, 1990, 2100, _("År"))),
            ("month", "Månad", lambda v: parse_int(v, 0, 12, _("Månad"), required=False)),
            ("volume", "Volym", parse_volume),
        ):
            try:
                parsed[name] = parse(values.get(column, ""))
            except CellError as exc:
                errors.append(RowError(number, column, str(exc)))
        service = parsed.get("service")
        if service is not None and not permissions.can(self.user, permissions.CHANGE, service):
            errors.append(RowError(number, "Tjänst", _(
                "Du får inte registrera volymer för %(service)s.") % {"service": service}))
        if errors:
            return None, errors
        parsed["note"] = values.get("Kommentar", "").strip()[:200]
        key = (service.pk, parsed["organisation"].pk, parsed["year"], parsed["month"])
        existing = self.existing.get(key)
        period = f"{parsed['year']}" + (f"-{parsed['month']:02d}" if parsed["month"] else "")
        label = f"{service.code} {parsed['organisation']} {period}"
        if existing is None:
            action = CREATED
        elif existing.volume == parsed["volume"] and existing.note == parsed["note"]:
            action = UNCHANGED
        else:
            action = UPDATED
        return RowPlan(number, action, label, {"fields": parsed, "existing": existing}), []

    def apply(self, plan):
        fields = plan.data["fields"]
        volume = plan.data["existing"] or ServiceVolume()
        for key, value in fields.items():
            setattr(volume, key, value)
        services.save_child(self.user, volume, fields["service"])
