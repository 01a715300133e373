"""Cost categories: the account ranges that give a ledger line its category."""

from __future__ import annotations

from collections.abc import Iterable

from .models import (
    AccountCategory,
    CostCategory,
)

# -- cost categories ----------------------------------------------------------------------------

# A starting point for a chart of accounts adapted from Kommun-Bas: IT costs sit in the groups
# for consumable equipment (64), tele and IT communication (68) and purchased services (74).
# Every organisation adapts these on the account-category page; its own ranges replace these.
DEFAULT_ACCOUNT_CATEGORIES = (
    ("6410", "6419", CostCategory.HARDWARE, "Förbrukningsinventarier: datorer och kringutrustning"),
    ("6450", "6459", CostCategory.LICENCES, "Licenser och programvaror"),
    ("6810", "6819", CostCategory.TELECOM, "Telefoni och mobila abonnemang"),
    ("6820", "6829", CostCategory.TELECOM, "Datakommunikation"),
    ("7430", "7439", CostCategory.CONSULTANTS, "Konsulttjänster, IT"),
    ("7460", "7469", CostCategory.SAAS, "IT-tjänster och molntjänster (SaaS)"),
    ("7470", "7479", CostCategory.OPERATIONS, "Drift och hosting"),
)
COST_CLASSES = ("4", "5", "6", "7")  # accounts of these classes are costs; others are not


def account_ranges(organisation_id: int) -> list[tuple[str, str, str]]:
    """The organisation's own ranges, or the default ones when it has none."""
    own = list(AccountCategory.objects.filter(
        organisation_id=organisation_id, archived_at__isnull=True,
    ).values_list("first_account", "last_account", "category"))
    if own:
        return own
    return [(first, last, str(category)) for first, last, category, _note
            in DEFAULT_ACCOUNT_CATEGORIES]


class Categoriser:
    """account → cost category ("" for accounts that are not costs), cached per account."""

    def __init__(self, ranges: Iterable[tuple[str, str, str]]):
        self.ranges = sorted(ranges, key=lambda r: (-len(r[0]), r[0]))
        self.cache: dict[str, str] = {}

    def __call__(self, account: str) -> str:
        cached = self.cache.get(account)
        if cached is not None:
            return cached
        category = ""
        for first, last, value in self.ranges:
            head = account[: len(first)]
            if len(head) == len(first) and first <= head <= last:
                category = value
                break
        else:
            if account[:1] in COST_CLASSES:
                category = CostCategory.OTHER.value
        self.cache[account] = category
        return category
