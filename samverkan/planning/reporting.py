"""Status reports as plain functions: what the report holds is computed from the plan as of its
date and stored as a snapshot; once sent it never changes, whatever is reported afterwards."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core import permissions
from samverkan.core import services as core

from . import followup
from .models import HourCategory, Plan, StatusReport


def _figures(f) -> dict:
    def text(value):
        return None if value is None else str(value)
    return {"budget": text(f.budget), "outcome": text(f.outcome), "remaining": text(f.remaining),
            "forecast": text(f.forecast), "deviation": text(f.deviation)}


def snapshot(plan: Plan, as_of: datetime.date, since: datetime.date | None) -> dict:
    """The report's content (F2): activities since the last report, hours and money, goals,
    risks and what happened with them, releases in the period."""
    result = followup.follow_up(plan, as_of=as_of)
    done = [a for a in plan.activities.all()
            if a.actual_end and a.actual_end <= as_of and (since is None or a.actual_end > since)]
    releases = [r for r in plan.releases.all()
                if r.starts_at.date() <= as_of and (since is None or r.starts_at.date() > since)]
    return {
        "as_of": as_of.isoformat(), "since": since.isoformat() if since else None,
        "state": plan.get_state_display(),
        "activities_done": [{"title": a.title, "ended": a.actual_end.isoformat()} for a in done],
        "hours": [{"category": code, **_figures(f)} for code, f in (
            (HourCategory.INTERNAL, result.internal), (HourCategory.EXTERNAL, result.external))],
        "money_ore": _figures(result.money),
        "goals": [{"title": g.title, "target": g.target, "colour": followup.goal_colour(g),
                   "percent": g.percent, "outcome": g.outcome} for g in plan.goals.all()],
        "risks": [{"number": r.number, "description": r.description,
                   "probability": r.probability, "impact": r.impact, "priority": r.priority,
                   "status": r.get_status_display(), "occurred": r.occurred,
                   "outcome": r.outcome} for r in followup.ranked_risks(plan.risks.all())],
        "releases": [{"title": r.title, "kind": r.get_kind_display(),
                      "starts_at": r.starts_at.isoformat(),
                      "test_result": r.get_test_result_display() if r.test_result else ""}
                     for r in releases],
    }


@transaction.atomic
def create_report(user, plan: Plan, as_of: datetime.date, comment: str = "") -> StatusReport:
    """A new report as of a date, from the plan as it stands (the previous report bounds
    "since last time")."""
    core.check_can(user, permissions.CHANGE, plan)
    if plan.state not in (Plan.State.APPROVED, Plan.State.CLOSED, Plan.State.REVISED):
        raise ValidationError(_("Statusrapporter görs mot en fastställd plan."))
    previous = plan.status_reports.filter(as_of__lt=as_of).order_by("-as_of").first()
    report = StatusReport(plan=plan, as_of=as_of, comment=comment, created_by=user,
                          snapshot=snapshot(plan, as_of, previous.as_of if previous else None))
    return core.save_child(user, report, plan)


def change_comment(user, report: StatusReport, comment: str, *,
                   expected_version: int | None = None) -> StatusReport:
    if report.is_frozen:
        raise ValidationError(_("Rapporten är skickad och ändras inte."))
    report.comment = comment
    return core.save_child(user, report, report.plan, expected_version=expected_version)


def send(user, report: StatusReport, *, on: datetime.date | None = None) -> StatusReport:
    """Sent to the steering group: frozen from now on (F9)."""
    if report.is_frozen:
        raise ValidationError(_("Rapporten är redan skickad."))
    report.sent_on = on or timezone.localdate()
    return core.save_child(user, report, report.plan)


def trend(plan: Plan) -> list[dict]:
    """Hours and money across the plan's reports, oldest first (H4): the figures each report
    froze, not today's."""
    rows = []
    for report in plan.status_reports.order_by("as_of", "pk"):
        hours = {row["category"]: row for row in report.snapshot.get("hours", [])}
        rows.append({"report": report, "hours": hours, "money": report.snapshot.get("money_ore")})
    return rows
