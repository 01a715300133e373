from django.urls import path

from . import tokens, views

app_name = "organisations"

urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisations"),
    path("ny/", views.OrganisationEditView.as_view(), name="organisation_add"),
    path("folkmangd/import/", views.population_import, name="population_import"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation"),
    path("<int:pk>/andra/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path("<int:pk>/arkivera/", views.OrganisationArchiveView.as_view(), name="organisation_archive"),
    path("<int:parent>/medlemmar/ny/", views.MembershipEditView.as_view(), name="membership_add"),
    path("<int:parent>/medlemmar/<int:pk>/", views.MembershipEditView.as_view(),
         name="membership_edit"),
    path("<int:parent>/medlemmar/<int:pk>/ta-bort/", views.MembershipDeleteView.as_view(),
         name="membership_delete"),
    path("personer/", views.PersonListView.as_view(), name="people"),
    path("personer/ny/", views.PersonEditView.as_view(), name="person_add"),
    path("personer/<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("personer/<int:pk>/andra/", views.PersonEditView.as_view(), name="person_edit"),
    path("personer/<int:pk>/arkivera/", views.PersonArchiveView.as_view(), name="person_archive"),
    path("anvandare/", views.users, name="users"),
    path("anvandare/ny/", views.user_add, name="user_add"),
    path("anvandare/<int:user_pk>/roll/", views.role_add, name="role_add"),
    path("roller/<int:pk>/ta-bort/", views.role_remove, name="role_remove"),
    path("api-nycklar/", tokens.api_tokens, name="api_tokens"),
]
