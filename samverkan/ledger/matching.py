"""Matching rules: the Matcher that finds a line's rule, and applying the rules again to an
organisation's ledger."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samverkan.contracts.models import Contract
from samverkan.contracts.services import related_organisation_ids
from samverkan.core import permissions

from .categories import Categoriser, account_ranges
from .models import (
    CostLine,
    MatchingRule,
    MatchMethod,
)
from .summaries import apply_summary_deltas, rebuild_summaries, refresh_reconciliation

# -- matching rules -----------------------------------------------------------------------------

def _pattern(text: str):
    """Case-insensitive "contains", where * stands for anything."""
    parts = [re.escape(p) for p in text.strip().split("*")]
    return re.compile(".*".join(parts), re.IGNORECASE)


_MISSING = object()


@dataclass(slots=True)
class CompiledRule:
    rule_id: int
    contract_id: int
    org_number: str | None = None
    account: tuple[str, str, int] | None = None
    cost_centre: str | None = None
    project: str | None = None
    supplier: object = None  # compiled pattern
    supplier_hits: dict = field(default_factory=dict)
    dimension: tuple[str, str] | None = None
    text: object = None  # compiled pattern


class Matcher:
    """The organisation's active rules in priority order; the first rule whose every condition
    holds gives the contract. Only lines with a cost category are matched.

    Equality and range conditions are tried before patterns; a supplier pattern is evaluated
    once per supplier name; and one combined search of every text pattern rules out, for most
    lines, all rules with a text condition at once."""

    def __init__(self, rules: Iterable[MatchingRule]):
        self.rules = [self._compile(r) for r in rules]
        self.keyed_rules = [r for r in self.rules if r.text is None]
        patterns = [r.text.pattern for r in self.rules if r.text is not None]
        self.any_text = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) \
            if patterns else None
        self._dims: dict[str, dict] = {}
        self._cache: dict[tuple, CompiledRule | None] = {}

    @classmethod
    def for_organisation(cls, organisation_id: int) -> Matcher:
        return cls(list(MatchingRule.objects.filter(
            organisation_id=organisation_id, archived_at__isnull=True,
        ).order_by("priority", "pk")))

    @staticmethod
    def _compile(rule: MatchingRule) -> CompiledRule:
        compiled = CompiledRule(rule.pk, rule.contract_id)
        if rule.supplier_org_number:
            compiled.org_number = rule.supplier_org_number
        if rule.supplier_pattern:
            compiled.supplier = _pattern(rule.supplier_pattern)
        if rule.account_from:
            first = rule.account_from
            compiled.account = (first, rule.account_to or first, len(first))
        if rule.cost_centre:
            compiled.cost_centre = rule.cost_centre.strip()
        if rule.project:
            compiled.project = rule.project.strip()
        if rule.dimension_object:
            dim, _sep, obj = (part.strip() for part in rule.dimension_object.partition(":"))
            compiled.dimension = (dim, obj)
        if rule.text_pattern:
            compiled.text = _pattern(rule.text_pattern)
        return compiled

    def _dimensions(self, text: str | None) -> dict:
        if not text:
            return {}
        cached = self._dims.get(text)
        if cached is None:
            cached = json.loads(text) if isinstance(text, str) else dict(text)
            if len(self._dims) < 50_000:
                self._dims[text] = cached
        return cached

    def __bool__(self) -> bool:
        return bool(self.rules)

    def match(self, line) -> CompiledRule | None:
        """`line` is an importer's ImportedLine."""
        return self.match_key((line.account, line.supplier_name, line.supplier_org_number,
                               line.cost_centre, line.project, line.dimensions), line.text)

    def text_may_match(self, text: str) -> bool:
        """Whether any rule's text pattern could match: if not, the key alone decides."""
        return self.any_text is not None and self.any_text.search(text) is not None

    def match_without_text(self, key: tuple) -> CompiledRule | None:
        """The rule for a line whose text no text pattern matches (see match_key): only rules
        without a text condition can apply."""
        return self._match(key, "", False, self.keyed_rules)

    def match_with_text(self, key: tuple, text: str) -> CompiledRule | None:
        """The rule for a line whose text a text pattern may match (text_may_match)."""
        return self._match(key, text, True)

    def match_key(self, key: tuple, text: str) -> CompiledRule | None:
        """key = (account, supplier name, supplier org number, cost centre, project,
        dimensions). Lines that no text pattern can match are decided by the key alone, so
        those results are remembered."""
        if self.any_text is None or self.any_text.search(text) is None:
            found = self._cache.get(key, _MISSING)
            if found is _MISSING:
                found = self._match(key, text, False)
                if len(self._cache) < 200_000:
                    self._cache[key] = found
            return found
        return self.match_with_text(key, text)

    def _match(self, key: tuple, text: str, text_possible: bool,
               rules: list | None = None) -> CompiledRule | None:
        account, supplier, org_number, cost_centre, project, dimensions = key
        for rule in self.rules if rules is None else rules:
            if rule.org_number is not None and org_number != rule.org_number:
                continue
            span = rule.account
            if span is not None and (len(account) < span[2]
                                     or not span[0] <= account[:span[2]] <= span[1]):
                continue
            if rule.cost_centre is not None and cost_centre != rule.cost_centre:
                continue
            if rule.project is not None and project != rule.project:
                continue
            if rule.supplier is not None:
                hit = rule.supplier_hits.get(supplier)
                if hit is None:
                    hit = bool(supplier) and rule.supplier.search(supplier) is not None
                    if len(rule.supplier_hits) < 10_000:
                        rule.supplier_hits[supplier] = hit
                if not hit:
                    continue
            if rule.dimension is not None and \
                    self._dimensions(dimensions).get(rule.dimension[0]) != rule.dimension[1]:
                continue
            if rule.text is not None and (not text_possible or rule.text.search(text) is None):
                continue
            return rule
        return None


