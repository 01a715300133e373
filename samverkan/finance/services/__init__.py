"""Financing as plain functions, one module per area: the bases a key gives each member
(`keys`), a pool's amount and its split, previewed and approved (`pools`), service charges and
the comparison of budget shares with actual use (`catalogue`), invoicing bases and summaries
(`invoicing`), budgets against outcome (`budgets`). Views, the API and the demo call these.

Every split goes through `allocation.split` (largest remainder, exact to the öre).
"""

from .budgets import (
    BudgetFollowUp,
    BudgetMemberRow,
    CategoryRow,
    budget_follow_up,
)
from .catalogue import (
    Charge,
    Comparison,
    ComparisonRow,
    charge_for,
    compare_charging,
    service_charges,
)
from .changes import since_approval, year_differences
from .common import (
    StaleComputation,
    actual_cost_ore,
    default_participants,
    money,
    visible_rows,
)
from .invoicing import (
    MemberRow,
    Pending,
    Summary,
    basis_accounts,
    issue_bases,
    pending_lines,
    summary,
)
from .keys import (
    Basis,
    PopulationFacts,
    check_custom_total,
    custom_bases,
    key_bases,
    population_bases,
    population_facts,
    save_key_version,
    user_bases,
    version_for,
    versions_with_end,
)
from .pools import (
    Computation,
    Line,
    approve,
    compute,
    current_distribution,
    participants,
    pool_amount,
    preview,
    replace_participants,
    set_participants,
)

__all__ = [
    "since_approval",
    "year_differences",
    "Basis",
    "BudgetFollowUp",
    "BudgetMemberRow",
    "CategoryRow",
    "Charge",
    "Comparison",
    "ComparisonRow",
    "Computation",
    "Line",
    "MemberRow",
    "Pending",
    "StaleComputation",
    "Summary",
    "actual_cost_ore",
    "approve",
    "basis_accounts",
    "budget_follow_up",
    "charge_for",
    "check_custom_total",
    "compare_charging",
    "compute",
    "current_distribution",
    "custom_bases",
    "default_participants",
    "issue_bases",
    "key_bases",
    "money",
    "participants",
    "pending_lines",
    "pool_amount",
    "PopulationFacts",
    "population_bases",
    "population_facts",
    "preview",
    "replace_participants",
    "save_key_version",
    "service_charges",
    "set_participants",
    "summary",
    "user_bases",
    "version_for",
    "versions_with_end",
    "visible_rows",
]
