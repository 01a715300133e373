"""Every API endpoint of the foundation × every role × own / other / cooperation organisation.

The API asks the same permission layer as the pages: anyone signed in reads, the owner's editors
change, DELETE archives. A request that is refused changes nothing.
"""

import pytest
from django.urls import reverse

from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import Capability, ManagementObject, Product, Supplier, System
from samverkan.testing.cast import (
    CHANGERS,
    COOP,
    EDITOR,
    EDITORS_ANYWHERE,
    ORG_ADMIN,
    OTHER,
    OWN,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
)
from samverkan.testing.matrix import (
    ARCHIVED,
    CREATED,
    INVALID,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

pytestmark = pytest.mark.django_db


def api(basename, group=None, scope=None):
    """/api/<resource>/ or /api/<resource>/<pk>/ for the cast's record."""
    def build(cast):
        if group is None:
            return reverse(f"{basename}-list")
        record = getattr(cast, group)
        return reverse(f"{basename}-detail", args=[(record[scope] if scope else record).pk])
    return build


def ApiCase(name, url, allowed, **options):  # noqa: N802 - reads like a class in the tables
    return Case(name, url, allowed, anonymous=UNAUTHORISED, **options)


def owned_resource(basename, group, model, create, moved=None):
    """Systems, management objects, people: records owned by one organisation. `moved`: what
    else a move to another organisation changes (references that would point outside it)."""
    moved = moved or {}
    cases = [ApiCase(f"{basename} list", api(basename), SIGNED_IN,
                     shows=lambda c: [r.name for r in getattr(c, group).values()])]
    for s in SCOPES:
        cases += [
            ApiCase(f"{basename} read ({s})", api(basename, group, s), SIGNED_IN,
                    shows=lambda c, s=s: [getattr(c, group)[s].name, '"version":1']),
            ApiCase(f"{basename} create ({s})", api(basename), CHANGERS[s], yes=CREATED,
                    method="post", data=lambda c, s=s: create(c, s),
                    effect=lambda c, s=s: model.objects.filter(
                        name="Från API", organisation=c.orgs[s]).exists()),
            ApiCase(f"{basename} patch ({s})", api(basename, group, s), CHANGERS[s],
                    method="patch", data=lambda c, s=s: {"name": "Ändrat via API", "version": 1},
                    effect=lambda c, s=s: getattr(c, group)[s].name == "Ändrat via API"
                    and getattr(c, group)[s].version == 2),
            ApiCase(f"{basename} delete archives ({s})", api(basename, group, s), CHANGERS[s],
                    yes=ARCHIVED, method="delete", data=lambda c: {"version": 1},
                    effect=lambda c, s=s: getattr(c, group)[s].archived_at is not None),
        ]
    cases += [
        # hand-made: move Laxå's record to Hallsberg, or the other way round
        ApiCase(f"{basename} move own to other", api(basename, group, OWN), {SUPERUSER},
                method="patch",
                data=lambda c: {"organisation": c.orgs[OTHER].pk, "version": 1, **moved},
                effect=lambda c: getattr(c, group)[OWN].organisation_id == c.orgs[OTHER].pk),
        ApiCase(f"{basename} move other to own", api(basename, group, OTHER), {SUPERUSER},
                method="patch",
                data=lambda c: {"organisation": c.orgs[OWN].pk, "version": 1, **moved},
                effect=lambda c: getattr(c, group)[OTHER].organisation_id == c.orgs[OWN].pk),
    ]
    return cases


def shared_resource(basename, attribute, model, create):
    """Capabilities, suppliers, products: shared registers kept by any editor."""
    return [
        ApiCase(f"{basename} list", api(basename), SIGNED_IN,
                shows=lambda c: [getattr(c, attribute).name]),
        ApiCase(f"{basename} read", api(basename, attribute), SIGNED_IN,
                shows=lambda c: [getattr(c, attribute).name]),
        ApiCase(f"{basename} create", api(basename), EDITORS_ANYWHERE, yes=CREATED,
                method="post", data=create,
                effect=lambda c: model.objects.filter(name="Från API").exists()),
        ApiCase(f"{basename} patch", api(basename, attribute), EDITORS_ANYWHERE, method="patch",
                data=lambda c: {"name": "Ändrat via API", "version": 1},
                effect=lambda c: getattr(c, attribute).name == "Ändrat via API"),
        ApiCase(f"{basename} delete archives", api(basename, attribute), EDITORS_ANYWHERE,
                yes=ARCHIVED, method="delete", data=lambda c: {"version": 1},
                effect=lambda c: getattr(c, attribute).archived_at is not None),
    ]


def organisation_cases():
    cases = [
        ApiCase("organisation list", api("organisation"), SIGNED_IN,
                shows=lambda c: [o.name for o in c.orgs.values()]),
        ApiCase("organisation create", api("organisation"), {SUPERUSER}, yes=CREATED,
                method="post", data=lambda c: {"name": "Lekeberg", "kind": "kommun",
                                               "municipality_code": "1814"},
                effect=lambda c: Organisation.objects.filter(municipality_code="1814").exists()),
    ]
    for s in SCOPES:
        cases += [
            ApiCase(f"organisation read ({s})", api("organisation", "orgs", s), SIGNED_IN,
                    shows=lambda c, s=s: [c.orgs[s].name]),
            ApiCase(f"organisation patch ({s})", api("organisation", "orgs", s), CHANGERS[s],
                    method="patch", data=lambda c: {"short_name": "Kort", "version": 1},
                    effect=lambda c, s=s: c.orgs[s].short_name == "Kort"),
            # what an organisation is, and whether it exists, is for the installation's
            # administrators: an editor cannot turn a municipality into a cooperation
            ApiCase(f"organisation kind change ({s})", api("organisation", "orgs", s),
                    {SUPERUSER}, method="patch",
                    data=lambda c: {"kind": "annan", "name": "Nytt namn", "version": 1},
                    effect=lambda c, s=s: c.orgs[s].kind == "annan"),
            ApiCase(f"organisation delete archives ({s})", api("organisation", "orgs", s),
                    {SUPERUSER}, yes=ARCHIVED, method="delete", data=lambda c: {"version": 1},
                    effect=lambda c, s=s: c.orgs[s].archived_at is not None),
        ]
    return cases


CASES = [
    *owned_resource("system", "systems", System,
                    lambda c, s: {"name": "Från API", "organisation": c.orgs[s].pk},
                    moved={"management_object": None, "owner_person": None}),
    *owned_resource("management-object", "objects", ManagementObject,
                    lambda c, s: {"name": "Från API", "organisation": c.orgs[s].pk}),
    *owned_resource("person", "people", Person,
                    lambda c, s: {"name": "Från API", "organisation": c.orgs[s].pk}),
    *organisation_cases(),
    *shared_resource("capability", "capability", Capability, lambda c: {"name": "Från API"}),
    *shared_resource("supplier", "supplier", Supplier, lambda c: {"name": "Från API"}),
    *shared_resource("product", "product", Product,
                     lambda c: {"name": "Från API", "supplier": c.supplier.pk}),
    # a system may belong to the management object and have the owner of its own organisation
    # or of a cooperation it is in (Laxå in the board), never of an unrelated one (Hallsberg)
    ApiCase("system create in its cooperation's object", api("system"), CHANGERS[OWN],
            yes=CREATED, method="post",
            data=lambda c: {"name": "Från API", "organisation": c.orgs[OWN].pk,
                            "management_object": c.objects[COOP].pk,
                            "owner_person": c.people[COOP].pk},
            effect=lambda c: System.objects.filter(name="Från API",
                                                   management_object=c.objects[COOP]).exists()),
    ApiCase("system create with an unrelated organisation's parts", api("system"),
            frozenset(), overrides={EDITOR: INVALID, ORG_ADMIN: INVALID, SUPERUSER: INVALID},
            method="post",
            data=lambda c: {"name": "Från API", "organisation": c.orgs[OWN].pk,
                            "management_object": c.objects[OTHER].pk,
                            "owner_person": c.people[OTHER].pk},
            effect=lambda c: not System.objects.filter(name="Från API").exists()),
]

assert {EDITOR, ORG_ADMIN} <= CHANGERS[OWN]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_api_permission_matrix(case, module_cast):
    check_every_role(case, module_cast, send=api_send)


def test_every_api_resource_is_in_the_matrix():
    from samverkan.organisations.api import ROUTES as ORGANISATION_ROUTES
    from samverkan.portfolio.api import ROUTES as PORTFOLIO_ROUTES

    tested = {case.name.split(" ")[0] for case in CASES}
    assert {basename for _p, _v, basename in ORGANISATION_ROUTES + PORTFOLIO_ROUTES} <= tested
