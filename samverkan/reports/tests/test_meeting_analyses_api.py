"""`/api/meeting-analyses/` × every role, on the planning cast's meetings of Laxå (own),
Hallsberg (other) and their cooperation (coop): each meeting has a choice of one calculation of
its own organisation; everyone signed in reads the choices, the meeting's editors make and
change them, only among the analyses of the meeting's organisation and related ones.

Read a row as: "<request> — <who gets yes>, the others get <no>"."""

import pytest

from samverkan.analysis.models import Calculation
from samverkan.reports import analyses
from samverkan.reports.models import MeetingAnalyses
from samverkan.testing.cast import CHANGERS, SCOPES, SIGNED_IN, SUPERUSER, extend_cast
from samverkan.testing.matrix import (
    ARCHIVED,
    CREATED,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def acast(pcast, monkeypatch):
    root = pcast.users[SUPERUSER]
    pcast.calculations, pcast.choices = {}, {}
    for s in SCOPES:
        pcast.calculations[s] = Calculation.objects.create(
            organisation=pcast.orgs[s], name=f"Upphandling {s}", owner=root, year=2026,
            kind=Calculation.Kind.PROCUREMENT)
    for s in ("own", "other"):
        pcast.choices[s] = analyses.save_choice(root, pcast.meetings[s],
                                                [pcast.calculations[s]], [], 2025)
    extend_cast(monkeypatch, snapshot_apps=("reports",), kept=("calculations", "choices"))
    return pcast


def api(name, url, allowed, **options):
    return Case(name, url, allowed, anonymous=UNAUTHORISED, **options)


def chosen(c, s) -> set[int]:
    record = analyses.stored(c.meetings[s])
    return set(record.calculations.values_list("pk", flat=True)) if record else set()


API = [
    api("meeting analyses", lambda c: "/api/meeting-analyses/", SIGNED_IN,
        shows=lambda c: [f'"meeting":{c.meetings[s].pk}' for s in ("own", "other")]),
    *[case for s in ("own", "other") for case in (
        api(f"meeting analyses ({s})",
            lambda c, s=s: f"/api/meeting-analyses/{c.choices[s].pk}/", SIGNED_IN,
            shows=lambda c, s=s: [f'"calculations":[{c.calculations[s].pk}]']),
        api(f"meeting analyses change ({s})",
            lambda c, s=s: f"/api/meeting-analyses/{c.choices[s].pk}/", CHANGERS[s],
            method="patch", data=lambda c, s=s: {"calculations": [], "licence_year": 2024,
                                                 "version": c.choices[s].version},
            effect=lambda c, s=s: chosen(c, s) == set()),
        api(f"meeting analyses removed ({s})",
            lambda c, s=s: f"/api/meeting-analyses/{c.choices[s].pk}/", CHANGERS[s],
            method="delete", data=lambda c, s=s: {"version": c.choices[s].version},
            yes=ARCHIVED, effect=lambda c, s=s: analyses.stored(c.meetings[s]) is None),
    )],
    api("meeting analyses add (coop)", lambda c: "/api/meeting-analyses/", CHANGERS["coop"],
        yes=CREATED, method="post",
        data=lambda c: {"meeting": c.meetings["coop"].pk,
                        "calculations": [c.calculations["coop"].pk, c.calculations["own"].pk],
                        "licence_year": 2025},
        effect=lambda c: chosen(c, "coop") == {c.calculations["coop"].pk,
                                               c.calculations["own"].pk}),
]


@pytest.mark.parametrize("case", API, ids=str)
def test_api_permission_matrix(case, acast):
    check_every_role(case, acast, send=api_send)


def test_a_choice_outside_the_meetings_circle_a_second_choice_and_stale_versions_are_refused(
        acast):
    client = acast.client(SUPERUSER)
    record = acast.choices["own"]
    url = f"/api/meeting-analyses/{record.pk}/"
    # Hallsberg's calculation is not Laxå's nor its cooperation's
    outside = api_send(client, "patch", url, {"calculations": [acast.calculations["other"].pk],
                                              "version": record.version})
    assert outside.status_code == 400 and "calculations" in outside.json()
    again = api_send(client, "post", "/api/meeting-analyses/", {
        "meeting": acast.meetings["own"].pk, "calculations": []})
    assert again.status_code == 400 and "meeting" in again.json()
    assert api_send(client, "patch", url, {"licence_year": 2024}).status_code == 428
    assert api_send(client, "patch", url, {"licence_year": 2024,
                                           "version": 99}).status_code == 412
    assert client.get(url, HTTP_ACCEPT="application/json")["ETag"] == f'"{record.version}"'
    assert MeetingAnalyses.objects.get(pk=record.pk).licence_year == 2025
    assert chosen(acast, "own") == {acast.calculations["own"].pk}
