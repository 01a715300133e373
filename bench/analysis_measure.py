"""Measure the TIME overview and the consolidation finder on a national-scale database.

The TIME page (/bedomningar/time/?samverkan=<board>), the consolidation page
(/analys/konsolidering/) and its API (/api/consolidation/) for one joint IT board (the one with
the most members) as an editor of that board, and for the whole country as a superuser (the TIME
page without a scope, the finder's summary per capability, and the detail of the capability
with the most installations). Same method as portfolio_measure.py (real
views in-process through Django's test Client, p50 / p95 / max after warm-up).

    SAMVERKAN_DATA_DIR=data/bench/analysis .venv/bin/python bench/analysis_generate.py
    SAMVERKAN_DATA_DIR=data/bench/analysis .venv/bin/python bench/analysis_measure.py \\
        -n 20 --warmup 3 --queries

Targets (issue 13): p95 ≤ 300 ms for a cooperation, ≤ 1 s for the whole country. The script
creates two users if missing (bench-admin, bench-board-editor, without a usable password).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portfolio_measure import measure, users  # noqa: E402

TARGET_COOPERATION_MS = 300
TARGET_COUNTRY_MS = 1000
BOARD_EDITOR = "editor (joint board)"
SUPERUSER = "superuser"


def board():
    from django.db.models import Count

    from samverkan.organisations.models import Organisation

    return (Organisation.objects.filter(kind=Organisation.Kind.JOINT_BOARD)
            .annotate(n=Count("member_links")).order_by("-n", "pk").first())


def readers() -> dict:
    from django.contrib.auth import get_user_model

    from samverkan.core.permissions import Role
    from samverkan.organisations.models import OrganisationRole

    editor, created = get_user_model().objects.get_or_create(
        username="bench-board-editor", defaults={"first_name": "Bench", "last_name": "Nämnd"})
    if created:
        editor.set_unusable_password()
        editor.save()
    OrganisationRole.objects.get_or_create(user=editor, organisation=board(),
                                           defaults={"role": Role.EDITOR})
    return {BOARD_EDITOR: editor, SUPERUSER: users()["superuser"]}


def largest_capability():
    """The capability with the most installations: the widest detail of one capability."""
    from django.db.models import Count

    from samverkan.portfolio.models import Capability

    return (Capability.objects.filter(systems__archived_at__isnull=True)
            .annotate(n=Count("systems")).order_by("-n", "pk").first())


def board_capability(coop):
    """The capability with the most of the board's installations (owned or used by it)."""
    from collections import Counter

    from django.utils import timezone

    from samverkan.analysis.services.consolidation import installations_of, scope_ids
    from samverkan.portfolio.models import Capability

    everyone = users()["superuser"]  # made here too: on a new database none exists yet
    counts = Counter(installations_of(everyone, scope_ids(coop, timezone.localdate()))
                     .values_list("capability_id", flat=True))
    return Capability.objects.get(pk=counts.most_common(1)[0][0])


def pages() -> list[tuple[str, str, int, str]]:
    from django.urls import reverse

    from samverkan.analysis.services.consolidation import default_year

    coop, year, capability = board(), default_year(), largest_capability()
    widest = board_capability(coop).pk
    time_page = reverse("assessments:time")
    page, api = reverse("analysis:consolidation"), "/api/consolidation/"
    return [
        ("TIME page", f"{time_page}?samverkan={coop.pk}", TARGET_COOPERATION_MS, BOARD_EDITOR),
        ("consolidation page, board", f"{page}?samverkan={coop.pk}&ar={year}",
         TARGET_COOPERATION_MS, BOARD_EDITOR),
        ("consolidation API, board", f"{api}?cooperation={coop.pk}&year={year}",
         TARGET_COOPERATION_MS, BOARD_EDITOR),
        # a board of more than 300 installations is summarised: the detail of its widest
        # capability is what its editor opens next
        ("consolidation page, board, one capability",
         f"{page}?samverkan={coop.pk}&ar={year}&formaga={widest}",
         TARGET_COOPERATION_MS, BOARD_EDITOR),
        ("consolidation API, board, one capability",
         f"{api}?cooperation={coop.pk}&year={year}&capability={widest}",
         TARGET_COOPERATION_MS, BOARD_EDITOR),
        ("TIME page", time_page, TARGET_COUNTRY_MS, SUPERUSER),
        ("consolidation page, country", f"{page}?ar={year}", TARGET_COUNTRY_MS, SUPERUSER),
        ("consolidation page, country, one capability",
         f"{page}?ar={year}&formaga={capability.pk}", TARGET_COUNTRY_MS, SUPERUSER),
        ("consolidation API, country", f"{api}?year={year}", TARGET_COUNTRY_MS, SUPERUSER),
    ]


def count_assessments() -> int:
    from samverkan.assessments.models import Assessment

    return Assessment.objects.count()


def main() -> None:
    measure(__doc__, pages, "assessments", "bench/analysis_generate.py", count_assessments,
            readers)


if __name__ == "__main__":
    main()
