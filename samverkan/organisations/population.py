"""Which population figure a figure of a given year uses: that year's, or where that year is
missing, the nearest year's – and then it says so. One rule for every split and every
per-inhabitant figure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Population


@dataclass(frozen=True)
class Figure:
    """The population an organisation's figure for `year` uses."""

    organisation_id: int
    year: int  # the year the figure is for (a pool's, a budget's, a ledger's)
    used_year: int  # the year whose population is used
    inhabitants: int
    source: str

    @property
    def substituted(self) -> bool:
        return self.used_year != self.year

    @property
    def note(self) -> str:
        """'' or 'folkmängd 2024 saknas, 2023 används'."""
        if not self.substituted:
            return ""
        return substitution_note(self.year, self.used_year)


def substitution_note(year: int, used_year: int) -> str:
    return _("folkmängd %(year)s saknas, %(used)s används") % {"year": year, "used": used_year}


def nearest_year(year: int, years: Iterable[int]) -> int | None:
    """The year itself if present, else the nearest; of two equally near, the earlier (a
    published figure rather than a forecast)."""
    years = list(years)
    if not years:
        return None
    return min(years, key=lambda y: (abs(y - year), y))


def figures(year: int, organisation_ids: Iterable[int]) -> dict[int, Figure]:
    """Each organisation's population for `year` (or the nearest year it has), in one query.
    An organisation with no population at all is left out."""
    found = figures_by_year((int(pk), year) for pk in organisation_ids)
    return {org: figure for (org, _year), figure in found.items()}


def figures_by_year(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Figure]:
    """{(organisation id, year): Figure} for many (organisation, year) pairs, in one query."""
    pairs = set(pairs)
    ids = {org for org, _year in pairs}
    if not ids:
        return {}
    by_org: dict[int, dict[int, tuple[int, str]]] = {}
    for org, y, inhabitants, source in Population.objects.filter(
            organisation_id__in=ids).order_by().values_list(
            "organisation_id", "year", "inhabitants", "source"):
        by_org.setdefault(org, {})[y] = (inhabitants, source)
    result = {}
    for org, year in pairs:
        years = by_org.get(org)
        if not years:
            continue
        used = nearest_year(year, years)
        inhabitants, source = years[used]
        result[(org, year)] = Figure(org, year, used, inhabitants, source)
    return result


def notes(found: Iterable[Figure], names: dict[int, str] | None = None) -> list[str]:
    """One sentence per substituted year: 'Folkmängd 2024 saknas, 2023 används (Laxå).'"""
    groups: dict[tuple[int, int], list[str]] = {}
    for figure in found:
        if figure.substituted:
            groups.setdefault((figure.year, figure.used_year), []).append(
                (names or {}).get(figure.organisation_id, ""))
    lines = []
    for (year, used), who in sorted(groups.items()):
        text = substitution_note(year, used)
        text = text[:1].upper() + text[1:]
        who = sorted(n for n in who if n)
        lines.append(f"{text} ({', '.join(who)})." if who else f"{text}.")
    return lines
