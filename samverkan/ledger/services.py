"""The ledger's domain logic in one place for callers: the names below live in `categories`,
`matching`, `rule_changes`, `visibility`, `streaming`, `importing` and `summaries`; this module
re-exports the ones other apps, commands and tests use.

Public API for other apps
-------------------------
`actual_cost_ore(*, year, organisation=None, contract=None, management_object=None,
system=None, category=None) -> int`
    The booked cost in whole öre for a calendar year, from the cost lines of the
    organisations' imported ledgers (read from the summaries, so it is cheap at any scale).
    Every filter given narrows the sum: `organisation` – lines in that organisation's ledger;
    `contract` – lines matched to that contract; `management_object` / `system` – lines
    matched to contracts linked to that object or system (each contract counted once);
    `category` – a CostCategory value (or a list of them). Without a category filter every
    line with a cost category counts (balance-sheet and revenue lines never do). Returns 0
    when nothing is booked. It does not apply user permissions: callers that show the figure
    to a user decide what that user may see (see `can_see_amounts`).

`outcome_by_category(user, management_object, year) -> dict`
    The booked cost of a management object's contracts for a year per cost category, as the
    user may see it (the finance app's budget follow-up compares its budgets with this).
"""

from __future__ import annotations

from .categories import (
    COST_CLASSES,
    DEFAULT_ACCOUNT_CATEGORIES,
    Categoriser,
    account_ranges,
)
from .importing import (
    LedgerImportError,
    NeedsReplaceConfirmation,
    analyse,
    confirm_mapping,
    duplicate_of,
    lines_in_period,
    overlapping_batches,
    read_header,
    remembered_mapping,
    run_import,
    stage_file,
)
from .matching import (
    MATCH_FIELDS,
    CompiledRule,
    Matcher,
    can_match,
    contracts_for_line,
    reapply_rules,
    recategorise,
)
from .rule_changes import (
    RULES_IN_BACKGROUND,
    apply_rules_soon,
    archive_rule,
    match_by_hand,
    save_rule,
)
from .streaming import (
    Stats,
    progress_path,
    read_progress,
)
from .summaries import (
    actual_cost_ore,
    apply_summary_deltas,
    ledger_loaded,
    linked_contracts,
    outcome_by_category,
    rebuild_everything,
    rebuild_summaries,
    refresh_for_contract,
    refresh_reconciliation,
)
from .visibility import (
    can_import_for,
    can_see_amounts,
    hidden_contract_ids,
    hidden_price_contracts,
)

__all__ = [
    "DEFAULT_ACCOUNT_CATEGORIES",
    "COST_CLASSES",
    "account_ranges",
    "Categoriser",
    "CompiledRule",
    "Matcher",
    "MATCH_FIELDS",
    "reapply_rules",
    "recategorise",
    "contracts_for_line",
    "can_match",
    "match_by_hand",
    "RULES_IN_BACKGROUND",
    "apply_rules_soon",
    "save_rule",
    "archive_rule",
    "hidden_price_contracts",
    "hidden_contract_ids",
    "can_see_amounts",
    "can_import_for",
    "LedgerImportError",
    "NeedsReplaceConfirmation",
    "duplicate_of",
    "overlapping_batches",
    "analyse",
    "lines_in_period",
    "run_import",
    "stage_file",
    "read_header",
    "remembered_mapping",
    "confirm_mapping",
    "apply_summary_deltas",
    "rebuild_summaries",
    "rebuild_everything",
    "refresh_reconciliation",
    "refresh_for_contract",
    "actual_cost_ore",
    "linked_contracts",
    "ledger_loaded",
    "outcome_by_category",
    "Stats",
    "progress_path",
    "read_progress",
]
