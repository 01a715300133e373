from django.urls import path

from samverkan.core.routing import child

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="assessments"),
    path("ny/", views.AssessmentEditView.as_view(), name="assessment_add"),
    path("time/", views.time_overview, name="time"),
    path("<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment"),
    path("<int:pk>/andra/", views.AssessmentEditView.as_view(), name="assessment_edit"),
    path("<int:pk>/arkivera/", views.AssessmentArchiveView.as_view(),
         name="assessment_archive"),
    path("<int:pk>/avsluta/", views.close_round, name="close"),
    path("<int:pk>/initiativ/", views.create_initiative, name="create_initiative"),
    path("svar/<int:pk>/", views.answer, name="answer"),
    *child("<int:parent>/svarande", "respondent", views.RespondentEditView,
           views.RespondentDeleteView),
    path("formular/", views.QuestionnaireListView.as_view(), name="questionnaires"),
    path("formular/<int:pk>/", views.QuestionnaireDetailView.as_view(), name="questionnaire"),
    path("formular/<int:pk>/kopiera/", views.copy_questionnaire, name="questionnaire_copy"),
    path("formular/<int:pk>/vikter/", views.edit_weights, name="weights"),
]
