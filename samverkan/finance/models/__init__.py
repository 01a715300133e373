"""Financing: allocation keys (versioned), cost pools with participants and reductions, approved
distributions (snapshots), invoicing bases per member, the service catalogue with volumes, and
budgets per management object by cost category – one module per area.

Amounts are whole öre in integer columns (the database sums them; SQLite would drift on
decimals). Who sees what is declared on each model (`confidential`, core.permissions): keys,
pools and totals are read by every signed-in user; a member's part of a split, its volumes and
its invoicing basis only by that member's users and by the users of the organisation that runs
them.
"""

from samverkan.ledger.models import CostCategory  # budgets are kept by the ledger's categories

from .budgets import Budget, BudgetLine
from .catalogue import Service, ServicePrice, ServiceVolume
from .common import ACCOUNT, PERCENT, YEAR, money_ore
from .invoicing import InvoiceAccounts, InvoicingBasis, InvoicingBasisLine
from .keys import AllocationKey, KeyShare, KeyVersion, key_text
from .pools import CostPool, Distribution, DistributionLine, PoolParticipant

__all__ = [
    "key_text",
    "ACCOUNT", "PERCENT", "YEAR", "AllocationKey", "Budget", "BudgetLine", "CostCategory",
    "CostPool", "Distribution", "DistributionLine", "InvoiceAccounts", "InvoicingBasis",
    "InvoicingBasisLine", "KeyShare", "KeyVersion", "PoolParticipant", "Service", "ServicePrice",
    "ServiceVolume", "money_ore",
]
