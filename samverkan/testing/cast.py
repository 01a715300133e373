"""The cast for permission tests: the same records owned by Laxå (the editor's own municipality),
Hallsberg (another municipality) and their cooperation, with every kind of child record, shared
registers, and one user per role.

    cast = build_cast(...)            # or the `cast` fixture
    cast.systems[OWN]                 # Laxå's system
    cast.client(EDITOR)               # a logged-in test client (None user for ANONYMOUS)
    snapshot()                        # every row of every table these apps own, to prove that a
                                      # refused request changed nothing
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings

from samverkan.core.permissions import Role
from samverkan.organisations.models import Organisation, OrganisationRole
from samverkan.portfolio.models import (
    Integration,
    ObjectDocument,
    ObjectRole,
    SteeringGroupMember,
)
from samverkan.testing.factories import (
    CapabilityFactory,
    ManagementObjectFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProductFactory,
    SystemFactory,
    SystemUsageFactory,
    UserFactory,
    role,
)

# who
ANONYMOUS = "anonymous"
READER = "reader"  # reads Laxå
EDITOR = "editor"  # edits Laxå
OUTSIDER = "outsider"  # edits Hallsberg
COOP_EDITOR = "coop_editor"  # edits the cooperation
ORG_ADMIN = "org_admin"  # administers Laxå
SUPERUSER = "superuser"
ROLES = (ANONYMOUS, READER, EDITOR, OUTSIDER, COOP_EDITOR, ORG_ADMIN, SUPERUSER)
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
EDITORS_ANYWHERE = frozenset({EDITOR, OUTSIDER, COOP_EDITOR, ORG_ADMIN, SUPERUSER})

# whose record
OWN = "own"  # Laxå
OTHER = "other"  # Hallsberg
COOP = "coop"  # Sydnärkes IT-nämnd
SCOPES = (OWN, OTHER, COOP)

# who may change a record of each scope (editors and administrators of the owner, superusers)
CHANGERS = {
    OWN: frozenset({EDITOR, ORG_ADMIN, SUPERUSER}),
    OTHER: frozenset({OUTSIDER, SUPERUSER}),
    COOP: frozenset({COOP_EDITOR, SUPERUSER}),
}

# the apps whose tables a refused request must leave as they were
SNAPSHOT_APPS = ("organisations", "portfolio", "core", "auth", "authtoken")


@dataclass
class Cast:
    orgs: dict[str, Organisation]
    users: dict[str, object]
    people: dict = field(default_factory=dict)
    systems: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    usages: dict = field(default_factory=dict)
    integrations: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)
    steering: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    capability: object = None
    product: object = None
    supplier: object = None
    targets: dict = field(default_factory=dict)
    batches: dict = field(default_factory=dict)

    def new_client(self, who: str) -> Client:
        client = Client()
        user = self.users.get(who)
        if user is not None:
            client.force_login(user)
        return client

    def client(self, who: str) -> Client:
        clients = getattr(self, "clients", None)
        if clients is not None:
            return clients[who]
        return self.new_client(who)

    def fresh(self) -> Cast:
        """A copy with every record read again from the database (after a request)."""
        def reload(obj):
            return type(obj)._default_manager.get(pk=obj.pk)

        copy = Cast(orgs={k: reload(v) for k, v in self.orgs.items()}, users=self.users)
        for name in ("people", "systems", "objects"):
            setattr(copy, name, {k: reload(v) for k, v in getattr(self, name).items()})
        for name in ("usages", "integrations", "roles", "steering", "documents", "targets",
                     "batches"):
            setattr(copy, name, getattr(self, name))
        for name in ("capability", "product", "supplier"):
            setattr(copy, name, reload(getattr(self, name)))
        return copy


def build_cast(laxa, hallsberg, cooperation, users: dict) -> Cast:
    orgs = {OWN: laxa, OTHER: hallsberg, COOP: cooperation}
    cast = Cast(orgs=orgs, users={ANONYMOUS: None, **users})
    cast.capability = CapabilityFactory(name="Skola", code="2")
    cast.product = ProductFactory(name="Lärplattformen", supplier__name="Skolbolaget AB")
    cast.supplier = cast.product.supplier
    # a system in each organisation that integrations point at
    targets = {}
    for scope, org in orgs.items():
        label = org.name
        person = PersonFactory(name=f"Ansvarig {label}", organisation=org)
        obj = ManagementObjectFactory(name=f"Objekt {label}", organisation=org,
                                      capability=cast.capability)
        system = SystemFactory(name=f"System {label}", organisation=org, product=cast.product,
                               management_object=obj, owner_person=person)
        targets[scope] = SystemFactory(name=f"Mål {label}", organisation=org)
        cast.people[scope] = person
        cast.objects[scope] = obj
        cast.systems[scope] = system
        cast.usages[scope] = SystemUsageFactory(system=system, organisation=org, users=10)
        cast.integrations[scope] = Integration.objects.create(
            source=system, target=targets[scope], data="Elevuppgifter")
        cast.roles[scope] = ObjectRole.objects.create(
            management_object=obj, person=person, organisation=org, role=ObjectRole.Kind.OWNER)
        cast.steering[scope] = SteeringGroupMember.objects.create(
            management_object=obj, person=person, organisation=org, mandate="Beslutar")
        cast.documents[scope] = ObjectDocument.objects.create(
            management_object=obj, title=f"Plan {label}", kind=ObjectDocument.Kind.PLAN,
            file=SimpleUploadedFile(f"plan-{org.pk}.txt", f"Förvaltningsplan {label}".encode()))
    cast.targets.update(targets)
    # files the Laxå editor has uploaded for import but not yet confirmed
    from samverkan.core import imports
    from samverkan.portfolio.importers import ManagementObjectImporter, SystemImporter

    for kind, importer, text in (("system", SystemImporter, "Namn;Ägare\nImporterat system;Laxå\n"),
                                 ("object", ManagementObjectImporter,
                                  "Namn;Ägare\nImporterat objekt;Laxå\n")):
        cast.batches[kind] = imports.stage(users[EDITOR], importer,
                                           SimpleUploadedFile(f"{kind}.csv", text.encode()))
    return cast


@pytest.fixture
def cast(laxa, hallsberg, cooperation, reader, editor, outsider, coop_editor, org_admin, superuser):
    """The cast for one test (built again for every test)."""
    return build_cast(laxa, hallsberg, cooperation, {
        READER: reader, EDITOR: editor, OUTSIDER: outsider, COOP_EDITOR: coop_editor,
        ORG_ADMIN: org_admin, SUPERUSER: superuser,
    })


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def shared_cast(django_db_setup, django_db_blocker, tmp_path_factory):
    """The cast built once per test module, like Django's setUpTestData: it lives in a
    transaction around the module, and each test's own transaction is rolled back after it, so
    every test starts from the same records. Logged-in clients are made once per role."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media / "files", DATA_DIR=media,
                                                       PASSWORD_HASHERS=FAST_HASHER):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            laxa = OrganisationFactory(name="Laxå", municipality_code="1860")
            hallsberg = OrganisationFactory(name="Hallsberg", municipality_code="1861")
            coop = OrganisationFactory(name="Sydnärkes IT-nämnd", kind="gemensam_namnd",
                                       municipality_code="")
            MembershipFactory(cooperation=coop, member=laxa)
            MembershipFactory(cooperation=coop, member=hallsberg, is_host=True)
            users = {
                READER: role(UserFactory(username="reader"), laxa, Role.READER),
                EDITOR: role(UserFactory(username="editor"), laxa, Role.EDITOR),
                OUTSIDER: role(UserFactory(username="outsider"), hallsberg, Role.EDITOR),
                COOP_EDITOR: role(UserFactory(username="coop_editor"), coop, Role.EDITOR),
                ORG_ADMIN: role(UserFactory(username="org_admin"), laxa, Role.ADMIN),
                SUPERUSER: UserFactory(username="root", is_superuser=True, is_staff=True),
            }
            built = build_cast(laxa, hallsberg, coop, users)
            built.media_root = media
            built.clients = {who: built.client(who) for who in ROLES}
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def module_cast(shared_cast, db, settings):
    """The shared cast for one test: its files, and clients without leftover messages."""
    settings.MEDIA_ROOT = shared_cast.media_root / "files"
    settings.DATA_DIR = shared_cast.media_root
    settings.PASSWORD_HASHERS = FAST_HASHER
    for client in shared_cast.clients.values():
        client.cookies.pop("messages", None)
    return shared_cast


