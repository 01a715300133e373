"""Portfolio figures for the overview: the steering group's first questions (seed 004, 4.3.3) —
is the IS/IT environment documented, are the critical systems identified and classified, does
every system have an owner and a management object, and which do not."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions

from .models import ManagementObject, System


@dataclass
class Coverage:
    label: object
    done: int
    total: int
    missing_filter: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


# most critical first; unassessed systems last
CRITICALITY_RANK = Case(
    *(When(criticality=value, then=Value(rank)) for rank, value in enumerate(
        [System.Criticality.CRITICAL, System.Criticality.HIGH, System.Criticality.MEDIUM,
         System.Criticality.LOW])),
    default=Value(9), output_field=IntegerField(),
)


def active_systems(user):
    return System.objects.for_user(user, permissions.VIEW).filter(archived_at__isnull=True)


def overview(user, organisation=None) -> dict:
    systems = active_systems(user)
    if organisation is not None:
        systems = systems.filter(Q(organisation=organisation) | Q(usages__organisation=organisation)
                                 ).distinct()
    not_classified = Q(confidentiality__isnull=True) | Q(integrity__isnull=True) | Q(
        availability__isnull=True)
    critical_q = Q(criticality__in=[System.Criticality.CRITICAL, System.Criticality.HIGH])
    figures = systems.aggregate(
        total=Count("pk"),
        with_owner=Count("pk", filter=Q(owner_person__isnull=False)),
        with_object=Count("pk", filter=Q(management_object__isnull=False)),
        with_criticality=Count("pk", filter=~Q(criticality="")),
        classified=Count("pk", filter=~not_classified),
        critical=Count("pk", filter=critical_q),
        critical_classified=Count("pk", filter=critical_q & ~not_classified),
        personal=Count("pk", filter=Q(personal_data=True)),
        personal_with_dpa=Count("pk", filter=Q(personal_data=True, dpa=System.Agreement.SIGNED)),
    )
    total = figures["total"]
    coverage = [
        Coverage(_("Har systemägare"), figures["with_owner"], total, "owner"),
        Coverage(_("Ingår i ett förvaltningsobjekt"), figures["with_object"], total, "object"),
        Coverage(_("Kritikalitet bedömd"), figures["with_criticality"], total),
        Coverage(_("Informationsklassat (K/R/T)"), figures["classified"], total, "classification"),
        Coverage(_("Kritiska system som är klassade"), figures["critical_classified"],
                 figures["critical"]),
        Coverage(_("Personuppgifter med biträdesavtal"), figures["personal_with_dpa"],
                 figures["personal"], "dpa"),
    ]
    gaps = (
        systems.filter(Q(owner_person__isnull=True) | Q(management_object__isnull=True)
                       | not_classified)
        .select_related("organisation")
        .order_by(CRITICALITY_RANK, "name")
    )
    return {"total": total, "figures": figures, "coverage": coverage, "gaps": gaps[:15],
            "gap_count": gaps.count()}


def systems_per_capability(user) -> list[tuple[str, int]]:
    """Counted on the top level of the capability tree, so the chart stays readable."""
    rows = (
        active_systems(user)
        .values("capability__parent__name", "capability__name")
        .annotate(n=Count("pk"))
    )
    totals: dict[str, int] = {}
    for row in rows:
        name = row["capability__parent__name"] or row["capability__name"] or str(_("Ej angivet"))
        totals[name] = totals.get(name, 0) + row["n"]
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def systems_per_organisation(user, limit: int = 25) -> list[tuple[str, int, int]]:
    """(organisation, systems it owns, systems it uses), largest first."""
    owned = dict(
        active_systems(user).values_list("organisation__name").annotate(n=Count("pk"))
    )
    used = dict(
        active_systems(user).filter(usages__isnull=False)
        .values_list("usages__organisation__name").annotate(n=Count("pk"))
    )
    names = set(owned) | set(used)
    rows = [(name, owned.get(name, 0), used.get(name, 0)) for name in names]
    rows.sort(key=lambda row: (-(row[1] + row[2]), row[0]))
    return rows[:limit]


def object_summary(user) -> dict:
    objects = ManagementObject.objects.for_user(user).filter(archived_at__isnull=True)
    return objects.aggregate(
        total=Count("pk", distinct=True),
        with_owner=Count("pk", filter=Q(roles__role="objektagare"), distinct=True),
        with_steering=Count("pk", filter=Q(steering_group__isnull=False), distinct=True),
    )


def load_capabilities() -> int:
    """The default municipal taxonomy (data/capabilities.csv); safe to run again."""
    import csv
    from pathlib import Path

    from .models import Capability

    created = 0
    path = Path(__file__).parent / "data" / "capabilities.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_name: dict[str, Capability] = {}
    for row in rows:  # parents come before their children in the file
        parent = by_name.get(row["overordnad"]) if row["overordnad"] else None
        capability, was_created = Capability.objects.get_or_create(
            name=row["namn"], parent=parent,
            defaults={"code": row["kod"], "description": row["beskrivning"]},
        )
        by_name[row["namn"]] = capability
        created += was_created
    return created
