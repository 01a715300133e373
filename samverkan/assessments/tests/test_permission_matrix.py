"""Every assessments page and API endpoint × every role × rounds of Laxå (own), Hallsberg
(other) and their cooperation. Read a case as "<request> — <who gets yes>, the others get
<no>"; anonymous visitors go to the login page (the API answers 401/403). Each refusal leaves
the database, assessments and initiatives included, as it was."""

import pytest

from samverkan.assessments.models import Answer, Assessment, Questionnaire
from samverkan.assessments.services import questionnaires
from samverkan.initiatives.models import Initiative
from samverkan.testing.cast import (
    CHANGERS,
    EDITORS_ANYWHERE,
    OWN,
    READER,
    SCOPES,
    SIGNED_IN,
)
from samverkan.testing.matrix import (
    CREATED,
    SAVED,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

pytestmark = pytest.mark.django_db


def default(cast):
    return questionnaires.default()


def closed_state(scope):
    return lambda cast: Assessment.objects.filter(system=cast.systems[scope],
                                                  state="stangd").count() == 2


def answered(scope):
    return lambda cast: Answer.objects.filter(
        respondent__assessment__system=cast.systems[scope]).exists()


def answer_data(cast):
    return {"expected_version": 1, **{
        f"s{s.pk}": "4" for s in default(cast).statements.filter(sub_area__area="verksamhetsvarde")},
        **{f"k{f.pk}": "" for f in default(cast).economy_fields.all()}}


PAGES = [
    Case("rounds list", lambda c: "/bedomningar/", SIGNED_IN),
    Case("rounds export", lambda c: "/bedomningar/?export=csv", SIGNED_IN),
    Case("rounds export xlsx", lambda c: "/bedomningar/?export=xlsx&state=stangd", SIGNED_IN),
    Case("TIME page", lambda c: "/bedomningar/time/", SIGNED_IN,
         shows=lambda c: ["Ej bedömd", "Samma uppgifter som diagrammet"]),
    Case("questionnaire list", lambda c: "/bedomningar/formular/", SIGNED_IN),
    Case("questionnaire page", lambda c: f"/bedomningar/formular/{default(c).pk}/", SIGNED_IN,
         shows=lambda c: ["Systemet fungera bra (krånglar inte, hänger sig inte)"]),
    Case("weights form", lambda c: f"/bedomningar/formular/{default(c).pk}/vikter/",
         EDITORS_ANYWHERE),
    Case("copy questionnaire", lambda c: f"/bedomningar/formular/{default(c).pk}/kopiera/",
         EDITORS_ANYWHERE, yes=SAVED, method="post",
         effect=lambda c: Questionnaire.objects.filter(edition=2).exists()),
    Case("add round form", lambda c: "/bedomningar/ny/", EDITORS_ANYWHERE),
]
for s in SCOPES:
    PAGES += [
        Case(f"round page {s}", lambda c, s=s: c.rounds[s].get_absolute_url(), SIGNED_IN,
             shows=lambda c: ["Verksamhetsföreträdare", "Preliminärt resultat"]),
        Case(f"edit round {s}", lambda c, s=s: f"/bedomningar/{c.rounds[s].pk}/andra/",
             CHANGERS[s]),
        Case(f"archive round {s}", lambda c, s=s: f"/bedomningar/{c.rounds[s].pk}/arkivera/",
             CHANGERS[s]),
        Case(f"add respondent {s}", lambda c, s=s: f"/bedomningar/{c.rounds[s].pk}/svarande/ny/",
             CHANGERS[s]),
        Case(f"answer form {s}", lambda c, s=s: f"/bedomningar/svar/{c.respondents[s].pk}/",
             CHANGERS[s] | ({READER} if s == OWN else set())),
        Case(f"answer {s}", lambda c, s=s: f"/bedomningar/svar/{c.respondents[s].pk}/",
             CHANGERS[s] | ({READER} if s == OWN else set()), yes=SAVED, method="post",
             data=answer_data, effect=answered(s)),
        Case(f"close round {s}", lambda c, s=s: f"/bedomningar/{c.rounds[s].pk}/avsluta/",
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=closed_state(s)),
        Case(f"create initiative {s}",
             lambda c, s=s: f"/bedomningar/{c.closed[s].pk}/initiativ/", CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c, s=s: Initiative.objects.filter(
                 systems=c.systems[s], problem__contains="TIME").exists()),
    ]


@pytest.mark.parametrize("case", PAGES, ids=str)
def test_pages(assessed, case):
    check_every_role(case, assessed)


API = [
    Case("api questionnaires", lambda c: "/api/questionnaires/", SIGNED_IN,
         anonymous=UNAUTHORISED, shows=lambda c: ["V10"]),
    Case("api copy questionnaire", lambda c: f"/api/questionnaires/{default(c).pk}/copy/",
         EDITORS_ANYWHERE, yes=CREATED, method="post", anonymous=UNAUTHORISED,
         effect=lambda c: Questionnaire.objects.filter(edition=2).exists()),
    Case("api assessments", lambda c: "/api/assessments/", SIGNED_IN, anonymous=UNAUTHORISED),
    Case("api results", lambda c: "/api/assessment-results/", SIGNED_IN,
         anonymous=UNAUTHORISED, shows=lambda c: ["migrate"]),
]
for s in SCOPES:
    API += [
        Case(f"api close {s}", lambda c, s=s: f"/api/assessments/{c.rounds[s].pk}/close/",
             CHANGERS[s], method="post", data=lambda c: {"version": 1},
             anonymous=UNAUTHORISED, effect=closed_state(s)),
        Case(f"api answer {s}", lambda c, s=s: f"/api/assessments/{c.rounds[s].pk}/answer/",
             CHANGERS[s] | ({READER} if s == OWN else set()), method="post",
             data=lambda c, s=s: {"respondent": c.respondents[s].pk, "version": 1,
                                  "answers": {"V1": 4, "V9": None}},
             anonymous=UNAUTHORISED, effect=answered(s)),
        Case(f"api change planned disposition {s}",
             lambda c, s=s: f"/api/assessments/{c.rounds[s].pk}/", CHANGERS[s],
             method="patch", data=lambda c: {"version": 1, "planned_disposition": "eliminate",
                                             "planned_on": "2027-06-30",
                                             "planned_reason": "Ersätts av gemensam plattform"},
             anonymous=UNAUTHORISED,
             effect=lambda c, s=s: Assessment.objects.filter(
                 system=c.systems[s], planned_disposition="eliminate").exists()),
    ]


@pytest.mark.parametrize("case", API, ids=str)
def test_api(assessed, case):
    check_every_role(case, assessed, send=api_send)


def test_a_stale_version_is_refused_with_412(assessed, client):
    from samverkan.testing.cast import EDITOR
    client = assessed.client(EDITOR)
    response = api_send(client, "patch", f"/api/assessments/{assessed.rounds[OWN].pk}/",
                        {"version": 7, "planned_reason": "x"})
    assert response.status_code == 412
    response = api_send(client, "post", f"/api/assessments/{assessed.rounds[OWN].pk}/close/",
                        {"version": 7})
    assert response.status_code == 412
    assert not Assessment.objects.get(pk=assessed.rounds[OWN].pk).is_closed
