"""Who may see which ledger amounts: lines of contracts with prices confidential to the user
are hidden outside the user's own organisations."""

from __future__ import annotations

from samverkan.contracts.models import Contract
from samverkan.core import permissions
from samverkan.organisations.models import Organisation

# -- who may see what ---------------------------------------------------------------------------

def hidden_price_contracts(user):
    """Contracts whose prices `user` may not see (queryset of ids), by the rule declared on
    Contract."""
    hidden = permissions.hidden_q(Contract, user)
    if hidden is None:
        return Contract.objects.none().values("pk")
    return Contract.objects.filter(hidden).values("pk")


def hidden_contract_ids(user) -> set[int]:
    cached = getattr(user, "_ledger_hidden_contracts", None)
    if cached is None:
        cached = set(hidden_price_contracts(user).values_list("pk", flat=True))
        if getattr(user, "is_authenticated", False):
            user._ledger_hidden_contracts = cached
    return cached


def can_see_amounts(user, contract_id: int | None, organisation_id: int) -> bool:
    """Invoiced amounts of a line or row: hidden only when they belong to a contract whose
    prices are confidential to the user, outside the user's own organisation's ledger."""
    if contract_id is None or contract_id not in hidden_contract_ids(user):
        return True
    return organisation_id in permissions.organisations_where(user, permissions.Role.READER)


def can_import_for(user, organisation: Organisation) -> bool:
    return permissions.can_act_for(user, permissions.ADD, organisation.pk)
