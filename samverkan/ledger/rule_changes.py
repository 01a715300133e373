"""Matching by hand and saving or archiving rules; each change applies the organisation's
rules again, in a background task for a large ledger."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import services as core_services

from .matching import can_match, contracts_for_line, reapply_rules
from .models import (
    CostLine,
    CostSummary,
    MatchingRule,
    MatchMethod,
)
from .summaries import apply_summary_deltas, refresh_reconciliation
from .tasks import reapply_ledger_rules


@transaction.atomic
def match_by_hand(user, line: CostLine, contract, *, rule_fields: Iterable[str] = ()) -> \
        MatchingRule | None:
    """Match one line to a contract (or None to unmatch) and, if fields are chosen, turn it
    into a rule for the line's organisation in the same step (the rule then matches other
    lines too)."""
    if not can_match(user, line):
        raise PermissionDenied(_("Du får inte matcha rader i den här organisationens bokföring."))
    if not line.cost_category:
        raise PermissionDenied(_("Raden är ingen kostnad och kan inte matchas mot ett avtal."))
    if contract is not None and not contracts_for_line(user, line).filter(pk=contract.pk).exists():
        raise PermissionDenied(_("Avtalet hör inte till radens organisation."))
    old_contract = line.contract_id
    locked = CostLine.objects.select_for_update().get(pk=line.pk)
    CostLine.objects.filter(pk=locked.pk).update(
        contract=contract, match_method=MatchMethod.MANUAL if contract else MatchMethod.NONE,
        matched_rule=None, matched_by=user if contract else None,
        matched_at=timezone.now() if contract else None)
    if old_contract != (contract.pk if contract else None):
        deltas = {
            (line.year, old_contract, line.cost_category): [-line.amount_ore, -1],
            (line.year, contract.pk if contract else None, line.cost_category):
                [line.amount_ore, 1],
        }
        apply_summary_deltas(line.organisation_id, deltas)
        refresh_reconciliation(organisation_ids=[line.organisation_id], years=[line.year])
    rule = None
    fields = set(rule_fields)
    if contract is not None and fields:
        rule = MatchingRule(organisation_id=line.organisation_id, contract=contract,
                            name=_("Från rad %(line)s, %(supplier)s") % {
                                "line": line.pk, "supplier": line.supplier_name or line.text[:40]})
        if "supplier_org_number" in fields and line.supplier_org_number:
            rule.supplier_org_number = line.supplier_org_number
        if "supplier_name" in fields and line.supplier_name:
            rule.supplier_pattern = line.supplier_name
        if "account" in fields:
            rule.account_from = line.account
        if "cost_centre" in fields and line.cost_centre:
            rule.cost_centre = line.cost_centre
        if "project" in fields and line.project:
            rule.project = line.project
        if "text" in fields and line.text:
            rule.text_pattern = line.text
        core_services.save_record(user, rule)
        apply_rules_soon(line.organisation_id)
    line.refresh_from_db()
    return rule


RULES_IN_BACKGROUND = 200_000  # cost lines; more than this are matched again by a task


def apply_rules_soon(organisation_id: int) -> bool:
    """Apply the organisation's rules again: at once, or for a large ledger as a background
    task once the change is committed. True when it was done at once."""
    lines = CostSummary.objects.filter(organisation_id=organisation_id).aggregate(
        total=Sum("line_count"))["total"] or 0
    if lines <= RULES_IN_BACKGROUND:
        reapply_rules(organisation_id)
        return True
    transaction.on_commit(lambda: reapply_ledger_rules.enqueue(organisation_id))
    return False


@transaction.atomic
def save_rule(user, rule: MatchingRule, *, expected_version: int | None = None) -> MatchingRule:
    """Create or change a rule (permission, validation, version, history) and apply the
    organisation's rules again; a rule moved to another organisation re-applies both."""
    previous = None
    if rule.pk:
        previous = MatchingRule.objects.filter(pk=rule.pk).values_list(
            "organisation_id", flat=True).first()
    saved = core_services.save_record(user, rule, expected_version=expected_version)
    apply_rules_soon(saved.organisation_id)
    if previous and previous != saved.organisation_id:
        apply_rules_soon(previous)
    return saved


@transaction.atomic
def archive_rule(user, rule: MatchingRule, *, expected_version: int | None = None):
    if rule.archived_at:
        core_services.restore_record(user, rule)
    else:
        core_services.archive_record(user, rule, expected_version=expected_version)
    apply_rules_soon(rule.organisation_id)
    return rule
