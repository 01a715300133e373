"""Who may see a contract's confidential prices."""

from __future__ import annotations

from samverkan.core import permissions


def can_see_prices(user, contract) -> bool:
    """Prices under commercial secrecy (OSL 31:16 / 19:3) are for the owner's members and
    superusers; other prices for every signed-in user (the rule is declared on Contract)."""
    return permissions.can(user, permissions.VIEW_CONFIDENTIAL, contract)


def visible_amount_ore(user, party) -> int | None:
    """The party's annual amount if `user` may see it, else None (check `can_see_prices` to tell
    hidden from missing)."""
    return party.annual_amount_ore if can_see_prices(user, party.contract) else None