def _rules(organisation_id: int) -> tuple[Categoriser, Matcher]:
    return Categoriser(account_ranges(organisation_id)), Matcher.for_organisation(organisation_id)


# -- matching operations ------------------------------------------------------------------------

MATCH_FIELDS = ("pk", "account", "supplier_name", "supplier_org_number", "cost_centre", "project",
                "dimensions", "text", "contract_id", "matched_rule_id", "year", "cost_category",
                "amount_ore")


@transaction.atomic
def reapply_rules(organisation_id: int) -> int:
    """Run the organisation's rules again over its lines (not those matched by hand); keep
    the summaries and reconciliation current. Returns the number of lines whose match
    changed."""
    matcher = Matcher.for_organisation(organisation_id)
    now = timezone.now()
    changes: list[tuple] = []
    deltas: dict[tuple, list] = defaultdict(lambda: [0, 0])
    lines = CostLine.objects.filter(organisation_id=organisation_id).exclude(
        cost_category="").exclude(match_method=MatchMethod.MANUAL).order_by()
    for values in lines.values_list(*MATCH_FIELDS).iterator(chunk_size=5000):
        (pk, account, supplier, org_number, cost_centre, project, dimensions, text,
         contract_id, rule_id, year, category, amount) = values
        if isinstance(dimensions, dict):
            dimensions = json.dumps(dimensions, ensure_ascii=False, sort_keys=True)
        rule = matcher.match_key((account, supplier, org_number, cost_centre, project,
                                  dimensions), text) if matcher else None
        new_contract, new_rule = (rule.contract_id, rule.rule_id) if rule else (None, None)
        if (new_contract, new_rule) == (contract_id, rule_id):
            continue
        changes.append((pk, new_contract, new_rule))
        if new_contract != contract_id:
            deltas[(year, contract_id, category)][0] -= amount
            deltas[(year, contract_id, category)][1] -= 1
            deltas[(year, new_contract, category)][0] += amount
            deltas[(year, new_contract, category)][1] += 1
    for start in range(0, len(changes), 1000):
        chunk = changes[start:start + 1000]
        for new_contract, group in _group_by_target(chunk).items():
            contract_id, rule_id = new_contract
            CostLine.objects.filter(pk__in=group).update(
                contract_id=contract_id, matched_rule_id=rule_id,
                match_method=MatchMethod.RULE if rule_id else MatchMethod.NONE,
                matched_at=now if rule_id else None, matched_by=None)
    if changes:
        apply_summary_deltas(organisation_id, deltas)
        affected = {year for year, _c, _k in deltas}
        refresh_reconciliation(organisation_ids=[organisation_id], years=affected)
    return len(changes)


def _group_by_target(chunk):
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pk, contract_id, rule_id in chunk:
        groups[(contract_id, rule_id)].append(pk)
    return groups


@transaction.atomic
def recategorise(organisation_id: int) -> int:
    """After the account ranges changed: new categories for the organisation's lines (lines
    that are no longer costs lose their rule match); summaries rebuilt."""
    categorise = Categoriser(account_ranges(organisation_id))
    changed = 0
    accounts = CostLine.objects.filter(organisation_id=organisation_id).order_by().values_list(
        "account", flat=True).distinct()
    by_category: dict[str, list[str]] = defaultdict(list)
    for account in accounts:
        by_category[categorise(account)].append(account)
    for category, group in by_category.items():
        for start in range(0, len(group), 500):
            changed += CostLine.objects.filter(
                organisation_id=organisation_id, account__in=group[start:start + 500],
            ).exclude(cost_category=category).update(cost_category=category)
    CostLine.objects.filter(organisation_id=organisation_id, cost_category="").exclude(
        match_method=MatchMethod.NONE).update(contract=None, matched_rule=None,
                                               match_method=MatchMethod.NONE, matched_by=None,
                                               matched_at=None)
    if changed:
        rebuild_summaries(organisation_id)
        reapply_rules(organisation_id)
        refresh_reconciliation(organisation_ids=[organisation_id])
    return changed


def contracts_for_line(user, line: CostLine):
    """Contracts a line can be matched to: visible to the user and related to the line's
    organisation (owned by it, by a cooperation it is in, or with it as a party)."""
    related = related_organisation_ids(line.organisation_id)
    return Contract.objects.for_user(user).filter(archived_at__isnull=True).filter(
        Q(organisation_id__in=related) | Q(parties__organisation_id=line.organisation_id)
    ).distinct().select_related("supplier").order_by("supplier__name", "title")


def can_match(user, line: CostLine) -> bool:
    return permissions.can_act_for(user, permissions.CHANGE, line.organisation_id)
