"""Every decision-basis page and API endpoint × every role, on the planning cast's meetings of
Laxå (own), Hallsberg (other) and their cooperation (coop): each decision item «Ärenden för
beslut» has a basis (beredd), and a second decision item none yet. Meetings are read by everyone
signed in, so their bases are too; the meeting's editors write them and change their state.

Read a row as: "<request> — <who gets yes>, the others get <no>"."""

import pytest
from django.urls import reverse

from samverkan.planning.models import AgendaItem
from samverkan.reports.models import DecisionBasis
from samverkan.testing.cast import ANONYMOUS, CHANGERS, ROLES, SCOPES, SIGNED_IN, extend_cast
from samverkan.testing.matrix import (
    CREATED,
    DENIED,
    MISSING,
    OK,
    SAVED,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

pytestmark = pytest.mark.django_db
KIND = "decision-basis"


@pytest.fixture
def bcast(pcast, monkeypatch):
    pcast.bases, pcast.fresh_items = {}, {}
    for s in SCOPES:
        item = pcast.agenda_items[s]
        pcast.bases[s] = DecisionBasis.objects.create(
            agenda_item=item, subject=f"Ärende {s}", proposal=f"Förslag {s}",
            state=DecisionBasis.State.PREPARED)
        pcast.fresh_items[s] = AgendaItem.objects.create(
            meeting=item.meeting, order=9, title=f"Ny fråga {s}", kind=AgendaItem.Kind.DECISION)
    extend_cast(monkeypatch, snapshot_apps=("reports",), kept=("bases", "fresh_items"))
    return pcast


def basis_url(name, s, by="bases"):
    return lambda c: reverse(name, args=[getattr(c, by)[s].pk])


def stored(c, s) -> DecisionBasis:
    return DecisionBasis.objects.get(pk=c.bases[s].pk)


PAGES = [case for s in SCOPES for case in (
    Case(f"basis page ({s})", basis_url("reports:basis", s), SIGNED_IN,
         shows=lambda c, s=s: [f"Ärende {s}", f"Förslag {s}", "Konsekvenser per kommun"],
         link=lambda c, s=s: reverse("reports:basis_edit", args=[c.agenda_items[s].pk]),
         link_roles=CHANGERS[s]),
    Case(f"meeting page links the basis ({s})",
         lambda c, s=s: reverse("planning:meeting", args=[c.meetings[s].pk]), SIGNED_IN,
         link=lambda c, s=s: reverse("reports:basis_for_item", args=[c.agenda_items[s].pk]),
         link_roles=SIGNED_IN),
    Case(f"item with a basis leads to it ({s})", basis_url("reports:basis_for_item", s,
                                                           "agenda_items"), SIGNED_IN, yes=SAVED),
    Case(f"item without a basis leads its editors to the form ({s})",
         basis_url("reports:basis_for_item", s, "fresh_items"), CHANGERS[s], yes=SAVED,
         no=MISSING),
    Case(f"basis form ({s})", basis_url("reports:basis_edit", s, "agenda_items"), CHANGERS[s],
         shows=lambda c, s=s: [f"Ärende {s}"]),
    Case(f"basis edit ({s})", basis_url("reports:basis_edit", s, "agenda_items"), CHANGERS[s],
         yes=SAVED, method="post",
         data=lambda c, s=s: {"subject": "Ändrat ärende", "proposal": "Nytt förslag",
                              "expected_version": c.bases[s].version},
         effect=lambda c, s=s: stored(c, s).subject == "Ändrat ärende"),
    Case(f"basis add ({s})", basis_url("reports:basis_edit", s, "fresh_items"), CHANGERS[s],
         yes=SAVED, method="post", data=lambda c: {"subject": "Nytt", "proposal": "Förslag"},
         effect=lambda c, s=s: DecisionBasis.objects.filter(
             agenda_item=c.fresh_items[s], state=DecisionBasis.State.DRAFT).exists()),
    Case(f"basis decided ({s})", basis_url("reports:basis_state", s), CHANGERS[s], yes=SAVED,
         method="post", data=lambda c, s=s: {"state": "beslutad",
                                             "expected_version": c.bases[s].version},
         effect=lambda c, s=s: stored(c, s).decision_id == c.decisions[s].pk),
    Case(f"basis back to draft ({s})", basis_url("reports:basis_state", s), CHANGERS[s],
         yes=SAVED, method="post", data=lambda c, s=s: {"state": "utkast",
                                                        "expected_version": c.bases[s].version},
         effect=lambda c, s=s: stored(c, s).state == DecisionBasis.State.DRAFT),
    Case(f"basis document form ({s})",
         lambda c, s=s: reverse("reports:make", args=[KIND]) + f"?item={c.agenda_items[s].pk}",
         SIGNED_IN, shows=lambda c, s=s: ["Konsekvenser per kommun"]),
)]


@pytest.mark.parametrize("case", PAGES, ids=str)
def test_page_permission_matrix(case, bcast):
    check_every_role(case, bcast)


def api(name, url, allowed, **options):
    return Case(name, url, allowed, anonymous=UNAUTHORISED, **options)


API = [
    api("decision bases", lambda c: "/api/decision-bases/", SIGNED_IN,
        shows=lambda c: [f"Ärende {s}" for s in SCOPES]),
    api("decision bases cannot be removed",
        lambda c: f"/api/decision-bases/{c.bases['own'].pk}/", frozenset(), method="delete",
        no="HTTP 405"),
    *[case for s in SCOPES for case in (
        api(f"decision basis ({s})", lambda c, s=s: f"/api/decision-bases/{c.bases[s].pk}/",
            SIGNED_IN, shows=lambda c, s=s: [f"Förslag {s}"]),
        api(f"decision basis add ({s})", lambda c: "/api/decision-bases/", CHANGERS[s],
            yes=CREATED, method="post",
            data=lambda c, s=s: {"agenda_item": c.fresh_items[s].pk, "subject": "Nytt",
                                 "proposal": "Förslag"},
            effect=lambda c, s=s: DecisionBasis.objects.filter(
                agenda_item=c.fresh_items[s]).exists()),
        api(f"decision basis change ({s})",
            lambda c, s=s: f"/api/decision-bases/{c.bases[s].pk}/", CHANGERS[s], method="patch",
            data=lambda c, s=s: {"proposal": "Ändrat", "version": c.bases[s].version},
            effect=lambda c, s=s: stored(c, s).proposal == "Ändrat"),
        api(f"decision basis decided ({s})",
            lambda c, s=s: f"/api/decision-bases/{c.bases[s].pk}/state/", CHANGERS[s],
            method="post", data=lambda c, s=s: {"state": "beslutad",
                                                "version": c.bases[s].version},
            effect=lambda c, s=s: stored(c, s).state == DecisionBasis.State.DECIDED),
        *[api(f"decision basis document ({s}, {fmt})",
              lambda c, s=s, fmt=fmt: f"/api/reports/{KIND}/?item={c.agenda_items[s].pk}"
                                      f"&format={fmt}", SIGNED_IN)
          for fmt in ("pptx", "xlsx", "html")],
    )],
    api("decision basis document of an item without one",
        lambda c: f"/api/reports/{KIND}/?item={c.fresh_items['own'].pk}&format=pptx",
        frozenset(), no=MISSING),
    api("decision basis document for a municipality outside it",
        lambda c: f"/api/reports/{KIND}/?item={c.agenda_items['own'].pk}"
                  f"&member={c.orgs['other'].pk}&format=pptx",
        frozenset(), no="400 refused by the form"),
]


@pytest.mark.parametrize("case", API, ids=str)
def test_api_permission_matrix(case, bcast):
    check_every_role(case, bcast, send=api_send)


def test_a_stale_change_is_refused_with_412_and_a_missing_version_with_428(bcast):
    client = bcast.client("superuser")
    url = f"/api/decision-bases/{bcast.bases['own'].pk}/"
    assert api_send(client, "patch", url, {"proposal": "x"}).status_code == 428
    assert api_send(client, "patch", url, {"proposal": "x", "version": 99}).status_code == 412
    assert client.get(url, HTTP_ACCEPT="application/json")["ETag"] == '"1"'


def test_every_role_and_page_is_covered():
    from samverkan.reports.urls import urlpatterns
    names = {p.name for p in urlpatterns if p.name and p.name.startswith("basis")}
    assert names == {"basis", "basis_state", "basis_for_item", "basis_edit"}
    assert ANONYMOUS in ROLES and DENIED and OK
