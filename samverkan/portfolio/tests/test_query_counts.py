"""The number of database queries per page does not grow with the number of rows (no N+1).

Each page is requested with 3 rows and again with 30, and both counts are compared with the
pinned figure. If a page legitimately needs another query, change PINNED deliberately.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.organisations.models import Population
from samverkan.portfolio.models import (
    Integration,
    ObjectDocument,
    ObjectRole,
    SteeringGroupMember,
    SystemUsage,
)
from samverkan.testing.factories import (
    CapabilityFactory,
    ManagementObjectFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProductFactory,
    SystemFactory,
)

pytestmark = pytest.mark.django_db

# page → queries, the same with 3 rows as with 30
PINNED = {
    "system list": 16,  # one select per filter, "Ägs eller används av" included
    "object list": 10,
    "organisation list": 7,
    "person list": 9,
    "supplier list": 8,
    "product list": 9,
    "capability list": 9,
    "system detail": 15,  # + the ledger's contracts and costs
    # + contracts and costs (ledger), budget and funding (finance), planning's Förvaltning,
    # the initiatives handed over to it
    "object detail": 26,
    "organisation detail": 15,  # + whether the reader may make its yearly follow-up
    "person detail": 11,
    "api systems": 8,
    "api management objects": 10,
    "api organisations": 9,
    "api people": 7,
    "api suppliers": 7,
    "api products": 7,
    "api capabilities": 7,
}
# The dashboard's list of gaps is read one criticality at a time until it has fifteen systems:
# at most five small queries more when there are few systems, never more with more systems;
# the user's own organisations, to narrow the page to one, add one or two.
DASHBOARD_AT_MOST = 20


class World:
    """n of everything, each row with its own related records, so a missing select_related or
    prefetch shows up as one more query per row."""

    def __init__(self, laxa, cooperation):
        self.laxa, self.cooperation = laxa, cooperation
        self.root = CapabilityFactory(name="Rot")
        self.system = SystemFactory(name="Navet", organisation=laxa)
        self.object = ManagementObjectFactory(name="Objektet", organisation=cooperation)
        self.person = PersonFactory(name="Personen", organisation=laxa)
        self.count = 0

    def grow(self, n):
        for i in range(self.count, n):
            org = OrganisationFactory(name=f"Kommun {i:03d}")
            Population.objects.create(organisation=org, year=2024, inhabitants=1000 + i,
                                      source="SCB")
            MembershipFactory(cooperation=self.cooperation, member=org)
            person = PersonFactory(name=f"Person {i:03d}", organisation=org)
            parent = CapabilityFactory(name=f"Område {i:03d}", parent=self.root)
            capability = CapabilityFactory(name=f"Delområde {i:03d}", parent=parent)
            product = ProductFactory(name=f"Produkt {i:03d}")
            obj = ManagementObjectFactory(name=f"Objekt {i:03d}", organisation=org,
                                          capability=capability)
            system = SystemFactory(name=f"System {i:03d}", organisation=org, product=product,
                                   capability=capability, management_object=obj,
                                   owner_person=person, criticality="hog")
            SystemUsage.objects.create(system=system, organisation=org, users=i)
            SystemUsage.objects.create(system=system, organisation=self.laxa, users=i)
            ObjectRole.objects.create(management_object=obj, person=person, organisation=org,
                                      role=ObjectRole.Kind.OWNER)
            SteeringGroupMember.objects.create(management_object=obj, person=person,
                                               organisation=org)
            # the hub system and object get one more of every part per row
            SystemUsage.objects.create(system=self.system, organisation=org, users=i)
            Integration.objects.create(source=self.system, target=system)
            Integration.objects.create(source=system, target=self.system)
            ObjectRole.objects.create(management_object=self.object, person=person,
                                      organisation=org, role=ObjectRole.Kind.SPECIALIST_IT)
            SteeringGroupMember.objects.create(management_object=self.object, person=person,
                                               organisation=org)
            ObjectDocument.objects.create(management_object=self.object, title=f"Dok {i}",
                                          file=SimpleUploadedFile(f"d{i}.txt", b"x"))
            system.management_object = self.object
            system.save()
            ObjectRole.objects.create(management_object=obj, person=self.person,
                                      organisation=org, role=ObjectRole.Kind.LEAD_IT)
        self.count = n

    def pages(self):
        return {
            "dashboard": reverse("portfolio:dashboard"),
            "system list": reverse("portfolio:systems"),
            "object list": reverse("portfolio:objects"),
            "organisation list": reverse("organisations:organisations"),
            "person list": reverse("organisations:people"),
            "supplier list": reverse("portfolio:suppliers"),
            "product list": reverse("portfolio:products"),
            "capability list": reverse("portfolio:capabilities"),
            "system detail": reverse("portfolio:system", args=[self.system.pk]),
            "object detail": reverse("portfolio:object", args=[self.object.pk]),
            "organisation detail": reverse("organisations:organisation",
                                           args=[self.cooperation.pk]),
            "person detail": reverse("organisations:person", args=[self.person.pk]),
            "api systems": "/api/systems/",
            "api management objects": "/api/management-objects/",
            "api organisations": "/api/organisations/",
            "api people": "/api/people/",
            "api suppliers": "/api/suppliers/",
            "api products": "/api/products/",
            "api capabilities": "/api/capabilities/",
        }


def count_queries(client, url) -> int:
    client.get(url)  # warm: sessions, content types, caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_make_the_same_number_of_queries_for_3_and_30_rows(laxa, cooperation, editor,
                                                                  client_for):
    world = World(laxa, cooperation)
    client = client_for(editor)
    counts = {}
    for rows in (3, 30):
        world.grow(rows)
        for page, url in world.pages().items():
            counts.setdefault(page, []).append(count_queries(client, url))
    few, many = counts.pop("dashboard")
    assert many <= few <= DASHBOARD_AT_MOST
    assert {page: tuple(n) for page, n in counts.items()} == {
        page: (n, n) for page, n in PINNED.items()}


def test_the_rows_really_are_on_the_pages(laxa, cooperation, editor, client_for):
    """Guard for the test above: the pages it counts show all the rows it made."""
    world = World(laxa, cooperation)
    world.grow(3)
    client = client_for(editor)
    pages = world.pages()
    system_page = client.get(pages["system detail"]).content.decode()
    assert all(f"System {i:03d}" in system_page for i in range(3))
    object_page = client.get(pages["object detail"]).content.decode()
    assert all(f"Dok {i}" in object_page and f"Person {i:03d}" in object_page for i in range(3))
    listed = client.get(pages["system list"]).content.decode()
    assert all(f"Delområde {i:03d}" in listed for i in range(3))
    assert client.get(pages["api systems"]).json()["count"] == 4
