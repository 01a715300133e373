"""The consolidation finder's summary for the whole country: each capability's counts and flags
equal the detail's for the same data and reader; a hidden price changes nothing in it
(inference test); the page, the API and the exports of the summary and of one capability."""

import pytest
from django.urls import reverse

from samverkan.analysis.api import consolidation_summary_row
from samverkan.analysis.services import consolidation, consolidation_summary
from samverkan.analysis.tests.consolidation_data import (  # noqa: F401
    ON,
    YEAR,
    more_installations,
)
from samverkan.analysis.tests.test_consolidation import _set_secret, _without_tokens
from samverkan.testing.cast import EDITOR, OUTSIDER, READER, SUPERUSER

pytestmark = pytest.mark.django_db


def _capability(cast):
    return cast.consolidation["capability"]


def _detail_counts(group) -> dict:
    return {"installations": len(group.installations), "products": len(group.products),
            "organisations": len(group.members), "users": group.users,
            "contracts_running": len(group.contracts),
            "contracts_outside_term": group.outside_term,
            "several_products": group.several_products,
            "shared_products": len(group.shared_products), "candidate": group.candidate}


def _summary_counts(row) -> dict:
    return {"installations": row.installations, "products": row.products,
            "organisations": row.organisations, "users": row.users,
            "contracts_running": row.contracts_running,
            "contracts_outside_term": row.contracts_outside_term,
            "several_products": row.several_products, "shared_products": row.shared_products,
            "candidate": row.candidate}


@pytest.mark.parametrize("who", [SUPERUSER, READER, OUTSIDER])
def test_the_summary_counts_what_the_detail_shows(ccast, who):
    more_installations(ccast, 4)
    user = ccast.users[who]
    summary = consolidation_summary.summary(user, on=ON)
    detail = consolidation.report(user, year=YEAR, on=ON)
    assert [r.capability.pk for r in summary.rows] == [g.capability.pk for g in detail.groups]
    for row, group in zip(summary.rows, detail.groups, strict=True):
        assert _summary_counts(row) == _detail_counts(group), row.capability.name
        one = consolidation.report(user, year=YEAR, on=ON, capability_id=row.capability.pk)
        assert [_detail_counts(g) for g in one.groups] == [_detail_counts(group)]


def test_the_summary_of_the_test_capability(ccast):
    row = next(r for r in consolidation_summary.summary(ccast.users[READER], on=ON).rows
               if r.capability == _capability(ccast))
    assert _summary_counts(row) == {
        "installations": 3, "products": 2, "organisations": 3, "users": 280,
        "contracts_running": 3, "contracts_outside_term": 2, "several_products": True,
        "shared_products": 1, "candidate": True}


