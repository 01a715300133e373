"""The money of a management object on its page: its budgets with this year's follow-up, the
cost pools that split its costs and what each municipality pays under their approved splits
(each user sees the lines the permission layer lets through)."""

from __future__ import annotations

import datetime

from samverkan.core import permissions

from .models import Budget, CostPool, Distribution, DistributionLine
from .services import budget_follow_up


def object_panel(management_object, user) -> dict:
    year = datetime.date.today().year
    budgets = Budget.objects.for_user(user).filter(
        management_object=management_object, archived_at__isnull=True).order_by("-year")
    current = next((b for b in budgets if b.year == year), None)
    pools = CostPool.objects.for_user(user).filter(
        management_object=management_object, archived_at__isnull=True).order_by("-year", "name")
    approved = Distribution.objects.filter(pool__in=pools, status=Distribution.Status.APPROVED)
    lines = DistributionLine.objects.for_user(user).filter(distribution__in=approved) \
        .select_related("organisation", "distribution").order_by(
            "-distribution__year", "distribution__pool_name", "organisation__name")
    return {
        "budgets": budgets[:5],
        "current_budget": current,
        "follow_up": budget_follow_up(current, user) if current else None,
        "pools": pools[:10],
        "payments": lines[:30],
        "sees_every_member": all(permissions.reads_for(user, p.organisation_id) for p in pools),
        "this_year": year,
        "can_budget": permissions.can(user, permissions.CHANGE, management_object),
    }
