"""Every contract page × every role × own / other / cooperation organisation.

Read a row as: "<request> — <who gets yes>, the others get <no>". Anonymous visitors are sent to
the login page. Each refused request must leave the database (contracts included) as it was.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from samverkan.contracts.models import (
    Contract,
    ContractDocument,
    ContractExtensionOption,
    ContractParty,
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
    ROLES,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
)
from samverkan.testing.matrix import DENIED, INVALID, MISSING, SAVED, Case, check

from .conftest import NUMBERS

pytestmark = pytest.mark.django_db


def url(name, *args):
    """url("contracts:party_edit", ("contracts", OWN), ("parties", OWN))"""
    def build(cast):
        return reverse(name, args=[getattr(cast, group)[scope].pk for group, scope in args])
    return build


def contract(scope):
    return Contract.objects.get(number=NUMBERS[scope])


def seeded_party(scope):
    return ContractParty.objects.get(contract=contract(scope), role="avtalspart")


def seeded_option(scope):
    return ContractExtensionOption.objects.get(contract=contract(scope), ordering=1)


# effects get a fresh copy of the cast without the contracts: they read the database
def contract_form(cast, scope, title, owner=None, **extra):
    current = contract(scope)
    return {"title": title, "number": NUMBERS[scope], "organisation": cast.orgs[owner or scope].pk,
            "supplier": cast.supplier.pk, "start_date": "2020-01-01",
            "original_end_date": "2022-12-31", "renewal_period_months": 12,
            "notice_period_months": 3, "internal_lead_days": 30, "data_exit_clause": "unknown",
            "expected_version": current.version, **extra}


def new_contract_form(cast, scope, title, **extra):
    return {"title": title, "organisation": cast.orgs[scope].pk, "supplier": cast.supplier.pk,
            "start_date": "2024-01-01", "internal_lead_days": 30, "data_exit_clause": "unknown",
            **extra}


LIST = reverse("contracts:contracts")
ALL_TITLES = lambda c: [c.contracts[s].title for s in SCOPES]  # noqa: E731

LISTS = [
    Case("contract list", lambda c: LIST, SIGNED_IN, shows=ALL_TITLES,
         link=lambda c: reverse("contracts:contract_add"), link_roles=EDITORS_ANYWHERE),
    Case("contract list by organisation", lambda c: f"{LIST}?organisation={c.orgs[OTHER].pk}",
         SIGNED_IN, shows=lambda c: [c.contracts[OTHER].title],
         hides=lambda c: [c.contracts[OWN].title]),
    Case("contract list by status", lambda c: f"{LIST}?status=passivt_forlangt", SIGNED_IN,
         shows=ALL_TITLES),
    Case("contract list by another status", lambda c: f"{LIST}?status=upphort", SIGNED_IN,
         hides=ALL_TITLES),
    Case("contract list by flag", lambda c: f"{LIST}?flag=passivt_forlangt", SIGNED_IN,
         shows=ALL_TITLES),
    Case("contract list by system", lambda c: f"{LIST}?system={c.systems[COOP].pk}", SIGNED_IN,
         shows=lambda c: [c.contracts[COOP].title], hides=lambda c: [c.contracts[OWN].title]),
    Case("contract list by object",
         lambda c: f"{LIST}?management_object={c.objects[OWN].pk}", SIGNED_IN,
         shows=lambda c: [c.contracts[OWN].title], hides=lambda c: [c.contracts[OTHER].title]),
    Case("contract list by supplier and text", lambda c: f"{LIST}?supplier={c.supplier.pk}&q=Laxå",
         SIGNED_IN, shows=lambda c: [c.contracts[OWN].title],
         hides=lambda c: [c.contracts[OTHER].title]),
    Case("contract list sorted by notice deadline", lambda c: f"{LIST}?sort=-notice_deadline",
         SIGNED_IN, shows=ALL_TITLES),
    Case("contract list sorted by status", lambda c: f"{LIST}?sort=status", SIGNED_IN,
         shows=ALL_TITLES),
    Case("contract list sorted by term end", lambda c: f"{LIST}?sort=term_end", SIGNED_IN,
         shows=ALL_TITLES),
    Case("contract export csv", lambda c: f"{LIST}?export=csv", SIGNED_IN, shows=ALL_TITLES),
    Case("contract export xlsx", lambda c: f"{LIST}?export=xlsx", SIGNED_IN),
    Case("contract calendar", lambda c: reverse("contracts:calendar") + "?horisont=730",
         SIGNED_IN, shows=lambda c: [c.contracts[OWN].title, "Sista dag för uppsägning"]),
    Case("contract calendar for one organisation",
         lambda c: reverse("contracts:calendar") + f"?organisation={c.orgs[OWN].pk}",
         SIGNED_IN, shows=lambda c: [c.contracts[OWN].title],
         hides=lambda c: [c.contracts[OTHER].title]),
    Case("calendar subscriptions page", lambda c: reverse("contracts:calendar_tokens"),
         SIGNED_IN),
    Case("supplier's contracts", lambda c: reverse("contracts:supplier", args=[c.supplier.pk]),
         SIGNED_IN, shows=ALL_TITLES),
]


def contract_cases(s):
    return [
        Case(f"contract detail ({s})", url("contracts:contract", ("contracts", s)), SIGNED_IN,
             shows=lambda c: [c.contracts[s].title, c.systems[s].name, c.people[s].name,
                              "Passivt förlängt sedan 2023-01-01"],
             link=url("contracts:contract_edit", ("contracts", s)), link_roles=CHANGERS[s]),
        Case(f"contract add form ({s})", lambda c: reverse("contracts:contract_add"),
             EDITORS_ANYWHERE),
        Case(f"contract add ({s})", lambda c: reverse("contracts:contract_add"), CHANGERS[s],
             yes=SAVED, no=INVALID, overrides={READER: DENIED}, method="post",
             data=lambda c: new_contract_form(c, s, "Nytt avtal", systems=[c.systems[s].pk]),
             effect=lambda c: Contract.objects.filter(
                 title="Nytt avtal", organisation=c.orgs[s], systems=c.systems[s]).exists()),
        Case(f"contract edit form ({s})", url("contracts:contract_edit", ("contracts", s)),
             CHANGERS[s]),
        Case(f"contract edit ({s})", url("contracts:contract_edit", ("contracts", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: contract_form(c, s, "Omdöpt avtal"),
             effect=lambda c: contract(s).title == "Omdöpt avtal" and contract(s).version == 2),
        Case(f"contract archive form ({s})", url("contracts:contract_archive", ("contracts", s)),
             CHANGERS[s]),
        Case(f"contract archive ({s})", url("contracts:contract_archive", ("contracts", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"expected_version": contract(s).version},
             effect=lambda c: contract(s).archived_at is not None),
        # parties
        Case(f"party add form ({s})", url("contracts:party_add", ("contracts", s)), CHANGERS[s]),
        Case(f"party add ({s})", url("contracts:party_add", ("contracts", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "role": "avropande",
                             "annual_amount": "18 000,50"},
             effect=lambda c: ContractParty.objects.filter(
                 contract=contract(s), role="avropande", annual_amount_ore=18_000_50).exists()),
        Case(f"party add without amount ({s})", url("contracts:party_add", ("contracts", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "role": "avropande"},
             effect=lambda c: ContractParty.objects.filter(
                 contract=contract(s), role="avropande", annual_amount_ore=None).exists()),
        Case(f"party edit ({s})", url("contracts:party_edit", ("contracts", s), ("parties", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "role": "avtalspart",
                             "annual_amount": "372000",
                             "expected_version": c.parties[s].version},
             effect=lambda c: seeded_party(s).annual_amount_ore == 372_000_00),
        Case(f"party delete form ({s})",
             url("contracts:party_delete", ("contracts", s), ("parties", s)), CHANGERS[s]),
        Case(f"party delete ({s})",
             url("contracts:party_delete", ("contracts", s), ("parties", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: not contract(s).parties.exists()),
        # extension options
        Case(f"option add form ({s})", url("contracts:option_add", ("contracts", s)),
             CHANGERS[s]),
        Case(f"option add ({s})", url("contracts:option_add", ("contracts", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"ordering": 2, "length_months": 24},
             effect=lambda c: contract(s).extension_options.filter(length_months=24).exists()),
        Case(f"option used ({s})", url("contracts:option_edit", ("contracts", s), ("options", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"ordering": 1, "length_months": 12, "used_on": "2022-06-01",
                             "expected_version": c.options[s].version},
             effect=lambda c: str(seeded_option(s).used_on) == "2022-06-01"),
        Case(f"option delete ({s})",
             url("contracts:option_delete", ("contracts", s), ("options", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: not contract(s).extension_options.exists()),
        # documents
        Case(f"document add form ({s})", url("contracts:document_add", ("contracts", s)),
             CHANGERS[s]),
        Case(f"document add with file ({s})", url("contracts:document_add", ("contracts", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"title": "Bilaga", "kind": "bilaga",
                             "file": SimpleUploadedFile("bilaga.pdf", b"%PDF-1.4 bilaga")},
             effect=lambda c: ContractDocument.objects.get(
                 contract=contract(s), title="Bilaga").file.read() == b"%PDF-1.4 bilaga"),
        Case(f"document edit ({s})",
             url("contracts:document_edit", ("contracts", s), ("contract_documents", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"title": "Ny titel", "kind": "avtal",
                             "url": "https://intranat.example.se/avtal",
                             "expected_version": c.contract_documents[s].version},
             effect=lambda c: contract(s).documents.get().title == "Ny titel"),
        Case(f"document delete ({s})",
             url("contracts:document_delete", ("contracts", s), ("contract_documents", s)),
             CHANGERS[s], yes=SAVED, method="post",
             effect=lambda c: not contract(s).documents.exists()),
        Case(f"document download ({s})",
             url("contracts:document_file", ("contracts", s), ("contract_documents", s)),
             SIGNED_IN, shows=lambda c: [f"Avtal {c.orgs[s].name}"]),
    ]


def moved(scope, to):
    return lambda c: contract(scope).organisation_id == c.orgs[to].pk


EXTRAS = [
    # a hand-made POST that moves Laxå's contract elsewhere: only a superuser may
    Case("move own contract to other", url("contracts:contract_edit", ("contracts", OWN)),
         {SUPERUSER}, yes=SAVED, overrides={EDITOR: INVALID, ORG_ADMIN: INVALID}, method="post",
         data=lambda c: contract_form(c, OWN, "Flyttat", owner=OTHER), effect=moved(OWN, OTHER)),
    Case("move other contract to own", url("contracts:contract_edit", ("contracts", OTHER)),
         {SUPERUSER}, yes=SAVED, overrides={OUTSIDER: INVALID}, method="post",
         data=lambda c: contract_form(c, OTHER, "Flyttat", owner=OWN), effect=moved(OTHER, OWN)),
    # references into an unrelated organisation are refused for everybody, superusers too
    Case("own contract linked to other's system",
         url("contracts:contract_edit", ("contracts", OWN)), CHANGERS[OWN], yes=INVALID,
         method="post",
         data=lambda c: contract_form(c, OWN, "Fel", systems=[c.systems[OTHER].pk])),
    Case("own contract with other's responsible person",
         url("contracts:contract_edit", ("contracts", OWN)), CHANGERS[OWN], yes=INVALID,
         method="post",
         data=lambda c: contract_form(c, OWN, "Fel", responsible_people=[c.people[OTHER].pk])),
    Case("own contract with other's management object",
         url("contracts:contract_edit", ("contracts", OWN)), CHANGERS[OWN], yes=INVALID,
         method="post",
         data=lambda c: contract_form(c, OWN, "Fel", management_objects=[c.objects[OTHER].pk])),
    Case("own contract linked to the cooperation's system",
         url("contracts:contract_edit", ("contracts", OWN)), CHANGERS[OWN], yes=SAVED,
         method="post",
         data=lambda c: contract_form(c, OWN, "Samverkan", systems=[c.systems[COOP].pk]),
         effect=lambda c: contract(OWN).systems.filter(pk=c.systems[COOP].pk).exists()),
    Case("other organisation as party of own contract",
         url("contracts:party_add", ("contracts", OWN)), CHANGERS[OWN], yes=INVALID,
         method="post", data=lambda c: {"organisation": c.orgs[OTHER].pk, "role": "avtalspart"}),
    Case("member as party of the cooperation's contract",
         url("contracts:party_add", ("contracts", COOP)), CHANGERS[COOP], yes=SAVED,
         method="post", data=lambda c: {"organisation": c.orgs[OTHER].pk, "role": "avropande"},
         effect=lambda c: contract(COOP).parties.filter(organisation=c.orgs[OTHER]).exists()),
    Case("negative amount", url("contracts:party_add", ("contracts", OWN)), CHANGERS[OWN],
         yes=INVALID, method="post",
         data=lambda c: {"organisation": c.orgs[OWN].pk, "role": "avtalspart",
                         "annual_amount": "-5"}),
    Case("option used before the earlier one", url("contracts:option_add", ("contracts", OWN)),
         CHANGERS[OWN], yes=INVALID, method="post",
         data=lambda c: {"ordering": 2, "length_months": 12, "used_on": "2022-01-01"}),
    Case("end before start", url("contracts:contract_edit", ("contracts", OWN)), CHANGERS[OWN],
         yes=INVALID, method="post",
         data=lambda c: contract_form(c, OWN, "Fel", original_end_date="2019-01-01")),
    # a part of another organisation's contract, reached through one's own contract's URL
    Case("party of other contract via own URL",
         url("contracts:party_edit", ("contracts", OWN), ("parties", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post",
         data=lambda c: {"organisation": c.orgs[OWN].pk, "role": "avtalspart"}),
    Case("option of other contract via own URL",
         url("contracts:option_delete", ("contracts", OWN), ("options", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post"),
    Case("document of other contract via own URL",
         url("contracts:document_delete", ("contracts", OWN), ("contract_documents", OTHER)),
         CHANGERS[OWN], yes=MISSING, method="post"),
    Case("document file of other contract via own URL",
         url("contracts:document_file", ("contracts", OWN), ("contract_documents", OTHER)),
         SIGNED_IN, yes=MISSING),
    Case("document of a forbidden type", url("contracts:document_add", ("contracts", OWN)),
         CHANGERS[OWN], yes=INVALID, method="post",
         data=lambda c: {"title": "Skript", "kind": "annat",
                         "file": SimpleUploadedFile("skript.exe", b"MZ\x90\x00")}),
    Case("stale edit", url("contracts:contract_edit", ("contracts", OWN)), CHANGERS[OWN],
         yes=INVALID, method="post",
         data=lambda c: contract_form(c, OWN, "Gammal", expected_version=0)),
]

CASES = [*LISTS, *(case for s in SCOPES for case in contract_cases(s)), *EXTRAS]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case, who, ccast):
    check(case, who, ccast)


def test_every_contract_page_is_in_the_matrix(ccast):
    """A new page must join the matrix (the calendar feed has its own tests: it has no login)."""
    from samverkan.contracts import urls

    covered = {resolve(case.url(ccast).split("?")[0]).url_name for case in CASES}
    assert {p.name for p in urls.urlpatterns} - covered == {"calendar_feed"}
