"""Every page of the organisation register (organisations, memberships, people, population,
users and roles) × every role × own / other / cooperation organisation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from rest_framework.authtoken.models import Token

from samverkan.core.authentication import issue_token
from samverkan.core.permissions import Role
from samverkan.organisations.models import (
    Membership,
    Organisation,
    OrganisationRole,
    Person,
    Population,
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
from samverkan.testing.matrix import (
    DENIED,
    INVALID,
    MISSING,
    SAVED,
    Case,
    check_every_role,
)

pytestmark = pytest.mark.django_db

ADMINS = frozenset({ORG_ADMIN, SUPERUSER})


def url(name, *args):
    def build(cast):
        return reverse(name, args=[getattr(cast, group)[scope].pk for group, scope in args])
    return build


def organisation_form(cast, scope, **changes):
    org = cast.orgs[scope]
    data = {"name": org.name, "kind": org.kind, "municipality_code": org.municipality_code,
            "expected_version": org.version}
    return {**data, **changes}


def person_form(cast, scope, name, owner=None):
    return {"name": name, "organisation": cast.orgs[owner or scope].pk,
            "expected_version": cast.people[scope].version}


def membership(cast, member_scope):
    return Membership.objects.get(cooperation=cast.orgs[COOP], member=cast.orgs[member_scope])


def role_of(username, scope):
    return lambda c: OrganisationRole.objects.get(user__username=username,
                                                  organisation=c.orgs[scope]).pk


def scb_file(code="1860 Laxå", inhabitants=5528):
    text = f'"Folkmängd efter region och år"\n\n"region";"2024"\n"{code}";{inhabitants}\n'
    return SimpleUploadedFile("scb.csv", text.encode("cp1252"))


LISTS = [
    Case("organisation list", lambda c: reverse("organisations:organisations"), SIGNED_IN,
         shows=lambda c: [o.name for o in c.orgs.values()],
         link=lambda c: reverse("organisations:organisation_add"), link_roles={SUPERUSER}),
    Case("organisation list searched", lambda c: reverse("organisations:organisations") + "?q=Hall",
         SIGNED_IN, shows=lambda c: ["Hallsberg"], hides=lambda c: ["Laxå<"]),
    Case("organisation export csv", lambda c: reverse("organisations:organisations")
         + "?export=csv", SIGNED_IN, shows=lambda c: ["Laxå", "1860", "Hallsberg"]),
    Case("organisation export xlsx", lambda c: reverse("organisations:organisations")
         + "?export=xlsx", SIGNED_IN),
    Case("people list", lambda c: reverse("organisations:people"), SIGNED_IN,
         shows=lambda c: [p.name for p in c.people.values()]),
    Case("people export csv", lambda c: reverse("organisations:people") + "?export=csv",
         SIGNED_IN, shows=lambda c: [p.name for p in c.people.values()]),
    Case("person add form", lambda c: reverse("organisations:person_add"), EDITORS_ANYWHERE),
    Case("organisation add form", lambda c: reverse("organisations:organisation_add"),
         {SUPERUSER}),
    Case("organisation add", lambda c: reverse("organisations:organisation_add"), {SUPERUSER},
         yes=SAVED, method="post",
         data=lambda c: {"name": "Lekeberg", "kind": "kommun", "municipality_code": "1814"},
         effect=lambda c: Organisation.objects.filter(municipality_code="1814").exists()),
    Case("population import form", lambda c: reverse("organisations:population_import"),
         EDITORS_ANYWHERE),
    # a Laxå figure: Laxå's editors may import it; other editors get the form back with an error
    Case("population import for own", lambda c: reverse("organisations:population_import"),
         CHANGERS[OWN], yes=SAVED, no=INVALID, overrides={READER: DENIED}, method="post",
         data=lambda c: {"file": scb_file(), "source": "SCB 2024"},
         effect=lambda c: Population.objects.filter(organisation=c.orgs[OWN], year=2024,
                                                    inhabitants=5528).exists()),
    Case("population import for other", lambda c: reverse("organisations:population_import"),
         CHANGERS[OTHER], yes=SAVED, no=INVALID, overrides={READER: DENIED}, method="post",
         data=lambda c: {"file": scb_file("1861 Hallsberg", 16283), "source": "SCB 2024"},
         effect=lambda c: Population.objects.filter(organisation=c.orgs[OTHER],
                                                    inhabitants=16283).exists()),
]


def organisation_cases(s):
    return [
        Case(f"organisation detail ({s})", url("organisations:organisation", ("orgs", s)),
             SIGNED_IN, shows=lambda c: [c.orgs[s].name, c.people[s].name],
             link=url("organisations:organisation_edit", ("orgs", s)), link_roles=CHANGERS[s]),
        Case(f"organisation edit form ({s})", url("organisations:organisation_edit", ("orgs", s)),
             CHANGERS[s]),
        Case(f"organisation edit ({s})", url("organisations:organisation_edit", ("orgs", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: organisation_form(c, s, short_name="Kort"),
             effect=lambda c: c.orgs[s].short_name == "Kort"),
        Case(f"organisation archive form ({s})",
             url("organisations:organisation_archive", ("orgs", s)), {SUPERUSER}),
        Case(f"organisation archive ({s})", url("organisations:organisation_archive", ("orgs", s)),
             {SUPERUSER}, yes=SAVED, method="post",
             data=lambda c: {"expected_version": c.orgs[s].version},
             effect=lambda c: c.orgs[s].archived_at is not None),
        Case(f"person detail ({s})", url("organisations:person", ("people", s)), SIGNED_IN,
             shows=lambda c: [c.people[s].name, c.objects[s].name, c.systems[s].name],
             link=url("organisations:person_edit", ("people", s)), link_roles=CHANGERS[s]),
        Case(f"person add ({s})", lambda c: reverse("organisations:person_add"), CHANGERS[s],
             yes=SAVED, no=INVALID, overrides={READER: DENIED}, method="post",
             data=lambda c: person_form(c, s, "Ny Person"),
             effect=lambda c: Person.objects.filter(name="Ny Person",
                                                    organisation=c.orgs[s]).exists()),
        Case(f"person edit form ({s})", url("organisations:person_edit", ("people", s)),
             CHANGERS[s]),
        Case(f"person edit ({s})", url("organisations:person_edit", ("people", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: person_form(c, s, "Omdöpt Person"),
             effect=lambda c: c.people[s].name == "Omdöpt Person"),
        Case(f"person archive ({s})", url("organisations:person_archive", ("people", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"expected_version": c.people[s].version},
             effect=lambda c: c.people[s].archived_at is not None),
    ]


MEMBERSHIPS = [
    # the cooperation's members are kept by the cooperation's own editors
    # who is a member of a cooperation is for the installation's administrators
    Case("membership add form", url("organisations:membership_add", ("orgs", COOP)),
         {SUPERUSER}),
    Case("membership add", url("organisations:membership_add", ("orgs", COOP)), {SUPERUSER},
         yes=SAVED, method="post",
         data=lambda c: {"member": c.orgs[OWN].pk, "valid_from": "2030-01-01"},
         effect=lambda c: Membership.objects.filter(valid_from="2030-01-01").exists()),
    Case("membership edit form", lambda c: reverse("organisations:membership_edit", args=[
        c.orgs[COOP].pk, membership(c, OWN).pk]), {SUPERUSER}),
    Case("membership end", lambda c: reverse("organisations:membership_edit", args=[
        c.orgs[COOP].pk, membership(c, OWN).pk]), {SUPERUSER}, yes=SAVED, method="post",
         data=lambda c: {"member": c.orgs[OWN].pk, "valid_to": "2029-12-31"},
         effect=lambda c: str(membership(c, OWN).valid_to) == "2029-12-31"),
    Case("membership delete form", lambda c: reverse("organisations:membership_delete", args=[
        c.orgs[COOP].pk, membership(c, OWN).pk]), {SUPERUSER}),
    Case("membership delete", lambda c: reverse("organisations:membership_delete", args=[
        c.orgs[COOP].pk, membership(c, OWN).pk]), {SUPERUSER}, yes=SAVED, method="post",
         effect=lambda c: not Membership.objects.filter(member=c.orgs[OWN]).exists()),
    Case("membership of the cooperation via own URL", lambda c: reverse(
        "organisations:membership_delete", args=[c.orgs[OWN].pk, membership(c, OTHER).pk]),
         CHANGERS[OWN], yes=MISSING, method="post"),
    Case("membership ending before it starts", url("organisations:membership_add",
                                                    ("orgs", COOP)),
         {SUPERUSER}, yes=INVALID, method="post",
         data=lambda c: {"member": c.orgs[OWN].pk, "valid_from": "2030-01-01",
                         "valid_to": "2029-01-01"}),
    Case("membership of the cooperation in itself", url("organisations:membership_add",
                                                         ("orgs", COOP)),
         {SUPERUSER}, yes=INVALID, method="post", data=lambda c: {"member": c.orgs[COOP].pk}),
    # a municipality is not a cooperation and has no members
    Case("members of a municipality", url("organisations:membership_add", ("orgs", OWN)),
         {SUPERUSER}, yes=INVALID, method="post", data=lambda c: {"member": c.orgs[OTHER].pk}),
    Case("move own person to other", url("organisations:person_edit", ("people", OWN)),
         {SUPERUSER}, yes=SAVED, overrides={EDITOR: INVALID, ORG_ADMIN: INVALID}, method="post",
         data=lambda c: person_form(c, OWN, "Ansvarig Laxå", owner=OTHER),
         effect=lambda c: c.people[OWN].organisation_id == c.orgs[OTHER].pk),
]


USERS = [
    Case("users and roles", lambda c: reverse("organisations:users"), ADMINS,
         shows=lambda c: ["editor", "reader", "Redaktör"]),
    Case("user add form", lambda c: reverse("organisations:user_add"), ADMINS),
    Case("user add to own", lambda c: reverse("organisations:user_add"), ADMINS, yes=SAVED,
         method="post",
         data=lambda c: {"username": "ny.anvandare", "password": "Ett långt lösenord 42",
                         "organisation": c.orgs[OWN].pk, "role": Role.EDITOR},
         effect=lambda c: OrganisationRole.objects.filter(
             user__username="ny.anvandare", organisation=c.orgs[OWN], role=Role.EDITOR).exists()),
    Case("user add to other", lambda c: reverse("organisations:user_add"), {SUPERUSER},
         yes=SAVED, overrides={ORG_ADMIN: INVALID}, method="post",
         data=lambda c: {"username": "ny.anvandare", "password": "Ett långt lösenord 42",
                         "organisation": c.orgs[OTHER].pk, "role": Role.ADMIN},
         effect=lambda c: OrganisationRole.objects.filter(
             user__username="ny.anvandare", organisation=c.orgs[OTHER]).exists()),
    Case("role form", lambda c: reverse("organisations:role_add", args=[c.users[OUTSIDER].pk]),
         ADMINS),
    Case("role in own for another user", lambda c: reverse(
        "organisations:role_add", args=[c.users[OUTSIDER].pk]), ADMINS, yes=SAVED, method="post",
         data=lambda c: {"organisation": c.orgs[OWN].pk, "role": Role.READER},
         effect=lambda c: OrganisationRole.objects.filter(
             user__username="outsider", organisation=c.orgs[OWN]).exists()),
    Case("role in other", lambda c: reverse("organisations:role_add", args=[c.users[READER].pk]),
         {SUPERUSER}, yes=SAVED, overrides={ORG_ADMIN: INVALID}, method="post",
         data=lambda c: {"organisation": c.orgs[OTHER].pk, "role": Role.ADMIN},
         effect=lambda c: OrganisationRole.objects.filter(
             user__username="reader", organisation=c.orgs[OTHER], role=Role.ADMIN).exists()),
    Case("role for a superuser", lambda c: reverse("organisations:role_add",
                                                   args=[c.users[SUPERUSER].pk]), {SUPERUSER}),
    Case("role upgrade in own", lambda c: reverse("organisations:role_add",
                                                  args=[c.users[READER].pk]), ADMINS,
         yes=SAVED, method="post",
         data=lambda c: {"organisation": c.orgs[OWN].pk, "role": Role.EDITOR},
         effect=lambda c: OrganisationRole.objects.get(
             user__username="reader", organisation=c.orgs[OWN]).role == Role.EDITOR),
    Case("role remove form (own)", lambda c: reverse("organisations:role_remove",
                                                     args=[role_of("reader", OWN)(c)]), ADMINS),
    Case("role remove (own)", lambda c: reverse("organisations:role_remove",
                                                args=[role_of("reader", OWN)(c)]), ADMINS,
         yes=SAVED, method="post",
         effect=lambda c: not OrganisationRole.objects.filter(user__username="reader").exists()),
    Case("role remove (other)", lambda c: reverse("organisations:role_remove",
                                                  args=[role_of("outsider", OTHER)(c)]),
         {SUPERUSER}, yes=SAVED, method="post",
         effect=lambda c: not OrganisationRole.objects.filter(user__username="outsider").exists()),
]

def token_of(who):
    """Issues the user's API token (inside the role's transaction) and names the user."""
    def build(cast):
        user = cast.users[who]
        issue_token(user)
        return {"user": user.pk, "action": "revoke"}
    return build


TOKENS = [
    Case("api tokens", lambda c: reverse("organisations:api_tokens"), SIGNED_IN),
    Case("revoke the token of a reader in own", lambda c: reverse("organisations:api_tokens"),
         ADMINS | {READER}, yes=SAVED, method="post", data=token_of(READER),
         effect=lambda c: not Token.objects.filter(user__username="reader").exists()),
    Case("revoke the token of a user in other", lambda c: reverse("organisations:api_tokens"),
         {SUPERUSER, OUTSIDER}, yes=SAVED, method="post", data=token_of(OUTSIDER),
         effect=lambda c: not Token.objects.filter(user__username="outsider").exists()),
]

CASES = [*LISTS, *(case for s in SCOPES for case in organisation_cases(s)), *MEMBERSHIPS, *USERS, *TOKENS]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case, module_cast):
    check_every_role(case, module_cast)


def test_every_organisation_page_is_in_the_matrix(module_cast):
    from samverkan.organisations import urls

    covered = {resolve(case.url(module_cast).split("?")[0]).url_name for case in CASES}
    assert {p.name for p in urls.urlpatterns} - covered == set()
