"""What differs between two splits, in sentences: between two years' approved pools (a
comparison of years whose pools differ says so), and between an approved split and the pool as
it stands now (what changed since approval)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from samverkan.core.formatting import format_ore
from samverkan.organisations.models import Organisation

from .. import allocation
from ..models import Distribution, DistributionLine


def _names(ids: Iterable[int], names: dict[int, str]) -> str:
    return ", ".join(sorted((names.get(pk, str(pk)) for pk in ids), key=allocation.swedish_sort_key))


def _organisation_names(ids: set[int]) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _pool_identity(distribution: Distribution) -> tuple[int, str]:
    """The same pool in two years: the same organisation and name (a pool is one year's)."""
    return distribution.pool.organisation_id, distribution.pool_name


def _key(distribution: Distribution) -> str:
    """'”Sydnärke: kostnadsfördelning” (Folkmängd)': the key's name and what it does."""
    name = distribution.key.name if distribution.key_id else ""
    return f"”{name}” ({distribution.key_label})" if name else f"”{distribution.key_label}”"


def year_differences(year: int, current: list[Distribution], previous: list[Distribution],
                     previous_year: int | None = None) -> list[str]:
    """Why `year` and the year before are not like for like: pools only in one of them, and for
    pools in both, other participants or another key. Reads only what every reader of the
    totals reads (pool names, keys, participants), never a member's line."""
    previous_year = previous_year if previous_year is not None else year - 1
    if current and not previous:
        return [_("Inga fastställda fördelningar %(previous)s att jämföra med.")
                % {"previous": previous_year}]
    now = {_pool_identity(d): d for d in current}
    before = {_pool_identity(d): d for d in previous}
    names = _organisation_names({pk for d in (*current, *previous) for pk in d.member_ids})
    lines = []
    for identity in sorted(now.keys() - before.keys(), key=lambda i: allocation.swedish_sort_key(i[1])):
        lines.append(_("%(pool)s finns %(year)s men inte %(previous)s.") % {
            "pool": identity[1], "year": year, "previous": previous_year})
    for identity in sorted(before.keys() - now.keys(), key=lambda i: allocation.swedish_sort_key(i[1])):
        lines.append(_("%(pool)s finns %(previous)s men inte %(year)s.") % {
            "pool": identity[1], "year": year, "previous": previous_year})
    for identity in sorted(now.keys() & before.keys(), key=lambda i: allocation.swedish_sort_key(i[1])):
        this, that = now[identity], before[identity]
        if this.key_label != that.key_label or this.key_id != that.key_id:
            lines.append(_("%(pool)s: fördelas %(year)s med %(key)s, %(previous)s med %(old)s.")
                         % {"pool": identity[1], "key": _key(this), "old": _key(that),
                            "year": year, "previous": previous_year})
        lines += _member_changes(identity[1], set(this.member_ids), set(that.member_ids), names,
                                 _("sedan %(previous)s") % {"previous": previous_year})
    return lines


def _member_changes(pool: str | None, now: set[int], before: set[int], names: dict[int, str],
                    since: str) -> list[str]:
    lines = []
    if now - before:
        lines.append(_("Nya deltagare %(since)s: %(names)s.") % {
            "since": since, "names": _names(now - before, names)})
    if before - now:
        lines.append(_("Deltar inte längre (%(since)s): %(names)s.") % {
            "since": since, "names": _names(before - now, names)})
    return [f"{pool}: {text[:1].lower()}{text[1:]}" if pool else text for text in lines]


def since_approval(distribution: Distribution, computation) -> list[str]:
    """What differs between the approved split and the pool's split as it stands now: for the
    pool's own organisation, which reads every line of both."""
    lines = []
    since = _("sedan fastställandet")
    if computation.total_ore != distribution.total_ore:
        lines.append(_("Beloppet är %(now)s, fastställt %(then)s.") % {
            "now": format_ore(computation.total_ore),
            "then": format_ore(distribution.total_ore)})
    version = computation.version.pk if computation.version else None
    if version != distribution.key_version_id or computation.key_label != distribution.key_label:
        lines.append(_("Nyckeln är ”%(key)s”, fastställd med ”%(old)s”.") % {
            "key": computation.key_label, "old": distribution.key_label})
    approved = {line.organisation_id: line for line in
                DistributionLine.objects.filter(distribution=distribution)}
    current = {line.organisation.pk: line for line in computation.lines}
    names = {pk: line.organisation.name for pk, line in current.items()}
    names.update(_organisation_names(set(approved) - set(current)))
    lines += _member_changes(None, set(current), set(approved), names, since)
    for pk in sorted(set(current) & set(approved), key=lambda k: allocation.swedish_sort_key(names[k])):
        now, then = current[pk], approved[pk]
        if now.population_year != then.population_year:
            lines.append(_("%(name)s: folkmängd från %(now)s i stället för %(then)s.") % {
                "name": names[pk], "now": now.population_year or "–",
                "then": then.population_year or "–"})
        elif now.basis_text != then.basis_text:
            lines.append(_("%(name)s: underlaget är %(now)s, fastställt %(then)s.") % {
                "name": names[pk], "now": now.basis_text, "then": then.basis_text})
        if now.reduction_text != then.reduction_text:
            lines.append(_("%(name)s: nedsättningen är ”%(now)s”, fastställd ”%(then)s”.") % {
                "name": names[pk], "now": now.reduction_text or _("ingen"),
                "then": then.reduction_text or _("ingen")})
    return lines
