"""Reference data and population: loading the 290 municipalities and 21 regions, and SCB's
yearly population figures."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core.services import check_can
from samverkan.core.tabular import FileRejected, decode_text

from .models import Organisation, OrganisationRole, Population

DATA = Path(__file__).parent / "data"
REFERENCE_SOURCE = "SCB, folkmängd per kvartal 2025 (sammanställning)"
SCB_SOURCE = "SCB, Folkmängd 31 december"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _upsert(defaults: dict, **lookup) -> tuple[Organisation, str]:
    obj = Organisation.objects.filter(**lookup).first()
    if obj is None:
        obj = Organisation(**lookup, **defaults)
        obj.save()
        return obj, "created"
    changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, defaults[key])
        obj.save()
        return obj, "updated"
    return obj, "unchanged"


@transaction.atomic
def load_reference_data() -> LoadResult:
    """All municipalities and regions with a population figure; safe to run again."""
    result = LoadResult()
    with (DATA / "regioner.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _, action = _upsert_region(row)
            setattr(result, action, getattr(result, action) + 1)
    with (DATA / "kommuner.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            org, action = _upsert(
                {"name": row["namn"], "kind": Organisation.Kind.MUNICIPALITY,
                 "county_code": row["kommunkod"][:2]},
                municipality_code=row["kommunkod"],
            )
            setattr(result, action, getattr(result, action) + 1)
            Population.objects.get_or_create(
                organisation=org, year=int(row["folkmangd_avser"]),
                defaults={"inhabitants": int(row["folkmangd"]), "source": REFERENCE_SOURCE},
            )
    return result


def _upsert_region(row: dict) -> tuple[Organisation, str]:
    existing = Organisation.objects.filter(
        kind=Organisation.Kind.REGION, county_code=row["lanskod"]
    ).first()
    if existing is None:
        return _upsert({"kind": Organisation.Kind.REGION, "county_code": row["lanskod"]},
                       name=row["region"])
    if existing.name != row["region"]:
        existing.name = row["region"]
        existing.save()
        return existing, "updated"
    return existing, "unchanged"


@dataclass
class PopulationImport:
    rows: list[tuple[Organisation, int, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0


_REGION_CELL = re.compile(r"^\s*(\d{2}|\d{4})\s+(.+?)\s*$")
_YEAR = re.compile(r"(\d{4})")


def parse_scb_population(data: bytes) -> PopulationImport:
    """SCB's table 'Folkmängd efter region och år' as CSV: a title line or two, then a header
    `region;2023;2024` (`,` or tab also work, and headers like `Folkmängd 2024`), rows like
    `1860 Laxå;5 528`; `..` marks a missing figure."""
    text = decode_text(data)
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().strip('"').lower()
                  .startswith("region")), None)
    if start is None:
        raise FileRejected(_("Hittar ingen rubrikrad som börjar med ”region” (SCB:s format)."))
    body = "\n".join(lines[start:])
    delimiter = ";" if body.split("\n", 1)[0].count(";") else ("\t" if "\t" in body else ",")
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    header = [h.strip() for h in next(reader)]
    years = {}
    for index, name in enumerate(header[1:], start=1):
        match = _YEAR.search(name)
        if match:
            years[index] = int(match.group(1))
    if not years:
        raise FileRejected(_("Rubrikraden saknar årtal (t.ex. ”2024” eller ”Folkmängd 2024”)."))
    by_code = {o.municipality_code: o for o in Organisation.objects.exclude(municipality_code="")}
    regions = {o.county_code: o for o in Organisation.objects.filter(kind=Organisation.Kind.REGION)}
    result = PopulationImport()
    for line_number, row in enumerate(reader, start=start + 2):
        if not row or not row[0].strip():
            continue
        match = _REGION_CELL.match(row[0])
        if not match:
            result.skipped += 1
            continue
        code = match.group(1)
        org = by_code.get(code) if len(code) == 4 else regions.get(code)
        if org is None:
            if code != "00":
                result.errors.append(_("Rad %(row)s: okänd kommun- eller länskod %(code)s.")
                                     % {"row": line_number, "code": code})
            continue
        for index, year in years.items():
            cell = row[index].replace("\u00a0", "").replace(" ", "") if index < len(row) else ""
            if cell in ("", "..", "-"):
                continue
            if not (cell.isascii() and cell.isdigit()):
                result.errors.append(_("Rad %(row)s: ”%(value)s” är inte ett antal invånare.")
                                     % {"row": line_number, "value": row[index]})
                continue
            result.rows.append((org, year, int(cell)))
    return result


@transaction.atomic
def import_population(user, data: bytes, source: str = SCB_SOURCE) -> LoadResult:
    """All rows or none; each organisation's figure for the year is replaced, with its source."""
    parsed = parse_scb_population(data)
    if parsed.errors:
        raise FileRejected("\n".join(parsed.errors))
    if not parsed.rows:
        raise FileRejected(_("Filen innehåller inga folkmängdsuppgifter."))
    result = LoadResult()
    for org, year, inhabitants in parsed.rows:
        if user is not None and not permissions.can(user, permissions.CHANGE, org):
            raise PermissionDenied(
                _("Du får inte ändra folkmängden för %(org)s.") % {"org": org.name}
            )
        existing = Population.objects.filter(organisation=org, year=year).first()
        if existing is None:
            Population.objects.create(organisation=org, year=year, inhabitants=inhabitants,
                                      source=source)
            result.created += 1
        elif existing.inhabitants != inhabitants or existing.source != source:
            existing.inhabitants, existing.source = inhabitants, source
            existing._history_user = user
            existing.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# -- users and roles --------------------------------------------------------------------------

@transaction.atomic
def create_user(actor, *, username: str, email: str, password: str, first_name: str,
                last_name: str, organisation: Organisation, role: int):
    """A new login with its first role, created by an administrator of that organisation."""
    check_can(actor, permissions.MANAGE, organisation)
    user = get_user_model().objects.create_user(username, email, password,
                                                first_name=first_name, last_name=last_name)
    set_role(actor, user, organisation, role)
    return user


@transaction.atomic
def set_role(actor, user, organisation: Organisation, role: int) -> OrganisationRole:
    """Give `user` the role in `organisation`, replacing the role held there before."""
    check_can(actor, permissions.MANAGE, organisation)
    granted = (OrganisationRole.objects.filter(user=user, organisation=organisation).first()
               or OrganisationRole(user=user, organisation=organisation))
    granted.role = role
    granted._history_user = actor
    granted.save()
    permissions.forget_roles(user)
    return granted


@transaction.atomic
def remove_role(actor, granted: OrganisationRole) -> None:
    check_can(actor, permissions.MANAGE, granted.organisation)
    granted._history_user = actor
    granted.delete()
    permissions.forget_roles(granted.user)
