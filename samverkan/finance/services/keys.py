"""Allocation keys: the basis each member has under a key version (population, users, equal or
custom shares)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.formatting import format_number
from samverkan.organisations import population as population_data
from samverkan.organisations.models import Organisation
from samverkan.portfolio.models import SystemUsage

from .. import allocation
from ..allocation import AllocationError
from ..models import (
    AllocationKey,
    Distribution,
    KeyShare,
    KeyVersion,
)

# -- keys: what each member's basis is -------------------------------------------------------------

@dataclass
class Basis:
    """One member's basis under a key version, with what a person reads about it."""

    weight: Fraction
    value: Decimal | None
    text: str
    detail: list[dict] = field(default_factory=list)
    population: population_data.Figure | None = None  # the figure used, when the key counts people


def version_for(key: AllocationKey, day: datetime.date) -> KeyVersion:
    version = key.version_on(day)
    if version is None:
        raise AllocationError(_("Nyckeln ”%(key)s” har ingen version som gäller %(day)s. Lägg till "
                                "en version som gäller från det datumet eller tidigare.")
                              % {"key": key, "day": day.isoformat()})
    return version


def _names(organisations) -> str:
    names = sorted((str(o) for o in organisations), key=allocation.swedish_sort_key)
    if len(names) <= 1:
        return "".join(names)
    return _("%(first)s och %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


def population_bases(year: int, organisations: list[Organisation]) -> dict[int, population_data.Figure]:
    """Every member's population for `year`, the split's own year; where a member has no figure
    for that year, its nearest year's (and the figure says so). A member with no figure at all
    is an error."""
    found = population_data.figures(year, [o.pk for o in organisations])
    missing = [o for o in organisations if o.pk not in found]
    if missing:
        raise AllocationError(_(
            "Folkmängd saknas för %(names)s (inget år alls). Lägg in siffran under Organisationer "
            "→ Folkmängd, eller läs in SCB:s folkmängd för %(year)s.")
            % {"year": year, "names": _names(missing)})
    return found


def user_bases(version: KeyVersion, organisations: list[Organisation]) -> dict[int, int]:
    """Users of the key's system per member; a member without a usage row uses it not at all
    (0), a usage row without a number is an error."""
    usages = {u.organisation_id: u for u in SystemUsage.objects.filter(
        system=version.system_id, organisation__in=[o.pk for o in organisations])}
    unknown = [o for o in organisations if o.pk in usages and usages[o.pk].users is None]
    if unknown:
        raise AllocationError(_("Antal användare av %(system)s saknas för %(names)s. Fyll i det på "
                                "systemets sida.") % {"system": version.system,
                                                       "names": _names(unknown)})
    return {o.pk: usages[o.pk].users if o.pk in usages else 0 for o in organisations}


def custom_bases(version: KeyVersion, organisations: list[Organisation]) -> dict[int, Decimal]:
    shares = {s.organisation_id: s for s in version.shares.select_related("organisation")}
    ids = {o.pk for o in organisations}
    missing = [o for o in organisations if o.pk not in shares]
    extra = [s.organisation for key, s in shares.items() if key not in ids]
    if missing:
        raise AllocationError(_("Nyckeln har ingen procentsats för %(names)s.")
                              % {"names": _names(missing)})
    if extra:
        raise AllocationError(_("Nyckeln har procentsatser för %(names)s, som inte deltar. "
                                "Procentsatserna gäller bara när just de organisationer som finns i "
                                "nyckeln deltar.") % {"names": _names(extra)})
    return {key: shares[key].percent for key in ids}


def _population_text(figure: population_data.Figure) -> str:
    """'11 405 invånare 2025', and '5 528 invånare 2025 (folkmängd 2026 saknas, 2025 används)'
    where the split's own year is missing. The sources are named once per split
    (`population_facts`)."""
    text = _("%(n)s invånare %(year)s") % {"n": format_number(figure.inhabitants),
                                           "year": figure.used_year}
    return f"{text} ({figure.note})" if figure.note else text


@dataclass
class PopulationFacts:
    """What a split by population used: its own year, the sources, and where another year's
    figure stood in for a missing one."""

    year: int | None = None
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return "; ".join(self.sources)

    @property
    def note(self) -> str:
        return " ".join(self.notes)


def population_facts(bases: dict[int, Basis], year: int, names: dict[int, str]) -> PopulationFacts:
    figures = [b.population for b in bases.values() if b.population is not None]
    if not figures:
        return PopulationFacts()
    return PopulationFacts(year, sorted({f.source for f in figures if f.source}),
                           population_data.notes(figures, names))


def key_bases(version: KeyVersion, organisations: list[Organisation], year: int) \
        -> dict[int, Basis]:
    """Each member's weight under `version` for a split of `year` (population is that year's,
    or the nearest year's where it is missing), and how to describe it."""
    organisations = list(organisations)
    ids = [o.pk for o in organisations]
    raw: dict[str, dict[int, Fraction | int | Decimal]] = {}
    used: dict[int, population_data.Figure] = {}
    texts: dict[str, dict[int, str]] = {}
    for name, _weight in version.components():
        if name == "population":
            found = population_bases(year, organisations)
            raw[name] = {k: p.inhabitants for k, p in found.items()}
            texts[name] = {k: _population_text(p) for k, p in found.items()}
            used = found
        elif name == "users":
            raw[name] = user_bases(version, organisations)
            texts[name] = {k: _("%(n)s användare av %(system)s") % {
                "n": format_number(n), "system": version.system} for k, n in raw[name].items()}
        elif name == "custom":
            raw[name] = custom_bases(version, organisations)
            texts[name] = {k: _("%(p)s %% enligt nyckeln") % {"p": format_number(p, 2)}
                           for k, p in raw[name].items()}
        else:
            raw[name] = dict.fromkeys(ids, 1)
            texts[name] = dict.fromkeys(ids, _("lika delar (1 av %(n)s)") % {"n": len(ids)})
    components = version.components()
    weights = allocation.combine([(w, raw[name]) for name, w in components], ids)
    result = {}
    for key in ids:
        detail = [{"component": name, "weight": str(w), "value": str(raw[name][key]),
                   "text": texts[name][key]} for name, w in components]
        for item in detail:
            if item["component"] == "population":
                figure = used[key]
                item.update(year=figure.used_year, source=figure.source, note=figure.note)
        if len(components) == 1:
            name = components[0][0]
            value, text = Decimal(raw[name][key]), texts[name][key]
        else:
            value = None
            text = " + ".join(_("%(w)s %% × %(text)s") % {"w": format_number(w), "text": texts[n][key]}
                              for n, w in components)
        result[key] = Basis(weights[key], value, text, detail, used.get(key))
    return result


def check_custom_total(percentages) -> None:
    total = sum((Decimal(p) for p in percentages), Decimal(0))
    if total != 100:
        raise AllocationError(_("Procentsatserna ska bli 100 %% tillsammans (nu %(total)s %%).")
                              % {"total": format_number(total, 4)})


@transaction.atomic
def save_key_version(user, version: KeyVersion, shares: list[tuple[Organisation, Decimal]]) -> KeyVersion:
    """Create or change a key version (with its custom percentages), as one change of the key.

    A version that an approved distribution used is never changed: make a new version instead.
    """
    key = version.key
    core_services.check_can(user, permissions.CHANGE, key)
    if version.pk and Distribution.objects.filter(key_version=version).exists():
        raise AllocationError(_("Versionen har använts i en fastställd fördelning och kan inte "
                                "ändras. Lägg till en ny version från det datum ändringen gäller."))
    uses_custom = version.method == KeyVersion.Method.CUSTOM or (
        version.method == KeyVersion.Method.MIXED and version.custom_weight)
    if uses_custom:
        organisations = [org for org, _p in shares]
        if len({o.pk for o in organisations}) != len(organisations):
            raise AllocationError(_("Samma organisation finns flera gånger bland procentsatserna."))
        check_custom_total(p for _o, p in shares)
    version.full_clean()
    core_services.save_child(user, version, key)
    version.shares.all().delete()
    if uses_custom:
        for organisation, percent in shares:
            KeyShare.objects.create(version=version, organisation=organisation, percent=percent)
    return version


def versions_with_end(key: AllocationKey) -> list[tuple[KeyVersion, datetime.date | None]]:
    """Versions newest first, each with the day before the next one starts (None: still valid)."""
    versions = sorted(key.versions.all(), key=lambda v: v.valid_from)
    result = []
    for index, version in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        result.append((version, following.valid_from - datetime.timedelta(days=1)
                       if following else None))
    return list(reversed(result))
