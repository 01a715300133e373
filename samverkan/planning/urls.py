from django.urls import path

from samverkan.core.routing import child, governed

from . import views

app_name = "planning"

urlpatterns = [
    *governed("planer", "plan", "plans", views.PlanListView, views.PlanDetailView,
              views.PlanEditView, views.PlanArchiveView),
    path("planer/<int:pk>/kalender.ics", views.calendar, name="plan_calendar"),
    path("planer/<int:pk>/for-beslut/", views.submit, name="plan_submit"),
    path("planer/<int:pk>/faststall/", views.approve, name="plan_approve"),
    path("planer/<int:pk>/till-utkast/", views.return_to_draft, name="plan_return"),
    path("planer/<int:pk>/revidera/", views.revise, name="plan_revise"),
    path("planer/<int:pk>/avsluta/", views.close, name="plan_close"),
    path("planer/<int:pk>/nasta-ar/", views.next_year, name="plan_next_year"),
    *child("planer/<int:parent>/styrgrupp", "member", views.SteeringMemberEditView,
           views.SteeringMemberDeleteView),
    *child("planer/<int:parent>/mal", "goal", views.GoalEditView, views.GoalDeleteView),
    *child("planer/<int:parent>/aktiviteter", "activity", views.ActivityEditView,
           views.ActivityDeleteView),
    path("tid/import/", views.TimeReportImportView.as_view(), name="report_import"),
    path("tid/import/<int:pk>/", views.TimeReportImportPreviewView.as_view(),
         name="report_import_preview"),
    *child("planer/<int:parent>/tid", "report", views.TimeReportEditView,
           views.TimeReportDeleteView),
    *child("planer/<int:parent>/bedomningar", "estimate", views.EstimateEditView,
           views.EstimateDeleteView),
    *child("planer/<int:parent>/risker", "risk", views.RiskEditView, views.RiskDeleteView),
    *child("planer/<int:parent>/releaser", "release", views.ReleaseEditView,
           views.ReleaseDeleteView),
    path("planer/<int:parent>/status/ny/", views.status_reports.create,
         name="status_report_add"),
    path("planer/<int:parent>/status/<int:pk>/", views.status_reports.detail,
         name="status_report"),
    path("planer/<int:parent>/status/<int:pk>/skicka/", views.status_reports.send,
         name="status_report_send"),
    *governed("moten", "meeting", "meetings", views.MeetingListView, views.MeetingDetailView,
              views.MeetingEditView, views.MeetingArchiveView),
    path("moten/<int:pk>/justera/", views.approve_minutes, name="meeting_approve_minutes"),
    path("moten/<int:pk>/dagordning/mall/", views.agenda_from_template,
         name="meeting_agenda_template"),
    *child("moten/<int:parent>/dagordning", "agenda_item", views.AgendaItemEditView,
           views.AgendaItemDeleteView),
    path("moten/<int:parent>/beslut/ny/", views.DecisionEditView.as_view(), name="decision_add"),
    path("moten/<int:parent>/beslut/<int:pk>/", views.DecisionEditView.as_view(),
         name="decision_edit"),
    *child("moten/<int:parent>/atgarder", "action", views.ActionEditView, views.ActionDeleteView),
]
