"""System-register rules as plain functions: the capability taxonomy, model rules and the
overview figures the steering group asks for first."""

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.portfolio import services
from samverkan.portfolio.models import Capability, Integration, ObjectDocument, System
from samverkan.testing.factories import (
    CapabilityFactory,
    ManagementObjectFactory,
    PersonFactory,
    SystemFactory,
    SystemUsageFactory,
)

pytestmark = pytest.mark.django_db

TAXONOMY = Path(services.__file__).parent / "data" / "capabilities.csv"


# -- the capability taxonomy ------------------------------------------------------------------

def test_the_default_taxonomy_loads_once():
    rows = list(csv.DictReader(TAXONOMY.open(encoding="utf-8")))
    assert services.load_capabilities() == len(rows)
    assert services.load_capabilities() == 0
    assert Capability.objects.count() == len(rows)
    roots = Capability.objects.filter(parent__isnull=True)
    assert roots.count() == sum(1 for r in rows if not r["overordnad"])
    child = Capability.objects.get(code="1.2")
    assert (child.name, child.parent.name) == ("Ärende- och dokumenthantering",
                                               "Ledning och styrning")
    assert str(child) == "Ledning och styrning › Ärende- och dokumenthantering"


def test_the_taxonomy_keeps_what_users_added_and_changed():
    services.load_capabilities()
    own = CapabilityFactory(name="Eget område")
    Capability.objects.filter(code="1.2").update(description="Vår egen beskrivning")
    assert services.load_capabilities() == 0
    assert Capability.objects.get(code="1.2").description == "Vår egen beskrivning"
    assert Capability.objects.filter(pk=own.pk).exists()


def test_a_capability_cannot_be_placed_under_itself_or_its_descendants():
    school = CapabilityFactory(name="Utbildning")
    compulsory = CapabilityFactory(name="Grundskola", parent=school)
    grades = CapabilityFactory(name="Betyg", parent=compulsory)
    for new_parent in (school, compulsory, grades):
        school.parent = new_parent
        with pytest.raises(ValidationError) as error:
            school.full_clean()
        assert error.value.message_dict == {"parent": ["Ett område kan inte ligga under sig självt."]}
    school.parent = CapabilityFactory(name="Välfärd")  # a sideways move is fine
    school.full_clean()
    grades.parent = school
    grades.full_clean()


def test_a_new_capability_may_go_anywhere():
    school = CapabilityFactory(name="Utbildning")
    Capability(name="Förskola", parent=school).full_clean()


# -- model rules ------------------------------------------------------------------------------

@pytest.mark.parametrize("personal, hosting, dpa, refused", [
    (True, "saas", "ej_aktuellt", True),
    (True, "extern", "ej_aktuellt", True),
    (True, "saas", "saknas", False),  # missing is a gap the overview shows, not an input error
    (True, "saas", "finns", False),
    (True, "egen", "ej_aktuellt", False),
    (False, "saas", "ej_aktuellt", False),
    (None, "saas", "ej_aktuellt", False),
])
def test_personal_data_at_an_external_supplier_needs_a_processing_agreement(
        laxa, personal, hosting, dpa, refused):
    system = System(name="Molnet", organisation=laxa, personal_data=personal, hosting=hosting,
                    dpa=dpa)
    if refused:
        with pytest.raises(ValidationError) as error:
            system.full_clean()
        assert error.value.message_dict["dpa"] == [
            "Ett system med personuppgifter hos en extern leverantör behöver ett "
            "personuppgiftsbiträdesavtal."]
    else:
        system.full_clean()


@pytest.mark.parametrize("level", [5, 9])
def test_klassa_levels_go_from_0_to_4(laxa, level):
    system = System(name="K", organisation=laxa, confidentiality=level)
    with pytest.raises(ValidationError) as error:
        system.full_clean()
    assert "confidentiality" in error.value.message_dict


def test_a_system_is_classified_when_all_three_levels_are_set(laxa):
    assert System(confidentiality=0, integrity=0, availability=0).is_classified
    assert not System(confidentiality=3, integrity=3).is_classified


