"""Invoicing the participants ([002] step 8 and H: «utdebitering av överenskommen budget,
fördelad till respektive kommun»): the agreed project or management budget becomes a `finance`
cost pool with the bound participants and the gift member's reduction, so approving it and
issuing invoicing bases follow the same path as every other split in the installation.

The pool must split exactly as the agreement did; where it would not (a key version that
started after 1 January of the agreement's year), it is refused rather than invoiced otherwise."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.finance import allocation
from samverkan.finance.models import AllocationKey, CostPool, KeyVersion, PoolParticipant
from samverkan.finance.services import pools

from ..models import Initiative, Payment
from . import money
from .stages import ORDER, S

POPULATION_KEY = "Folkmängd"
REDUCTION_KIND = {allocation.EXEMPT: PoolParticipant.Reduction.EXEMPT,
                  allocation.PERCENT: PoolParticipant.Reduction.PERCENT}


def _refuse(message: str):
    raise allocation.AllocationError(message)


def pool_of(initiative: Initiative, budget: str) -> CostPool | None:
    return initiative.project_pool if budget == Payment.Budget.PROJECT \
        else initiative.management_pool


def may_invoice(initiative: Initiative, budget: str) -> bool:
    """The project budget once the participants are bound; the management budget once the
    result is handed over to management."""
    if initiative.stage == S.CLOSED or initiative.is_archived:
        return False
    needed = S.AGREEMENT if budget == Payment.Budget.PROJECT else S.HANDOVER
    return ORDER.index(initiative.stage) >= ORDER.index(needed)


def _population_key(user, cooperation) -> AllocationKey:
    """The cooperation's key that has only ever split by population, made once when it has
    none (a key that once split otherwise would not split as the agreement did)."""
    found = AllocationKey.objects.filter(
        organisation=cooperation, archived_at__isnull=True,
        versions__method=KeyVersion.Method.POPULATION).exclude(
        versions__method__in=[m for m in KeyVersion.Method.values
                              if m != KeyVersion.Method.POPULATION]).order_by("pk").first()
    if found is not None:
        return found
    key = core_services.save_record(user, AllocationKey(organisation=cooperation,
                                                        name=POPULATION_KEY))
    core_services.save_child(user, KeyVersion(key=key, valid_from=datetime.date(1900, 1, 1),
                                              method=KeyVersion.Method.POPULATION), key)
    return key


@transaction.atomic
def create_pool(user, initiative: Initiative, budget: str = Payment.Budget.PROJECT) -> CostPool:
    """The budget as a cost pool of the cooperation, split between the bound participants as the
    agreement split it, linked from the initiative."""
    core_services.check_can(user, permissions.CHANGE, initiative)
    if pool_of(initiative, budget) is not None:
        _refuse(_("Budgeten har redan en kostnadspool."))
    if not may_invoice(initiative, budget):
        _refuse(_("Projektbudgeten faktureras efter överenskommelsen, förvaltningsbudgeten "
                  "efter överlämningen till förvaltning."))
    agreed = money.budget_split(initiative, budget=budget)  # refuses a budget not set
    year = money.split_year(initiative)
    key = initiative.key or _population_key(user, initiative.organisation)
    management = budget == Payment.Budget.MANAGEMENT
    label = _("förvaltningsbudget") if management else _("projektbudget")
    pool = core_services.save_record(user, CostPool(
        name=f"{initiative.name} – {label} {year}", organisation=initiative.organisation,
        purpose=CostPool.Purpose.MANAGEMENT if management else CostPool.Purpose.PROJECT,
        source=CostPool.Source.FIXED, year=year, key=key, amount_ore=agreed.total_ore,
        management_object=initiative.management_object if management else None,
        description=_("Överenskommen %(label)s för initiativet %(name)s.") % {
            "label": label, "name": initiative.name}))
    for participation in money.payers(initiative):
        participant = PoolParticipant(pool=pool, organisation=participation.organisation)
        reduction = money.gift_reduction(participation)
        if reduction is not None:
            participant.reduction = REDUCTION_KIND[reduction.kind]
            participant.reduction_percent = reduction.percent \
                if reduction.kind == allocation.PERCENT else None
            participant.reason = reduction.reason
        core_services.save_child(user, participant, pool)
    invoiced = {line.organisation.pk: line.amount_ore for line in pools.compute(pool).lines}
    if invoiced != {share.id: share.amount_ore for share in agreed.shares}:
        _refuse(_("Poolen skulle fördelas annorlunda än överenskommelsen (nyckelns version 1 "
                  "januari %(year)s skiljer sig från den som gällde vid överenskommelsen). "
                  "Lägg upp poolen i Ekonomi med rätt nyckel.") % {"year": year})
    # the link is a change of the initiative, in its history under the user's name; read afresh
    # so that fields changed since `initiative` was loaded are not written back
    linked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    pool_field = "management_pool" if management else "project_pool"
    setattr(linked, pool_field, pool)
    core_services.save_record(user, linked, validate=False)
    setattr(initiative, pool_field, pool)
    initiative.version = linked.version
    return pool