def _country_page(cast, who, query=""):
    return cast.client(who).get(reverse("analysis:consolidation") + f"?ar={YEAR}{query}")


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def _country_api(cast, who, query=""):
    return cast.client(who).get(f"/api/consolidation/?year={YEAR}{query}",
                                HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("who", [READER, EDITOR])
def test_the_hidden_amount_changes_nothing_in_the_summary(ccast, who):
    def seen():
        return (_without_tokens(_country_page(ccast, who).content.decode()),
                _country_api(ccast, who).json(),
                _body(_country_page(ccast, who, "&export=csv")),
                [consolidation_summary_row(r)
                 for r in consolidation_summary.summary(ccast.users[who], on=ON).rows])

    _set_secret(ccast, 1)
    small = seen()
    _set_secret(ccast, 10**9)
    assert seen() == small


def test_the_country_page_shows_the_summary_and_links_each_capability(ccast):
    text = _country_page(ccast, READER).content.decode()
    capability = _capability(ccast)
    assert "Sammanfattning för hela landet per förmåga" in text
    assert f"formaga={capability.pk}" in text and capability.name in text
    assert "Haldor gemensam" not in text  # no installation in the summary
    assert "Välj en samverkan för att skapa ett initiativ" in text


def test_one_capability_shows_its_installations(ccast):
    capability = _capability(ccast)
    text = _country_page(ccast, READER, f"&formaga={capability.pk}").content.decode()
    assert "Visar förmågan Lärplattform (test) i hela landet." in text
    assert "Haldor gemensam" in text and "Unikum Laxå" in text
    assert "Unikum (test) finns i 2 separata installationer." in text
    assert _country_page(ccast, READER, "&formaga=999999").status_code == 404


def test_the_exports_follow_what_the_page_shows(ccast):
    capability = _capability(ccast)
    summary = _body(_country_page(ccast, READER, "&export=csv"))
    assert "Lärplattform (test)" in summary and "Haldor gemensam" not in summary
    assert "Installationer" in summary.splitlines()[0]
    detail = _body(_country_page(ccast, READER, f"&formaga={capability.pk}&export=csv"))
    assert "Haldor gemensam" in detail and "Unikum Hallsberg" in detail
    assert _country_page(ccast, READER, "&export=xlsx").status_code == 200


def test_the_api_gives_the_summary_or_the_detail(ccast):
    capability = _capability(ccast)
    data = _country_api(ccast, READER).json()
    assert data["detail"] is False and data["cooperation"] is None
    row = next(r for r in data["results"] if r["capability"] == capability.pk)
    assert row == {"capability": capability.pk, "capability_name": "Lärplattform (test)",
                   "candidate": True, "installations": 3, "products": 2, "organisations": 3,
                   "users_total": 280, "contracts_running": row["contracts_running"],
                   "contracts_outside_agreed_term": row["contracts_outside_agreed_term"],
                   "several_products": True, "products_in_several_installations": 1}
    detail = _country_api(ccast, READER, f"&capability={capability.pk}").json()
    assert detail["detail"] is True and detail["capability"] == capability.pk
    assert [g["capability"] for g in detail["results"]] == [capability.pk]
    assert len(detail["results"][0]["installations"]) == 3
    assert _country_api(ccast, READER, "&capability=999999").status_code == 400


def test_one_capability_in_the_whole_country_is_shown_a_page_at_a_time(ccast, monkeypatch):
    from samverkan.analysis.views import consolidation as view

    monkeypatch.setattr(view, "PAGE_SIZE", 2)
    capability = _capability(ccast)
    first = _country_page(ccast, READER, f"&formaga={capability.pk}").content.decode()
    assert "Installation 1–2 av 3" in first
    assert "Haldor gemensam" in first and "Unikum Hallsberg" in first
    assert "Unikum Laxå</a>" not in first
    assert "Unikum (test) finns i 2 separata installationer." in first  # flags cover all
    second = _country_page(ccast, READER, f"&formaga={capability.pk}&sida=2").content.decode()
    assert "Unikum Laxå</a>" in second and "Installation 3–3 av 3" in second
    # a cooperation's page is not paged
    coop = _country_page(ccast, READER, f"&samverkan={ccast.orgs['coop'].pk}").content.decode()
    assert "Unikum Laxå</a>" in coop and "Installation 1–2" not in coop


@pytest.mark.parametrize("who", [SUPERUSER, READER])
def test_a_cooperation_too_large_for_one_page_is_summarised_as_its_detail_counts(
        ccast, who, monkeypatch):
    """Above the page's limit a cooperation gets the summary of its own installations (counts
    equal to its detail's), each capability linking to its detail within the cooperation; its
    export still holds every installation."""
    more_installations(ccast, 4)
    coop = ccast.orgs["coop"]
    user = ccast.users[who]
    scope = consolidation.scope_ids(coop, ON)
    summary = consolidation_summary.summary(user, on=ON, scope=scope)
    detail = consolidation.report(user, year=YEAR, on=ON, cooperation=coop)
    assert [r.capability.pk for r in summary.rows] == [g.capability.pk for g in detail.groups]
    for row, group in zip(summary.rows, detail.groups, strict=True):
        assert _summary_counts(row) == _detail_counts(group), row.capability.name
    query = f"&samverkan={coop.pk}"
    small = _country_page(ccast, who, query).content.decode()
    assert "Haldor gemensam" in small and "för många installationer" not in small
    monkeypatch.setattr(consolidation_summary, "DETAIL_LIMIT", 1)
    text = _country_page(ccast, who, query).content.decode()
    assert f"Sammanfattning för {coop.name} per förmåga" in text
    assert "Haldor gemensam" not in text
    capability = _capability(ccast)
    assert f"samverkan={coop.pk}&amp;ar={YEAR}&amp;formaga={capability.pk}" in text
    one = _country_page(ccast, who, f"{query}&formaga={capability.pk}").content.decode()
    assert "Haldor gemensam" in one
    assert "Haldor gemensam" in _body(_country_page(ccast, who, f"{query}&export=csv"))
    data = _country_api(ccast, who, f"&cooperation={coop.pk}").json()
    assert data["detail"] is False and data["cooperation"] == coop.pk
    assert [r["installations"] for r in data["results"]] == [r.installations
                                                             for r in summary.rows]
    detail = _country_api(ccast, who, f"&cooperation={coop.pk}&capability={capability.pk}")
    assert detail.json()["detail"] is True