def test_a_system_does_not_integrate_with_itself(laxa):
    system = SystemFactory(organisation=laxa)
    with pytest.raises(ValidationError, match="sig självt"):
        Integration(source=system, target=system).full_clean()


def test_a_document_needs_a_link_or_a_file(cooperation):
    obj = ManagementObjectFactory(organisation=cooperation)
    with pytest.raises(ValidationError, match="länk eller ladda upp en fil"):
        ObjectDocument(management_object=obj, title="Plan").full_clean()
    ObjectDocument(management_object=obj, title="Plan", url="https://intra.example.se/plan"
                   ).full_clean()


# -- the overview -----------------------------------------------------------------------------

@pytest.fixture
def portfolio(laxa, hallsberg, cooperation):
    owner = PersonFactory(organisation=laxa)
    learning = ManagementObjectFactory(name="Lärplattform", organisation=cooperation)
    school = CapabilityFactory(name="Utbildning")
    systems = {
        "edlevo": SystemFactory(name="Edlevo", organisation=laxa, owner_person=owner,
                                management_object=learning, criticality="kritisk",
                                confidentiality=3, integrity=3, availability=3,
                                personal_data=True, dpa="finns",
                                capability=CapabilityFactory(name="Elev", parent=school)),
        "unikum": SystemFactory(name="Unikum", organisation=laxa, management_object=learning,
                                criticality="hog", confidentiality=3, personal_data=True,
                                dpa="saknas", capability=school),
        "raindance": SystemFactory(name="Raindance", organisation=hallsberg, owner_person=owner,
                                   confidentiality=2, integrity=4, availability=3,
                                   personal_data=False),
        "m365": SystemFactory(name="Microsoft 365", organisation=cooperation,
                              criticality="medel"),
        "old": SystemFactory(name="Gammalt", organisation=hallsberg, criticality="kritisk",
                             archived_at=timezone.now()),
    }
    SystemUsageFactory(system=systems["m365"], organisation=laxa, users=520)
    SystemUsageFactory(system=systems["m365"], organisation=hallsberg, users=1400)
    SystemUsageFactory(system=systems["edlevo"], organisation=laxa, users=720)
    SystemUsageFactory(system=systems["edlevo"], organisation=hallsberg, users=5)
    return systems


def coverage(result):
    return {str(c.label): (c.done, c.total, c.percent) for c in result["coverage"]}


def test_the_overview_answers_the_steering_groups_questions(portfolio, reader):
    result = services.overview(reader)
    assert result["total"] == 4  # the archived system does not count
    assert coverage(result) == {
        "Har systemägare": (2, 4, 50),
        "Ingår i ett förvaltningsobjekt": (2, 4, 50),
        "Kritikalitet bedömd": (3, 4, 75),
        "Informationsklassat (K/R/T)": (2, 4, 50),
        "Kritiska system som är klassade": (1, 2, 50),
        "Personuppgifter med biträdesavtal": (1, 2, 50),
    }
    # gaps, most critical first: Unikum (hög), Microsoft 365 (medel), Raindance (unassessed)
    assert [s.name for s in result["gaps"]] == ["Unikum", "Microsoft 365", "Raindance"]
    assert result["gap_count"] == 3


def test_the_overview_for_one_organisation_counts_what_it_owns_and_uses_once(portfolio, laxa,
                                                                            reader):
    result = services.overview(reader, organisation=laxa)
    assert result["total"] == 3  # Edlevo (owned and used), Unikum, Microsoft 365 (used)
    assert coverage(result)["Har systemägare"] == (1, 3, 33)


def test_an_empty_register_gives_zero_percent_not_an_error(reader):
    result = services.overview(reader)
    assert result["total"] == 0 and result["gaps"] == []
    assert all(c.percent == 0 for c in result["coverage"])


def test_anonymous_users_get_no_figures(portfolio):
    from django.contrib.auth.models import AnonymousUser

    assert services.overview(AnonymousUser())["total"] == 0


def test_systems_per_capability_and_organisation(portfolio, reader):
    assert services.systems_per_capability(reader) == [("Ej angivet", 2), ("Utbildning", 2)]
    assert services.systems_per_organisation(reader) == [
        ("Laxå", 2, 2), ("Hallsberg", 1, 2), ("Sydnärkes IT-nämnd", 1, 0)]


