"""Every page and the stage button through the permission matrix: proposer (editor of a
member), cooperation editor, member municipality reader, outsider, anonymous."""

import pytest
from django.test import Client

from ..models import Initiative

ROLES = ("proposer", "coop_editor", "member_reader", "outsider")


def _client(world, who):
    client = Client()
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


@pytest.mark.parametrize("who", [*ROLES, "anonymous"])
def test_list_detail_and_export(world, who):
    initiative = world.initiative()
    client = _client(world, who)
    pages = ["/initiativ/", f"/initiativ/{initiative.pk}/", "/initiativ/?export=csv",
             "/initiativ/?export=xlsx", "/initiativ/?stage=ide"]
    for url in pages:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302, url
        else:
            assert response.status_code == 200, url
    if who != "anonymous":
        body = b"".join(client.get("/initiativ/?export=csv").streaming_content).decode()
        assert "Gemensam lärplattform" in body


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_edit_and_archive(world, who, allowed):
    initiative = world.initiative()
    client = _client(world, who)
    for url in (f"/initiativ/{initiative.pk}/andra/", f"/initiativ/{initiative.pk}/arkivera/"):
        assert client.get(url).status_code == (200 if allowed else 403), url


@pytest.mark.parametrize("who,allowed", [("proposer", True), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", True)])
def test_the_add_form_is_for_editors(world, who, allowed):
    assert _client(world, who).get("/initiativ/ny/").status_code == (200 if allowed else 403)


@pytest.mark.parametrize("who,allowed", [("proposer", True), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_proposing_through_the_form(world, who, allowed):
    data = {"organisation": world.coop.pk, "name": "Ny idé", "kind": "utveckling",
            "source": "medlem", "result": "applikation", "problem": "Problem",
            "proposer_organisation": world.members["Laxå"].pk}
    response = _client(world, who).post("/initiativ/ny/", data)
    assert Initiative.objects.filter(name="Ny idé").exists() == allowed, response.status_code


@pytest.mark.parametrize("who,allowed", [("proposer", False), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_the_stage_button(world, who, allowed):
    initiative = world.initiative()
    response = _client(world, who).post(
        f"/initiativ/{initiative.pk}/steg/package/",
        {"note": "Paketerat", "expected_version": initiative.version})
    initiative.refresh_from_db()
    assert (initiative.stage == Initiative.Stage.PACKAGED) == allowed
    assert response.status_code == (302 if allowed else 403)


def test_a_stale_stage_button_changes_nothing(world):
    initiative = world.initiative()
    client = _client(world, "coop_editor")
    client.post(f"/initiativ/{initiative.pk}/steg/package/",
                {"note": "Paketerat", "expected_version": initiative.version + 5})
    initiative.refresh_from_db()
    assert initiative.stage == Initiative.Stage.IDEA


def test_the_detail_page_shows_the_buttons_only_to_the_cooperation(world):
    initiative = world.initiative()
    assert b"steg/package" in _client(world, "coop_editor").get(
        f"/initiativ/{initiative.pk}/").content
    assert b"steg/package" not in _client(world, "proposer").get(
        f"/initiativ/{initiative.pk}/").content


@pytest.mark.parametrize("who", ROLES)
def test_the_management_objects_page_links_its_initiative(world, who):
    from samverkan.portfolio.models import ManagementObject
    obj = ManagementObject.objects.create(name="Lärplattform", organisation=world.coop)
    initiative = world.initiative()
    Initiative.objects.filter(pk=initiative.pk).update(management_object=obj)
    page = _client(world, who).get(obj.get_absolute_url()).content.decode()
    assert initiative.get_absolute_url() in page


@pytest.mark.parametrize("who,allowed", [("proposer", True), ("coop_editor", True),
                                         ("member_reader", False), ("outsider", False)])
def test_registering_lax_interest_on_the_page(world, who, allowed):
    from ..models import Participation
    initiative = world.initiative(stage=Initiative.Stage.INTEREST)
    client = _client(world, who)
    page = client.get(f"/initiativ/{initiative.pk}/").content.decode()
    assert ("intresse/" in page) == allowed
    response = client.post(f"/initiativ/{initiative.pk}/intresse/",
                           {"organisation": world.members["Laxå"].pk})
    assert Participation.objects.exists() == allowed
    assert response.status_code == (302 if allowed else 403)


def test_the_stage_is_named_by_sambruks_project_or_management_steps(world):
    spreading = world.initiative(name="Skolskjuts e-tjänst", kind=Initiative.Kind.SPREADING,
                                 stage=Initiative.Stage.INTEREST)
    project = world.initiative(name="Ny lärplattform", stage=Initiative.Stage.PLAN)
    client = _client(world, "coop_editor")
    assert "D. Anmälan att nyttja lösningen" in client.get(
        spreading.get_absolute_url()).content.decode()
    assert "5. Projektplan med budget" in client.get(project.get_absolute_url()).content.decode()
    assert spreading.step(Initiative.Stage.EVALUATED) == "Utvärderad"
