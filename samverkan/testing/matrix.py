"""Table-driven permission tests: one `Case` per request, the expected outcome per role.

A case names the request (method, URL, form data built from the cast), which roles get the
`yes` outcome and what the others get. Every refusal must also leave the database exactly as it
was; every accepted change must have its effect.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from .cast import ANONYMOUS, ROLES, Cast, changed_tables, snapshot

OK = "200 page"
SAVED = "saved and redirected"
CREATED = "201 created"
ARCHIVED = "204 archived"
DENIED = "403 denied"
INVALID = "400 refused by the form"
MISSING = "404 not found"
LOGIN = "redirect to login"
UNAUTHORISED = "401/403 without credentials"

LOGIN_PATH = "/konto/logga-in/"
CHANGES = (SAVED, CREATED, ARCHIVED, OK)  # outcomes of a request that changes something


def api_send(client, method, url, data):
    """An API request with a JSON body, as a script would make it."""
    if method == "get":
        return client.get(url, HTTP_ACCEPT="application/json")
    return client.generic(method.upper(), url, json.dumps(data or {}),
                          content_type="application/json", HTTP_ACCEPT="application/json")


@dataclass
class Case:
    name: str
    url: Callable[[Cast], str]
    allowed: frozenset
    yes: str = OK
    no: str = DENIED
    method: str = "get"
    data: Callable[[Cast], dict] | None = None
    effect: Callable[[Cast], bool] | None = None
    shows: Callable[[Cast], list[str]] = lambda cast: []
    hides: Callable[[Cast], list[str]] = lambda cast: []
    overrides: dict[str, str] = field(default_factory=dict)
    anonymous: str = LOGIN
    # a link (e.g. "Ändra") the page shows exactly to `link_roles`
    link: Callable[[Cast], str] | None = None
    link_roles: frozenset = frozenset()

    def __str__(self) -> str:
        return self.name

    def expected(self, who: str) -> str:
        if who == ANONYMOUS:
            return self.anonymous
        if who in self.overrides:
            return self.overrides[who]
        return self.yes if who in self.allowed else self.no


def outcome_of(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        return LOGIN if response["Location"].startswith(LOGIN_PATH) else SAVED
    return {200: OK, 201: CREATED, 204: ARCHIVED, 400: INVALID, 403: DENIED,
            404: MISSING}.get(status, f"HTTP {status}")


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def check(case: Case, who: str, cast: Cast, send=None) -> None:
    """Make the request as `who` and check outcome, effect, page content and database."""
    client = cast.client(who)
    url = case.url(cast)
    data = case.data(cast) if case.data else None
    changes_nothing = case.method == "get"  # pages that only read need no database check
    before = None if changes_nothing else snapshot()
    if send is not None:
        response = send(client, case.method, url, data)
    elif case.method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data or {})
    expected = case.expected(who)
    got = outcome_of(response)
    if expected == UNAUTHORISED and response.status_code in (401, 403):
        got = UNAUTHORISED
    text = body(response)
    assert got == expected, (
        f"{case.name} as {who}: expected {expected}, got {got}\n{text[:2000]}")
    if changes_nothing:
        pass
    elif expected == case.yes and expected in CHANGES:
        assert case.effect is not None, f"{case.name}: a change needs an effect check"
        assert case.effect(cast.fresh()), f"{case.name} as {who}: the change is missing"
    else:
        changed = changed_tables(before, snapshot())
        assert changed == [], f"{case.name} as {who} changed the database: {changed}"
    if expected == OK:
        for wanted in case.shows(cast):
            assert wanted in text, f"{case.name} as {who}: the page lacks {wanted!r}"
        for unwanted in case.hides(cast):
            assert unwanted not in text, f"{case.name} as {who}: the page shows {unwanted!r}"
        if case.link is not None:
            shown = f'href="{case.link(cast)}"' in text
            assert shown == (who in case.link_roles), (
                f"{case.name} as {who}: link {case.link(cast)} {'shown' if shown else 'missing'}")


def check_every_role(case: Case, cast: Cast, send=None, roles=ROLES) -> None:
    """`check` for each role in turn, each in a transaction rolled back afterwards so every role
    meets the same records; all differences are reported together, role by role."""
    failures = {}
    for who in roles:
        client = cast.client(who)
        client.cookies.pop("messages", None)
        with transaction.atomic():
            try:
                check(case, who, cast, send)
            except AssertionError as error:
                failures[who] = str(error)
            transaction.set_rollback(True)
    if failures:
        table = "\n".join(f"  {who:<12} {text.splitlines()[0]}" for who, text in failures.items())
        first = next(iter(failures.values()))
        raise AssertionError(f"{case.name}: {len(failures)} of {len(roles)} roles wrong\n{table}"
                             f"\n\nFirst in full:\n{first}")