def test_object_summary(portfolio, reader, cooperation):
    from samverkan.portfolio.models import ObjectRole, SteeringGroupMember

    learning = portfolio["edlevo"].management_object
    person = PersonFactory(organisation=cooperation)
    ObjectRole.objects.create(management_object=learning, person=person,
                              organisation=cooperation, role="objektagare")
    ObjectRole.objects.create(management_object=learning, person=person,
                              organisation=cooperation, role="objektledare_it")
    SteeringGroupMember.objects.create(management_object=learning, person=person,
                                       organisation=cooperation)
    ManagementObjectFactory(name="Ekonomi", organisation=cooperation)
    assert services.object_summary(reader) == {"total": 2, "with_owner": 1, "with_steering": 1}


def test_every_dashboard_figure_links_to_a_list_of_exactly_its_gaps(laxa, hallsberg, reader,
                                                                    client_for):
    """'96 system saknar …' must lead to a list of 96, and each coverage row to its gaps."""
    import re

    SystemFactory(organisation=laxa, criticality="")
    SystemFactory(organisation=laxa, criticality="kritisk", confidentiality=None)
    SystemFactory(organisation=hallsberg, criticality="hog", confidentiality=2, integrity=2,
                  availability=2, personal_data=True)
    client = client_for(reader)
    overview = services.overview(reader)
    page = client.get("/").content.decode()
    links = re.findall(r'href="/system/\?missing=(\w+)"', page)
    assert set(links) >= {"any", "owner", "object", "criticality", "classification",
                          "critical_classification", "dpa"}
    expected = {c.missing_filter: c.total - c.done for c in overview["coverage"]}
    expected["any"] = overview["gap_count"]
    for gap, count in expected.items():
        listed = client.get(f"/system/?missing={gap}").content.decode()
        assert re.search(rf">{count} träff(ar)?<", listed), (gap, count)


def test_the_dashboard_can_be_narrowed_to_my_municipality(laxa, hallsberg, reader, client_for):
    SystemFactory(organisation=laxa, name="Laxås eget")
    used = SystemFactory(organisation=hallsberg, name="Hallsbergs delade")
    SystemUsageFactory(system=used, organisation=laxa, users=5)
    SystemFactory(organisation=hallsberg, name="Bara Hallsberg")
    page = client_for(reader).get(f"/?organisation={laxa.pk}").content.decode()
    assert "– Laxå" in page
    assert f"?missing=any&amp;concerns={laxa.pk}" in page
    assert services.overview(reader, laxa)["total"] == 2
    listed = client_for(reader).get(f"/system/?concerns={laxa.pk}").content.decode()
    assert "Laxås eget" in listed and "Hallsbergs delade" in listed
    assert "Bara Hallsberg" not in listed
    # an organisation the user has no role in is not offered and not taken
    assert services.overview(reader)["total"] == 3
    assert "– Hallsberg" not in client_for(reader).get(f"/?organisation={hallsberg.pk}"
                                                       ).content.decode()


def test_an_empty_register_says_so_instead_of_drawing_empty_charts(laxa, reader, client_for):
    """Charts of nothing show bare axes from −1 to 4; a new installation is told what to do."""
    page = client_for(reader).get("/").content.decode()
    assert 'id="no-systems"' in page and 'data-chart="chart-capability"' not in page
    SystemFactory(organisation=laxa)
    page = client_for(reader).get("/").content.decode()
    assert 'id="no-systems"' not in page and 'data-chart="chart-capability"' in page


def test_sorting_by_criticality_follows_severity(laxa, reader, client_for):
    import re

    for name, level in (("A", "lag"), ("B", "kritisk"), ("C", "medel"), ("D", ""), ("E", "hog")):
        SystemFactory(organisation=laxa, name=f"Sys {name}", criticality=level)
    page = client_for(reader).get("/system/?sort=criticality").content.decode()
    assert re.findall(r">Sys (\w)</a>", page) == ["A", "C", "E", "B", "D"]
    page = client_for(reader).get("/system/?sort=-criticality").content.decode()
    assert re.findall(r">Sys (\w)</a>", page) == ["B", "E", "C", "A", "D"]
