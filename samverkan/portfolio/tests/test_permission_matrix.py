"""Every page of the system register × every role × own / other / cooperation organisation.

Read a row as: "<request> — <who gets yes>, the others get <no>". Anonymous visitors are always
sent to the login page. Each refused request must leave the database exactly as it was.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from samverkan.core.models import ImportBatch
from samverkan.portfolio.models import (
    Capability,
    Integration,
    ManagementObject,
    ObjectDocument,
    ObjectRole,
    Product,
    SteeringGroupMember,
    Supplier,
    System,
    SystemUsage,
)
from samverkan.testing.cast import (
    CHANGERS,
    COOP,
    EDITOR,
    EDITORS_ANYWHERE,
    ORG_ADMIN,
    OTHER,
    OUTSIDER,
    OWN,
    READER,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
)
from samverkan.testing.matrix import DENIED, INVALID, MISSING, SAVED, Case, check_every_role

pytestmark = pytest.mark.django_db


def url(name, *args):
    """A URL whose arguments are read from the cast: url("portfolio:system", ("systems", OWN))."""
    def build(cast):
        return reverse(name, args=[getattr(cast, group)[scope].pk for group, scope in args])
    return build


def a_neighbour(scope):
    """An organisation other than the owner, for a new usage row or representative."""
    return OTHER if scope == OWN else OWN


def a_relation(scope):
    """An organisation related to the owner (its cooperation, or a member of the cooperation),
    whose people may hold its PM3 roles."""
    return OWN if scope == COOP else COOP


def a_stranger(scope):
    """An organisation unrelated to the owner: Laxå and Hallsberg are both in the board but
    not in each other (the board is related to both, so it has no stranger in the cast)."""
    return OTHER if scope == OWN else OWN


def system_form(cast, scope, name, owner=None):
    system = cast.systems[scope]
    return {"name": name, "organisation": cast.orgs[owner or scope].pk, "lifecycle": "drift",
            "personal_data": "unknown", "expected_version": system.version}


# -- lists, dashboard, exports ----------------------------------------------------------------

def all_names(group):
    return lambda cast: [obj.name for obj in getattr(cast, group).values()]


LISTS = [
    Case("dashboard", lambda c: reverse("portfolio:dashboard"), SIGNED_IN,
         shows=lambda c: ["System Laxå"]),
    Case("system list", lambda c: reverse("portfolio:systems"), SIGNED_IN,
         shows=all_names("systems"), link=lambda c: reverse("portfolio:system_add"),
         link_roles=EDITORS_ANYWHERE),
    Case("system list filtered by owner", lambda c: reverse("portfolio:systems")
         + f"?organisation={c.orgs[OTHER].pk}", SIGNED_IN,
         shows=lambda c: ["System Hallsberg"], hides=lambda c: ["System Laxå"]),
    Case("system list searched", lambda c: reverse("portfolio:systems") + "?q=Laxå", SIGNED_IN,
         shows=lambda c: ["System Laxå"], hides=lambda c: ["System Hallsberg"]),
    Case("system export csv", lambda c: reverse("portfolio:systems") + "?export=csv", SIGNED_IN,
         shows=all_names("systems")),
    Case("system export xlsx", lambda c: reverse("portfolio:systems") + "?export=xlsx", SIGNED_IN),
    Case("object list", lambda c: reverse("portfolio:objects"), SIGNED_IN,
         shows=all_names("objects")),
    Case("object export csv", lambda c: reverse("portfolio:objects") + "?export=csv", SIGNED_IN,
         shows=all_names("objects")),
    Case("supplier list", lambda c: reverse("portfolio:suppliers"), SIGNED_IN,
         shows=lambda c: ["Skolbolaget AB"]),
    Case("supplier export xlsx", lambda c: reverse("portfolio:suppliers") + "?export=xlsx",
         SIGNED_IN),
    Case("product list", lambda c: reverse("portfolio:products"), SIGNED_IN,
         shows=lambda c: ["Lärplattformen"]),
    Case("product export csv", lambda c: reverse("portfolio:products") + "?export=csv",
         SIGNED_IN, shows=lambda c: ["Lärplattformen"]),
    Case("capability list", lambda c: reverse("portfolio:capabilities"), SIGNED_IN,
         shows=lambda c: ["Skola"]),
    Case("capability export csv", lambda c: reverse("portfolio:capabilities") + "?export=csv",
         SIGNED_IN, shows=lambda c: ["Skola"]),
    Case("system add form", lambda c: reverse("portfolio:system_add"), EDITORS_ANYWHERE),
    Case("object add form", lambda c: reverse("portfolio:object_add"), EDITORS_ANYWHERE),
    Case("system import page", lambda c: reverse("portfolio:system_import"), EDITORS_ANYWHERE),
    Case("system import template", lambda c: reverse("portfolio:system_import") + "?mall=csv",
         EDITORS_ANYWHERE, shows=lambda c: ["Namn*", "Användning"]),
    Case("system import upload", lambda c: reverse("portfolio:system_import"), EDITORS_ANYWHERE,
         yes=SAVED, method="post",
         data=lambda c: {"file": new_file("system.csv", "Namn;Ägare\nUppladdat;Laxå\n".encode())},
         effect=lambda c: ImportBatch.objects.filter(file_name="system.csv").count() == 2),
    Case("system import preview of the editor's file",
         lambda c: reverse("portfolio:system_import_preview", args=[c.batches["system"].pk]),
         {EDITOR, SUPERUSER}, no=MISSING, shows=lambda c: ["Importerat system (Laxå)", "Ny"]),
    Case("system import confirm of the editor's file",
         lambda c: reverse("portfolio:system_import_preview", args=[c.batches["system"].pk]),
         {EDITOR, SUPERUSER}, yes=SAVED, no=MISSING, method="post",
         effect=lambda c: System.objects.filter(name="Importerat system",
                                                organisation=c.orgs[OWN]).exists()),
    Case("object import preview of the editor's file",
         lambda c: reverse("portfolio:object_import_preview", args=[c.batches["object"].pk]),
         {EDITOR, SUPERUSER}, no=MISSING, shows=lambda c: ["Importerat objekt (Laxå)"]),
    Case("object import confirm of the editor's file",
         lambda c: reverse("portfolio:object_import_preview", args=[c.batches["object"].pk]),
         {EDITOR, SUPERUSER}, yes=SAVED, no=MISSING, method="post",
         effect=lambda c: ManagementObject.objects.filter(name="Importerat objekt").exists()),
    Case("object import page", lambda c: reverse("portfolio:object_import"), EDITORS_ANYWHERE),
    Case("object import template", lambda c: reverse("portfolio:object_import") + "?mall=xlsx",
         EDITORS_ANYWHERE),
]


# -- systems ----------------------------------------------------------------------------------

def system_cases(s):
    name = {OWN: "Laxå", OTHER: "Hallsberg", COOP: "nämnden"}[s]
    return [
        Case(f"system detail ({s})", url("portfolio:system", ("systems", s)), SIGNED_IN,
             shows=lambda c: [c.systems[s].name, "Elevuppgifter", f"Ansvarig {c.orgs[s].name}"],
             link=url("portfolio:system_edit", ("systems", s)), link_roles=CHANGERS[s]),
        Case(f"system add for {name} ({s})", lambda c: reverse("portfolio:system_add"),
             CHANGERS[s], yes=SAVED, no=INVALID, overrides={READER: DENIED}, method="post",
             data=lambda c: system_form(c, s, "Nytt system"),
             effect=lambda c: System.objects.filter(name="Nytt system",
                                                    organisation=c.orgs[s]).exists()),
        Case(f"system edit form ({s})", url("portfolio:system_edit", ("systems", s)),
             CHANGERS[s]),
        Case(f"system edit ({s})", url("portfolio:system_edit", ("systems", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: system_form(c, s, "Nytt namn"),
             effect=lambda c: c.systems[s].name == "Nytt namn" and c.systems[s].version == 2),
        Case(f"system archive form ({s})", url("portfolio:system_archive", ("systems", s)),
             CHANGERS[s]),
        Case(f"system archive ({s})", url("portfolio:system_archive", ("systems", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"expected_version": c.systems[s].version},
             effect=lambda c: c.systems[s].archived_at is not None),
        # children: usage rows
        Case(f"usage add form ({s})", url("portfolio:usage_add", ("systems", s)), CHANGERS[s]),
        Case(f"usage add ({s})", url("portfolio:usage_add", ("systems", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[a_neighbour(s)].pk, "users": 25},
             effect=lambda c: c.systems[s].usages.filter(
                 organisation=c.orgs[a_neighbour(s)], users=25).exists()),
        Case(f"usage edit form ({s})", url("portfolio:usage_edit", ("systems", s), ("usages", s)),
             CHANGERS[s]),
        Case(f"usage edit ({s})", url("portfolio:usage_edit", ("systems", s), ("usages", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "users": 99,
                             "expected_version": c.usages[s].version},
             effect=lambda c: SystemUsage.objects.get(pk=c.usages[s].pk).users == 99),
        Case(f"usage delete form ({s})",
             url("portfolio:usage_delete", ("systems", s), ("usages", s)), CHANGERS[s]),
        Case(f"usage delete ({s})", url("portfolio:usage_delete", ("systems", s), ("usages", s)),
             CHANGERS[s], yes=SAVED, method="post",
             effect=lambda c: not SystemUsage.objects.filter(pk=c.usages[s].pk).exists()),
        # children: integrations
        Case(f"integration add form ({s})", url("portfolio:integration_add", ("systems", s)),
             CHANGERS[s]),
        Case(f"integration add ({s})", url("portfolio:integration_add", ("systems", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"target": c.targets[a_neighbour(s)].pk, "method": "fil"},
             effect=lambda c: Integration.objects.filter(
                 source=c.systems[s], target=c.targets[a_neighbour(s)]).exists()),
        Case(f"integration edit ({s})",
             url("portfolio:integration_edit", ("systems", s), ("integrations", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"target": c.targets[s].pk, "method": "databas",
                             "expected_version": c.integrations[s].version},
             effect=lambda c: Integration.objects.get(pk=c.integrations[s].pk).method == "databas"),
        Case(f"integration delete ({s})",
             url("portfolio:integration_delete", ("systems", s), ("integrations", s)),
             CHANGERS[s], yes=SAVED, method="post",
             effect=lambda c: not Integration.objects.filter(pk=c.integrations[s].pk).exists()),
    ]


def moved(scope, to):
    return lambda c: System.objects.get(pk=c.systems[scope].pk).organisation_id == c.orgs[to].pk


MOVES = [
    # a hand-made POST that moves Laxå's system to Hallsberg: only a superuser may; Laxå's
    # editors are refused by the form (Hallsberg is not a choice), everybody else cannot edit it
    Case("move own system to other", url("portfolio:system_edit", ("systems", OWN)),
         {SUPERUSER}, yes=SAVED, overrides={EDITOR: INVALID, ORG_ADMIN: INVALID}, method="post",
         data=lambda c: system_form(c, OWN, "System Laxå", owner=OTHER), effect=moved(OWN, OTHER)),
    Case("move other system to own", url("portfolio:system_edit", ("systems", OTHER)),
         {SUPERUSER}, yes=SAVED, overrides={OUTSIDER: INVALID}, method="post",
         data=lambda c: system_form(c, OTHER, "System Hallsberg", owner=OWN),
         effect=moved(OTHER, OWN)),
    Case("move own system to the cooperation", url("portfolio:system_edit", ("systems", OWN)),
         {SUPERUSER}, yes=SAVED, overrides={EDITOR: INVALID, ORG_ADMIN: INVALID}, method="post",
         data=lambda c: system_form(c, OWN, "System Laxå", owner=COOP), effect=moved(OWN, COOP)),
    # a child row of another organisation's system, reached through one's own system's URL
    Case("usage of other system via own URL",
         url("portfolio:usage_edit", ("systems", OWN), ("usages", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post", data=lambda c: {"organisation": c.orgs[OTHER].pk, "users": 1}),
    Case("usage delete of other system via own URL",
         url("portfolio:usage_delete", ("systems", OWN), ("usages", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post"),
    Case("integration of other system via own URL",
         url("portfolio:integration_delete", ("systems", OWN), ("integrations", OTHER)),
         CHANGERS[OWN], yes=MISSING, method="post"),
    Case("usage twice for the same organisation", url("portfolio:usage_add", ("systems", OWN)),
         CHANGERS[OWN], yes=INVALID, method="post",
         data=lambda c: {"organisation": c.orgs[OWN].pk, "users": 5}),
    Case("integration with itself", url("portfolio:integration_add", ("systems", OWN)),
         CHANGERS[OWN], yes=INVALID, method="post",
         data=lambda c: {"target": c.systems[OWN].pk, "method": "api"}),
]


# -- management objects -----------------------------------------------------------------------

def object_form(cast, scope, name, owner=None):
    return {"name": name, "organisation": cast.orgs[owner or scope].pk,
            "expected_version": cast.objects[scope].version}


def new_file(name="plan.pdf", content=b"%PDF-1.4 plan"):
    return SimpleUploadedFile(name, content)


def object_cases(s):
    return [
        Case(f"object detail ({s})", url("portfolio:object", ("objects", s)), SIGNED_IN,
             shows=lambda c: [c.objects[s].name, c.systems[s].name, "Beslutar",
                              f"Plan {c.orgs[s].name}"],
             link=url("portfolio:role_add", ("objects", s)), link_roles=CHANGERS[s]),
        Case(f"object add ({s})", lambda c: reverse("portfolio:object_add"), CHANGERS[s],
             yes=SAVED, no=INVALID, overrides={READER: DENIED}, method="post",
             data=lambda c: object_form(c, s, "Nytt objekt"),
             effect=lambda c: ManagementObject.objects.filter(
                 name="Nytt objekt", organisation=c.orgs[s]).exists()),
        Case(f"object edit form ({s})", url("portfolio:object_edit", ("objects", s)),
             CHANGERS[s]),
        Case(f"object edit ({s})", url("portfolio:object_edit", ("objects", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: object_form(c, s, "Omdöpt objekt"),
             effect=lambda c: c.objects[s].name == "Omdöpt objekt"),
        Case(f"object archive ({s})", url("portfolio:object_archive", ("objects", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"expected_version": c.objects[s].version},
             effect=lambda c: c.objects[s].archived_at is not None),
        # PM3 roles
        Case(f"role add form ({s})", url("portfolio:role_add", ("objects", s)), CHANGERS[s]),
        Case(f"role add ({s})", url("portfolio:role_add", ("objects", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"role": "objektledare_it", "person": c.people[a_relation(s)].pk,
                             "organisation": c.orgs[a_relation(s)].pk},
             effect=lambda c: ObjectRole.objects.filter(
                 management_object=c.objects[s], role="objektledare_it").exists()),
        *([Case(f"role add from an unrelated organisation ({s})",
               url("portfolio:role_add", ("objects", s)), CHANGERS[s], yes=INVALID,
               method="post",
               data=lambda c: {"role": "objektledare_it", "person": c.people[a_stranger(s)].pk,
                               "organisation": c.orgs[a_stranger(s)].pk},
               effect=lambda c: not ObjectRole.objects.filter(
                   management_object=c.objects[s], role="objektledare_it").exists())]
          if s != COOP else []),
        Case(f"role edit ({s})", url("portfolio:role_edit", ("objects", s), ("roles", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"role": "specialist_it", "person": c.people[s].pk,
                             "organisation": c.orgs[s].pk,
                             "expected_version": c.roles[s].version},
             effect=lambda c: ObjectRole.objects.get(pk=c.roles[s].pk).role == "specialist_it"),
        Case(f"role delete ({s})", url("portfolio:role_delete", ("objects", s), ("roles", s)),
             CHANGERS[s], yes=SAVED, method="post",
             effect=lambda c: not ObjectRole.objects.filter(pk=c.roles[s].pk).exists()),
        # steering group
        Case(f"steering add form ({s})", url("portfolio:steering_add", ("objects", s)),
             CHANGERS[s]),
        Case(f"steering add ({s})", url("portfolio:steering_add", ("objects", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"person": c.people[a_relation(s)].pk,
                             "organisation": c.orgs[a_relation(s)].pk, "mandate": "Budget"},
             effect=lambda c: SteeringGroupMember.objects.filter(
                 management_object=c.objects[s], mandate="Budget").exists()),
        Case(f"steering edit ({s})",
             url("portfolio:steering_edit", ("objects", s), ("steering", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"person": c.people[s].pk, "organisation": c.orgs[s].pk,
                             "mandate": "Ordförande", "is_chair": "on",
                             "expected_version": c.steering[s].version},
             effect=lambda c: SteeringGroupMember.objects.get(pk=c.steering[s].pk).is_chair),
        Case(f"steering delete ({s})",
             url("portfolio:steering_delete", ("objects", s), ("steering", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: not SteeringGroupMember.objects.filter(pk=c.steering[s].pk).exists()),
        # documents, with files served through the permission layer
        Case(f"document add form ({s})", url("portfolio:document_add", ("objects", s)),
             CHANGERS[s]),
        Case(f"document add with file ({s})", url("portfolio:document_add", ("objects", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"title": "Rutin", "kind": "rutin", "file": new_file()},
             effect=lambda c: ObjectDocument.objects.get(
                 management_object=c.objects[s], title="Rutin").file.read() == b"%PDF-1.4 plan"),
        Case(f"document edit ({s})",
             url("portfolio:document_edit", ("objects", s), ("documents", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"title": "Ny titel", "kind": "forvaltningsplan",
                             "url": "https://intranat.example.se/plan",
                             "expected_version": c.documents[s].version},
             effect=lambda c: ObjectDocument.objects.get(pk=c.documents[s].pk).title == "Ny titel"),
        Case(f"document delete ({s})",
             url("portfolio:document_delete", ("objects", s), ("documents", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: not ObjectDocument.objects.filter(pk=c.documents[s].pk).exists()),
        Case(f"document download ({s})",
             url("portfolio:document_file", ("objects", s), ("documents", s)), SIGNED_IN,
             shows=lambda c: [f"Förvaltningsplan {c.orgs[s].name}"]),
    ]


OBJECT_EXTRAS = [
    Case("move own object to other", url("portfolio:object_edit", ("objects", OWN)),
         {SUPERUSER}, yes=SAVED, overrides={EDITOR: INVALID, ORG_ADMIN: INVALID}, method="post",
         data=lambda c: object_form(c, OWN, "Objekt Laxå", owner=OTHER),
         effect=lambda c: c.objects[OWN].organisation_id == c.orgs[OTHER].pk),
    Case("role of other object via own URL",
         url("portfolio:role_edit", ("objects", OWN), ("roles", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post",
         data=lambda c: {"role": "objektagare", "person": c.people[OWN].pk,
                         "organisation": c.orgs[OWN].pk}),
    Case("steering member of other object via own URL",
         url("portfolio:steering_delete", ("objects", OWN), ("steering", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post"),
    Case("document of other object via own URL",
         url("portfolio:document_delete", ("objects", OWN), ("documents", OTHER)),
         CHANGERS[OWN], yes=MISSING, method="post"),
    Case("document file of other object via own URL",
         url("portfolio:document_file", ("objects", OWN), ("documents", OTHER)), SIGNED_IN,
         yes=MISSING),
    Case("document of a forbidden type", url("portfolio:document_add", ("objects", OWN)),
         CHANGERS[OWN], yes=INVALID, method="post",
         data=lambda c: {"title": "Skript", "kind": "annat",
                         "file": new_file("skript.exe", b"MZ\x90\x00")}),
    Case("document without file or link", url("portfolio:document_add", ("objects", OWN)),
         CHANGERS[OWN], yes=INVALID, method="post", data=lambda c: {"title": "Tom", "kind": "annat"}),
]


# -- shared registers: capabilities, suppliers, products --------------------------------------

def shared_cases(kind, group, model, form):
    single = f"portfolio:{kind}"
    return [
        Case(f"{kind} detail", lambda c: reverse(single, args=[getattr(c, group).pk]), SIGNED_IN,
             shows=lambda c: [getattr(c, group).name],
             link=lambda c: reverse(f"{single}_edit", args=[getattr(c, group).pk]),
             link_roles=EDITORS_ANYWHERE),
        Case(f"{kind} add form", lambda c: reverse(f"{single}_add"), EDITORS_ANYWHERE),
        Case(f"{kind} add", lambda c: reverse(f"{single}_add"), EDITORS_ANYWHERE, yes=SAVED,
             method="post", data=lambda c: form(c, "Ny post"),
             effect=lambda c: model.objects.filter(name="Ny post").exists()),
        Case(f"{kind} edit form", lambda c: reverse(f"{single}_edit", args=[getattr(c, group).pk]),
             EDITORS_ANYWHERE),
        Case(f"{kind} edit", lambda c: reverse(f"{single}_edit", args=[getattr(c, group).pk]),
             EDITORS_ANYWHERE, yes=SAVED, method="post",
             data=lambda c: {**form(c, "Nytt namn"), "expected_version": getattr(c, group).version},
             effect=lambda c: getattr(c, group).name == "Nytt namn"),
        Case(f"{kind} archive", lambda c: reverse(f"{single}_archive", args=[getattr(c, group).pk]),
             EDITORS_ANYWHERE, yes=SAVED, method="post",
             data=lambda c: {"expected_version": getattr(c, group).version},
             effect=lambda c: getattr(c, group).archived_at is not None),
    ]


SHARED = [
    *shared_cases("supplier", "supplier", Supplier, lambda c, name: {"name": name}),
    *shared_cases("product", "product", Product,
                  lambda c, name: {"name": name, "supplier": c.supplier.pk}),
    *shared_cases("capability", "capability", Capability, lambda c, name: {"name": name}),
]

CASES = [*LISTS, *(case for s in SCOPES for case in system_cases(s)), *MOVES,
         *(case for s in SCOPES for case in object_cases(s)), *OBJECT_EXTRAS, *SHARED]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case, module_cast):
    """Each case for all seven roles: anonymous, reader, editor, outsider, coop_editor,
    org_admin, superuser."""
    check_every_role(case, module_cast)


def test_every_portfolio_page_is_in_the_matrix(module_cast):
    """A new page must join the matrix: every URL of the app is requested by some case."""
    from samverkan.portfolio import urls

    covered = {resolve(case.url(module_cast).split("?")[0]).url_name for case in CASES}
    assert {p.name for p in urls.urlpatterns} - covered == set()
