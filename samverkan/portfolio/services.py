"""Portfolio figures for the overview: the steering group's first questions (seed 004, 4.3.3) —
is the IS/IT environment documented, are the critical systems identified and classified, does
every system have an owner and a management object, and which do not."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from samverkan.core import permissions
from samverkan.organisations.models import Organisation

from .models import (
    Capability,
    ManagementObject,
    ObjectRole,
    SteeringGroupMember,
    System,
    SystemUsage,
)


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
CRITICALITY_ORDER = [System.Criticality.CRITICAL, System.Criticality.HIGH,
                     System.Criticality.MEDIUM, System.Criticality.LOW]
CRITICALITY_RANK = Case(
    *(When(criticality=value, then=Value(rank)) for rank, value in enumerate(CRITICALITY_ORDER)),
    default=Value(9), output_field=IntegerField(),
)


def active_systems(user):
    return System.objects.for_user(user, permissions.VIEW).filter(archived_at__isnull=True)


NOT_CLASSIFIED = Q(confidentiality__isnull=True) | Q(integrity__isnull=True) | Q(
    availability__isnull=True)
CRITICAL = Q(criticality__in=[System.Criticality.CRITICAL, System.Criticality.HIGH])
# What each "Visa brister" link of the overview lists: one condition per gap, the same for the
# figure and for the list it links to.
GAPS = {
    "owner": Q(owner_person__isnull=True),
    "object": Q(management_object__isnull=True),
    "criticality": Q(criticality=""),
    "classification": NOT_CLASSIFIED,
    "critical_classification": CRITICAL & NOT_CLASSIFIED,
    "dpa": Q(personal_data=True) & ~Q(dpa=System.Agreement.SIGNED),
}
GAPS["any"] = GAPS["owner"] | GAPS["object"] | NOT_CLASSIFIED


def concerning(systems, organisation):
    """The systems an organisation owns or uses, each once."""
    return systems.filter(pk__in=System.ids_owned_or_used_by([organisation.pk]))


def overview(user, organisation=None) -> dict:
    systems = active_systems(user)
    if organisation is not None:
        systems = concerning(systems, organisation)
    figures = systems.aggregate(
        total=Count("pk"),
        with_owner=Count("pk", filter=~GAPS["owner"]),
        with_object=Count("pk", filter=~GAPS["object"]),
        with_criticality=Count("pk", filter=~GAPS["criticality"]),
        classified=Count("pk", filter=~NOT_CLASSIFIED),
        critical=Count("pk", filter=CRITICAL),
        critical_classified=Count("pk", filter=CRITICAL & ~NOT_CLASSIFIED),
        personal=Count("pk", filter=Q(personal_data=True)),
        personal_with_dpa=Count("pk", filter=Q(personal_data=True) & ~GAPS["dpa"]),
        gaps=Count("pk", filter=GAPS["any"]),
    )
    gap_count = figures.pop("gaps")
    total = figures["total"]
    coverage = [
        Coverage(_("Har systemägare"), figures["with_owner"], total, "owner"),
        Coverage(_("Ingår i ett förvaltningsobjekt"), figures["with_object"], total, "object"),
        Coverage(_("Kritikalitet bedömd"), figures["with_criticality"], total, "criticality"),
        Coverage(_("Informationsklassat (K/R/T)"), figures["classified"], total, "classification"),
        Coverage(_("Kritiska system som är klassade"), figures["critical_classified"],
                 figures["critical"], "critical_classification"),
        Coverage(_("Personuppgifter med biträdesavtal"), figures["personal_with_dpa"],
                 figures["personal"], "dpa"),
    ]
    gaps = systems.filter(GAPS["any"]).select_related("organisation")
    return {"total": total, "figures": figures, "coverage": coverage,
            "gaps": most_critical_first(gaps, 15) if gap_count else [], "gap_count": gap_count}


def most_critical_first(systems, limit: int) -> list:
    """The first `limit` systems in CRITICALITY_RANK, name order, taken rank by rank: each step
    reads an index in name order and stops early, where one ORDER BY would sort them all."""
    found: list = []
    ranks = [Q(criticality=value) for value in CRITICALITY_ORDER]
    for rank in [*ranks, ~Q(criticality__in=CRITICALITY_ORDER)]:
        if len(found) < limit:
            found += systems.filter(rank).order_by("name")[: limit - len(found)]
    return found


def systems_per_capability(user) -> list[tuple[str, int]]:
    """Counted on the top level of the capability tree, so the chart stays readable."""
    counts = active_systems(user).order_by().values_list("capability_id").annotate(n=Count("pk"))
    names = {pk: parent or name for pk, name, parent in
             Capability.objects.values_list("pk", "name", "parent__name")}
    totals: dict[str, int] = {}
    for capability_id, n in counts:
        name = names.get(capability_id) or str(_("Ej angivet"))
        totals[name] = totals.get(name, 0) + n
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def systems_per_organisation(user, limit: int = 25) -> list[tuple[str, int, int]]:
    """(organisation, systems it owns, systems it uses), largest first."""
    owned = list(active_systems(user).order_by().values_list("organisation_id")
                 .annotate(n=Count("pk")))
    used = _usage_per_organisation(user)
    names = dict(Organisation.objects.filter(pk__in={pk for pk, _n in owned + used})
                 .values_list("pk", "name"))
    totals: dict[str, list[int]] = {}
    for column, counts in ((0, owned), (1, used)):
        for pk, n in counts:
            totals.setdefault(names[pk], [0, 0])[column] += n
    rows = [(name, owned_n, used_n) for name, (owned_n, used_n) in totals.items()]
    rows.sort(key=lambda row: (-(row[1] + row[2]), row[0]))
    return rows[:limit]


def _usage_per_organisation(user) -> list[tuple[int, int]]:
    """(organisation id, active systems it uses) for the systems `user` may see."""
    usages = SystemUsage.objects.order_by().values_list("organisation_id")
    if System.objects.for_user(user, permissions.VIEW).query.where:
        # the permission layer narrows what this user sees: count through the join
        return list(usages.filter(system__in=active_systems(user)).annotate(n=Count("pk")))
    # everything visible: all usage rows less those of archived systems, which spares a
    # join of every usage row with its system (slow on SQLite at national scale)
    counts = dict(usages.annotate(n=Count("pk")))
    archived = System.objects.filter(archived_at__isnull=False)
    for organisation_id, n in usages.filter(system__in=archived).annotate(n=Count("pk")):
        counts[organisation_id] -= n
    return [(pk, n) for pk, n in counts.items() if n]


def object_summary(user) -> dict:
    objects = ManagementObject.objects.for_user(user).filter(archived_at__isnull=True)
    has_owner = Exists(ObjectRole.objects.filter(management_object=OuterRef("pk"),
                                                 role=ObjectRole.Kind.OWNER))
    has_steering = Exists(SteeringGroupMember.objects.filter(management_object=OuterRef("pk")))
    return objects.aggregate(
        total=Count("pk"),
        with_owner=Count("pk", filter=has_owner),
        with_steering=Count("pk", filter=has_steering),
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
