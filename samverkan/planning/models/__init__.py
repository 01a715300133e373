"""Planning: plans (förvaltningsplan per management object and year, projektplan with its own
steering group) with goals, activities, time reports, estimates, risks, releases and service
windows; steering-group meetings with decisions (§) and actions. One module per area.

Every part is owned through its plan's (or meeting's) organisation; money is whole öre, hours
are exact decimals summed in Python."""

from .common import hours_text, money_ore, risk_scale
from .groups import SteeringGroup, SteeringGroupSeat
from .meetings import Action, AgendaItem, Decision, Meeting
from .plans import Goal, Plan, PlanSteeringMember
from .reminders import PlanningReminder
from .reports import StatusReport
from .work import Activity, Estimate, HourCategory, Release, Risk, TimeReport

__all__ = [
    "AgendaItem", "PlanningReminder",
    "Action", "Activity", "Decision", "Estimate", "Goal", "HourCategory",
    "Meeting", "Plan", "PlanSteeringMember", "Release", "Risk", "StatusReport",
    "SteeringGroup", "SteeringGroupSeat", "TimeReport", "hours_text", "risk_scale",
    "money_ore",
]