def extend_cast(monkeypatch, *, snapshot_apps: tuple[str, ...] = (),
                kept: tuple[str, ...] = ()) -> None:
    """Extend the shared cast for one test: a refused request must leave the tables of
    `snapshot_apps` as they were too, and `Cast.fresh` hands on the groups of records named in
    `kept` as they are (the effect checks read those records again themselves)."""
    monkeypatch.setitem(globals(), "SNAPSHOT_APPS", (*SNAPSHOT_APPS, *snapshot_apps))
    if not kept:
        return
    plain_fresh = Cast.fresh

    def fresh(self):
        copy = plain_fresh(self)
        for name in kept:
            setattr(copy, name, getattr(self, name))
        return copy

    monkeypatch.setattr(Cast, "fresh", fresh)


def _tables() -> list[str]:
    tables = []
    for label in SNAPSHOT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label != "auth.Permission" and not model._meta.proxy:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def snapshot() -> dict:
    """Every row of every table the foundation owns (history included), for before/after."""
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


__all__ = ["ANONYMOUS", "COOP", "COOP_EDITOR", "CHANGERS", "EDITOR", "EDITORS_ANYWHERE",
           "ORG_ADMIN", "OTHER", "OUTSIDER", "OWN", "READER", "ROLES", "SCOPES", "SIGNED_IN",
           "SUPERUSER", "Cast", "build_cast", "cast", "changed_tables", "extend_cast", "module_cast",
           "shared_cast", "snapshot",
           "OrganisationRole", "Role", "UserFactory", "role"]
