"""Locust users for bench/load_test.py: log in through the form, then read, search, export
and edit at national scale through nginx.

Every user is logged in once (a database session, sent to whichever app server nginx picks),
so a session that one server does not accept shows up as a redirect to the login page, which
counts as an error. Edits go through the API with `If-Match`: a user reads a system, appends a
token of its own to the description and saves; 412 (someone saved in between) is the expected
answer to a conflict and is retried with the new version. Every token the server accepted must
be in the final description: one that is missing is a lost update (load_test.py counts them).
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, between, events, task

# set by load_test.py: a few Laxå systems, so that editors collide and If-Match has work to do
SYSTEMS = [int(pk) for pk in os.environ.get("LOAD_SYSTEMS", "").split(",") if pk]
LAXA = os.environ.get("LOAD_LAXA", "")
accepted: dict[int, list[str]] = {}
counters = {"conflicts": 0, "retries": 0}
tokens = itertools.count(1)


def check(response, name: str) -> None:
    if response.status_code != 200:
        response.failure(f"{name}: HTTP {response.status_code}")


class Visitor(HttpUser):
    """A municipality's IT or finance person (half superuser, half Laxå editor)."""

    wait_time = between(1, 3)

    def on_start(self):
        self.client.verify = False  # the loopback certificate is self-signed
        self.username = random.choice(["bench-admin", "bench-editor"])
        base = self.host.rstrip("/")
        self.client.headers.update({"Referer": base + "/", "Origin": base})
        self.client.get("/konto/logga-in/", name="login form")
        with self.client.post("/konto/logga-in/", name="login", allow_redirects=False,
                              catch_response=True, data={
                                  "username": self.username, "password": "bench",
                                  "csrfmiddlewaretoken": self.client.cookies.get("csrftoken")}) as r:
            if r.status_code != 302:
                r.failure(f"login: HTTP {r.status_code}")

    def page(self, url: str, name: str, retry: bool = True) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code in (502, 504) and retry:
                counters["retries"] += 1  # the user presses reload once
                response.success()
                self.page(url, name, retry=False)
                return
            check(response, name)

    @task(4)
    def dashboard(self):
        self.page("/", "dashboard")

    @task(6)
    def system_list(self):
        self.page(f"/system/?page={random.randint(1, 200)}", "system list")

    @task(4)
    def system_detail(self):
        self.page(f"/system/{random.choice(SYSTEMS)}/", "system detail")

    @task(3)
    def search_list(self):
        self.page(f"/system/?q={random.choice(['procapita', 'edlevo', 'tieto', 'skol'])}",
                  "system list search")

    @task(3)
    def global_search(self):
        self.page(f"/sok/?q={random.choice(['edlevo', 'visma', 'lärplattform', 'laxå'])}",
                  "global search")

    @task(2)
    def objects(self):
        self.page("/objekt/", "management object list")

    @task(2)
    def reconciliation(self):
        self.page(f"/ekonomi/avstamning/?year={random.choice([2022, 2023, 2024])}",
                  "reconciliation")

    @task(1)
    def export(self):
        self.page(f"/system/?organisation={LAXA}&export={random.choice(['csv', 'xlsx'])}",
                  "export (Laxå systems)")

    @task(2)
    def edit(self):
        pk = random.choice(SYSTEMS)
        token = f"u{next(tokens)}"
        for _attempt in range(5):
            with self.client.get(f"/api/systems/{pk}/", name="edit: read",
                                 catch_response=True) as response:
                check(response, "edit: read")
                if response.status_code != 200:
                    return
                current = response.json()
            description = (current.get("description") or "") + f" {token}"
            with self.client.patch(
                    f"/api/systems/{pk}/", name="edit: save (If-Match)", catch_response=True,
                    json={"description": description},
                    headers={"If-Match": f'"{current["version"]}"',
                             "X-CSRFToken": self.client.cookies.get("csrftoken", "")}) as saved:
                if saved.status_code == 412:
                    counters["conflicts"] += 1
                    saved.success()
                    continue
                check(saved, "edit: save")
                if saved.status_code == 200:
                    accepted.setdefault(pk, []).append(token)
                return


@events.test_stop.add_listener
def write_edits(environment, **kwargs):
    """The accepted tokens and counters, for load_test.py to look for lost updates."""
    with open(os.environ.get("LOAD_EDITS_FILE", "edits.json"), "w") as out:
        json.dump({"accepted": accepted, **counters}, out)
