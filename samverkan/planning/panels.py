"""The "Förvaltning" section of the management object's page: this year's plan and its state,
the next steering-group meeting, open actions, the top risks, and hours and money at a glance."""

from __future__ import annotations

import datetime

from samverkan.core import permissions

from . import followup
from .models import Action, Decision, Meeting, Plan


def object_panel(obj, user) -> dict:
    today = datetime.date.today()
    plans = Plan.objects.for_user(user).filter(management_object=obj, archived_at__isnull=True,
                                               kind=Plan.Kind.MANAGEMENT)
    year = list(plans.filter(year=today.year).exclude(state=Plan.State.REVISED))
    # the version in force; a draft of a new version only when none is in force
    plan = max(year, key=lambda p: (p.state == Plan.State.APPROVED, p.revision), default=None)
    meetings = Meeting.objects.for_user(user).filter(management_object=obj,
                                                     archived_at__isnull=True)
    context = {
        "plan": plan,
        "follow": followup.follow_up(plan) if plan else None,
        "top_risks": followup.ranked_risks(plan.risks.all())[:3] if plan else [],
        "next_meeting": meetings.filter(held_on__gte=today).order_by("held_on").first(),
        "open_actions": Action.objects.filter(meeting__in=meetings, done_on__isnull=True)
        .select_related("owner").order_by("due_on")[:5],
        "can_plan": permissions.can(user, permissions.CHANGE, obj),
        "this_year": today.year,
    }
    return context


def _decisions(user, **link):
    """The steering-group decisions on a record that the user may read (a decision of a meeting
    the user does not see says nothing, not even that it exists)."""
    return (Decision.objects.for_user(user).filter(meeting__archived_at__isnull=True, **link)
            .select_related("meeting", "contract_option").order_by("-year", "-number"))


def contract_panel(contract, user) -> dict:
    return {"decisions": _decisions(user, contract_option__contract=contract),
            "panel_id": "contract-decisions"}


def pool_panel(pool, user) -> dict:
    return {"decisions": _decisions(user, cost_pool=pool), "panel_id": "pool-decisions"}
