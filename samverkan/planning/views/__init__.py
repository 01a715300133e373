"""The planning pages, one module per area: plans (list, page, form, state buttons), the parts
of a plan, and steering-group meetings with decisions and actions."""

from . import reports as status_reports
from .groups import (
    SeatDeleteView,
    SeatEditView,
    SteeringGroupArchiveView,
    SteeringGroupDetailView,
    SteeringGroupEditView,
    SteeringGroupListView,
    group_calendar_file,
)
from .meetings import (
    ActionDeleteView,
    ActionEditView,
    AgendaItemDeleteView,
    AgendaItemEditView,
    DecisionEditView,
    MeetingArchiveView,
    MeetingDetailView,
    MeetingEditView,
    MeetingListView,
    agenda_from_template,
    approve_minutes,
)
from .parts import (
    ActivityDeleteView,
    ActivityEditView,
    EstimateDeleteView,
    EstimateEditView,
    GoalDeleteView,
    GoalEditView,
    ReleaseDeleteView,
    ReleaseEditView,
    RiskDeleteView,
    RiskEditView,
    SteeringMemberDeleteView,
    SteeringMemberEditView,
    TimeReportDeleteView,
    TimeReportEditView,
    TimeReportImportPreviewView,
    TimeReportImportView,
)
from .plans import (
    PlanArchiveView,
    PlanDetailView,
    PlanEditView,
    PlanListView,
    approve,
    calendar,
    close,
    next_year,
    return_to_draft,
    revise,
    submit,
)

__all__ = [
    "status_reports",
    "ActionDeleteView", "ActionEditView", "ActivityDeleteView", "ActivityEditView",
    "DecisionEditView", "EstimateDeleteView", "EstimateEditView", "GoalDeleteView",
    "GoalEditView", "MeetingArchiveView", "MeetingDetailView", "MeetingEditView",
    "MeetingListView", "PlanArchiveView", "PlanDetailView", "PlanEditView", "PlanListView",
    "ReleaseDeleteView", "ReleaseEditView", "RiskDeleteView", "RiskEditView",
    "SteeringMemberDeleteView", "SteeringMemberEditView", "TimeReportDeleteView",
    "TimeReportEditView", "TimeReportImportPreviewView", "TimeReportImportView", "approve", "calendar",
    "AgendaItemDeleteView", "AgendaItemEditView", "agenda_from_template",
    "approve_minutes", "close", "next_year",
    "return_to_draft", "revise", "submit",
    "SeatDeleteView", "SeatEditView", "SteeringGroupArchiveView", "SteeringGroupDetailView",
    "SteeringGroupEditView", "SteeringGroupListView", "group_calendar_file",
]
