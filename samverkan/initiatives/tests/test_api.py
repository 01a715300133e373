"""The API resources through the permission matrix, with lost-update protection."""

import pytest
from rest_framework.test import APIClient

from ..models import Benefit, BenefitYear, Criterion, Initiative, Participation, Score
from ..services import priority, stages

ROLES = ("proposer", "coop_editor", "member_reader", "outsider")


def _client(world, who):
    client = APIClient()
    if who != "anonymous":
        client.force_authenticate(world.users[who])
    return client


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_reading(world, who):
    initiative = world.initiative()
    client = _client(world, who)
    for url in ("/api/initiatives/", f"/api/initiatives/{initiative.pk}/",
                "/api/participations/", "/api/benefits/", "/api/benefit-values/",
                "/api/prioritisation-criteria/", "/api/initiative-scores/"):
        assert client.get(url).status_code == (403 if who == "anonymous" else 200), url


@pytest.mark.parametrize("who,allowed", [("proposer", True), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_proposing(world, who, allowed):
    response = _client(world, who).post("/api/initiatives/", {
        "organisation": world.coop.pk, "name": "API-idé", "kind": "utveckling",
        "problem": "P", "proposer_organisation": world.members["Laxå"].pk}, format="json")
    assert (response.status_code == 201) == allowed, response.content
    assert Initiative.objects.filter(name="API-idé").exists() == allowed


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_stage_and_update(world, who, allowed):
    initiative = world.initiative()
    client = _client(world, who)
    response = client.post(f"/api/initiatives/{initiative.pk}/stage/",
                           {"step": "package", "note": "Förslag", "version": 1}, format="json")
    assert (response.status_code == 200) == allowed, response.content
    initiative.refresh_from_db()
    response = client.patch(f"/api/initiatives/{initiative.pk}/", {"name": "Nytt namn"},
                            format="json", HTTP_IF_MATCH=f'"{initiative.version}"')
    assert (response.status_code == 200) == allowed
    initiative.refresh_from_db()
    assert (initiative.name == "Nytt namn") == allowed


def test_a_stale_version_is_refused(world):
    initiative = world.initiative()
    client = _client(world, "coop_editor")
    response = client.post(f"/api/initiatives/{initiative.pk}/stage/",
                           {"step": "package", "note": "x", "version": 7}, format="json")
    assert response.status_code in (409, 412)
    missing = client.post(f"/api/initiatives/{initiative.pk}/stage/",
                          {"step": "package", "note": "x"}, format="json")
    assert missing.status_code == 428
    initiative.refresh_from_db()
    assert initiative.stage == Initiative.Stage.IDEA


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False),
                                         ("hallsberg_editor", True)])
def test_registering_hallsbergs_interest(world, who, allowed):
    initiative = world.initiative()
    response = _client(world, who).post("/api/participations/", {
        "initiative": initiative.pk, "organisation": world.members["Hallsberg"].pk},
        format="json")
    assert (response.status_code == 201) == allowed, response.content
    assert Participation.objects.exists() == allowed


def test_signing_through_the_api_with_its_version(world):
    initiative = world.initiative(stage=Initiative.Stage.INTEREST)
    participation = stages.register_interest(world.users["coop_editor"], initiative,
                                             world.members["Hallsberg"])
    client = _client(world, "hallsberg_editor")
    data = {"agreement": "SGM3", "signatory": world.people["Hallsberg"].pk,
            "signed_on": "2025-03-04", "version": participation.version + 1}
    url = f"/api/participations/{participation.pk}/sign/"
    assert client.post(url, data, format="json").status_code in (409, 412)
    data["version"] = participation.version
    assert client.post(url, data, format="json").status_code == 200
    assert Participation.objects.get().status == Participation.Status.BINDING
    assert _client(world, "proposer").post(url.replace("sign", "withdraw"),
                                           {"version": 2}, format="json").status_code == 403


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_benefits(world, who, allowed):
    initiative = world.initiative()
    client = _client(world, who)
    response = client.post("/api/benefits/", {
        "initiative": initiative.pk, "name": "Tid", "organisation": world.members["Laxå"].pk,
        "kind": "tid", "indicator": "timmar"}, format="json")
    assert (response.status_code == 201) == allowed, response.content
    if allowed:
        benefit = Benefit.objects.get()
        url = f"/api/benefits/{benefit.pk}/"
        assert client.patch(url, {"baseline": "40 h"}, format="json",
                            HTTP_IF_MATCH='"9"').status_code in (409, 412)
        assert client.patch(url, {"baseline": "40 h"}, format="json",
                            HTTP_IF_MATCH='"1"').status_code == 200
        assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_benefit_values(world, who, allowed):
    initiative = world.initiative()
    benefit = Benefit.objects.create(initiative=initiative, name="Licens",
                                     organisation=world.members["Laxå"], kind="pengar",
                                     indicator="kr")
    client = _client(world, who)
    response = client.post("/api/benefit-values/", {
        "benefit": benefit.pk, "year": 2025, "target": 100_000_00}, format="json")
    assert (response.status_code == 201) == allowed, response.content
    if allowed:
        url = f"/api/benefit-values/{BenefitYear.objects.get().pk}/"
        assert client.patch(url, {"realised": 90_000_00}, format="json",
                            HTTP_IF_MATCH='"5"').status_code in (409, 412)
        assert client.patch(url, {"realised": 90_000_00}, format="json").status_code == 428
        assert client.patch(url, {"realised": 90_000_00}, format="json",
                            HTTP_IF_MATCH='"1"').status_code == 200
        assert BenefitYear.objects.get().realised == 90_000_00
        assert client.delete(url, HTTP_IF_MATCH='"2"').status_code == 204


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_criteria_and_scores(world, who, allowed):
    initiative = world.initiative()
    criterion = priority.ensure_criteria(world.coop)[0]
    client = _client(world, who)
    response = client.patch(f"/api/prioritisation-criteria/{criterion.pk}/", {"weight": 4},
                            format="json", HTTP_IF_MATCH='"1"')
    assert (response.status_code == 200) == allowed, response.content
    assert (Criterion.objects.get(pk=criterion.pk).weight == 4) == allowed
    response = client.post("/api/initiative-scores/", {
        "initiative": initiative.pk, "criterion": criterion.pk, "score": 70}, format="json")
    assert (response.status_code == 201) == allowed, response.content
    assert Score.objects.filter(score=70).exists() == allowed


def test_a_score_against_another_cooperations_criterion_is_refused(world):
    initiative = world.initiative()
    other = Criterion.objects.create(organisation=world.stranger, code="x", name="Annat")
    response = _client(world, "coop_editor").post("/api/initiative-scores/", {
        "initiative": initiative.pk, "criterion": other.pk, "score": 50}, format="json")
    assert response.status_code == 400 and not Score.objects.exists()
