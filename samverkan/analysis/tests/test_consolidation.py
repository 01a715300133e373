"""The consolidation finder on the permission cast: flags, users, costs, assessments, contracts
and the window; confidential prices left out of everything a reader sees (and an inference test:
the same answer whether the hidden amount is 1 öre or 10⁹); constant query counts; «Skapa
initiativ» carries the evidence without any secret."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.analysis.api import consolidation_row
from samverkan.analysis.services import candidates, consolidation
from samverkan.analysis.tests.consolidation_data import (  # noqa: F401
    ON,
    SECRET_INVOICED_ORE,
    SECRET_ORE,
    YEAR,
    more_installations,
)
from samverkan.contracts.models import ContractParty
from samverkan.initiatives.models import Initiative
from samverkan.ledger.models import Reconciliation
from samverkan.testing.cast import COOP_EDITOR, EDITOR, OUTSIDER, READER, SUPERUSER

pytestmark = pytest.mark.django_db

CAPABILITY = "Lärplattform (test)"


def group_of(cast, who, **kw):
    report = consolidation.report(cast.users[who], year=YEAR, on=ON,
                                  cooperation=cast.orgs["coop"], **kw)
    return report, next(g for g in report.groups if g.capability.name == CAPABILITY)


def test_it_flags_several_products_and_a_product_in_several_installations(ccast):
    report, group = group_of(ccast, SUPERUSER)
    assert group.candidate and group.several_products
    assert [p.name for p in group.products] == ["Haldor (test)", "Unikum (test)"]
    assert [(p.name, n) for p, n in group.shared_products] == [("Unikum (test)", 2)]
    assert report.groups[0] is group  # candidates first
    assert [i.system.name for i in group.installations] == [
        "Haldor gemensam", "Unikum Hallsberg", "Unikum Laxå"]
    assert {o.name for o in group.members} == {"Laxå", "Hallsberg", "Sydnärkes IT-nämnd"}


def test_it_gives_users_costs_and_assessments_per_installation(ccast):
    _report, group = group_of(ccast, SUPERUSER)
    haldor, unikum_hbg, unikum_laxa = group.installations
    assert haldor.users == 80 and group.users == 280
    assert [(o.name, n) for o, n in haldor.usages] == [("Hallsberg", 50), ("Laxå", 30)]
    assert haldor.contracted.ore == 25_000_00 and haldor.invoiced.ore == 25_000_00
    assert unikum_hbg.contracted.ore == SECRET_ORE
    assert unikum_laxa.contracted.ore == 18_000_00 and unikum_laxa.invoiced.ore == 17_000_00
    assert group.contracted.ore == 43_000_00 + SECRET_ORE
    assert group.invoiced.ore == 42_000_00 + SECRET_INVOICED_ORE
    assert [r.assessment.disposition for r in unikum_laxa.results] == ["migrate"]
    assert haldor.results == []


def test_it_counts_contracts_outside_their_term_and_finds_the_common_window(ccast):
    import datetime

    _report, group = group_of(ccast, SUPERUSER)
    assert (group.outside_term, group.within_term) == (2, 1)
    window = group.window
    assert window.opens == datetime.date(2028, 1, 1)
    assert window.closes == datetime.date(2028, 7, 31)
    assert window.decide_by == datetime.date(2027, 6, 30)
    assert {line.contract.title: plan.planned_end for line, plan in group.plans} == {
        "Haldor gemensamt avtal": datetime.date(2027, 12, 31),
        "Unikum Hallsberg-avtal": datetime.date(2027, 12, 31),
        "Unikum Laxå-avtal": datetime.date(2028, 7, 31)}


def test_a_member_of_another_cooperation_is_outside_the_scope(ccast):
    report = consolidation.report(ccast.users[SUPERUSER], year=YEAR, on=ON)
    assert any(g.capability.name == CAPABILITY for g in report.groups)
    from samverkan.testing.factories import OrganisationFactory

    lonely = OrganisationFactory(name="Ensam nämnd", kind="gemensam_namnd", municipality_code="")
    empty = consolidation.report(ccast.users[SUPERUSER], year=YEAR, on=ON, cooperation=lonely)
    assert empty.groups == []


def test_a_reader_without_the_right_sees_no_confidential_amount(ccast):
    _report, group = group_of(ccast, READER)
    unikum_hbg = group.installations[1]
    assert unikum_hbg.contracted.ore is None and unikum_hbg.contracted.hidden == 1
    assert unikum_hbg.invoiced.ore is None and unikum_hbg.invoiced.hidden == 1
    assert group.contracted.ore == 43_000_00 and group.contracted.hidden == 1
    assert group.invoiced.ore == 42_000_00 and group.invoiced.hidden == 1
    _report, seen = group_of(ccast, OUTSIDER)  # Hallsberg's own editor sees it
    assert seen.installations[1].contracted.ore == SECRET_ORE


def _page(cast, who):
    client = cast.client(who)
    url = reverse("analysis:consolidation") + f"?samverkan={cast.orgs['coop'].pk}&ar={YEAR}"
    return client.get(url).content.decode()


def _api(cast, who):
    client = cast.client(who)
    response = client.get(f"/api/consolidation/?cooperation={cast.orgs['coop'].pk}&year={YEAR}",
                          HTTP_ACCEPT="application/json")
    return response.json()


def _without_tokens(text):
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", text)


def _set_secret(cast, value):
    contract = cast.consolidation["contracts"]["other"]
    ContractParty.objects.filter(contract=contract).update(annual_amount_ore=value)
    Reconciliation.objects.filter(contract=contract).update(invoiced_ore=value)


@pytest.mark.parametrize("who", [READER, EDITOR, COOP_EDITOR])
def test_the_hidden_amount_changes_nothing_the_reader_sees(ccast, who):
    _set_secret(ccast, 1)
    small = (_page(ccast, who), _api(ccast, who),
             [consolidation_row(g) for g in group_of(ccast, who)[0].groups])
    _set_secret(ccast, 10**9)
    large = (_page(ccast, who), _api(ccast, who),
             [consolidation_row(g) for g in group_of(ccast, who)[0].groups])
    assert small[1] == large[1] and small[2] == large[2]
    assert _without_tokens(small[0]) == _without_tokens(large[0])
    assert "10\u00a0000\u00a0000,00" not in large[0]


def test_the_page_shows_the_figures_and_no_secret(ccast):
    text = _page(ccast, READER)
    assert "Unikum (test) finns i 2 separata installationer." in text
    assert "43\u00a0000,00\u00a0kr" in text and "sekretess" in text
    assert "1\u00a0234\u00a056,78" not in text and "987\u00a065,43" not in text
    assert "Skapa initiativ" not in text  # the reader may not propose


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def test_query_counts_stay_the_same_with_more_installations(ccast):
    def fresh_user():
        user = ccast.users[READER]
        return type(user).objects.get(pk=user.pk)  # no cached roles or hidden contracts

    def finder():
        consolidation.report(fresh_user(), year=YEAR, on=ON, cooperation=ccast.orgs["coop"])

    def page():
        _page(ccast, READER)

    before = (_queries(finder), _queries(page))
    more_installations(ccast, 30)
    after = (_queries(finder), _queries(page))
    assert before == after
    assert after[0] <= 14
    report = consolidation.report(fresh_user(), year=YEAR, on=ON, cooperation=ccast.orgs["coop"])
    assert sum(len(g.installations) for g in report.groups) == 33


def test_an_editor_creates_an_initiative_with_the_evidence(ccast):
    initiative = candidates.create_initiative(
        ccast.users[SUPERUSER], ccast.orgs["coop"], ccast.consolidation["capability"].pk, YEAR,
        "https://example.se/analys/konsolidering/")
    assert initiative.organisation == ccast.orgs["coop"]
    assert initiative.stage == Initiative.Stage.IDEA
    assert initiative.capability == ccast.consolidation["capability"]
    assert set(initiative.systems.all()) == set(ccast.consolidation["systems"].values())
    text = initiative.problem
    for wanted in ("Haldor (test), Unikum (test)", "Laxå", "Hallsberg",
                   "Unikum (test) finns i 2 separata installationer", "2028-01-01", "2027-06-30",
                   "1 av 3 inom avtalad giltighetstid", "https://example.se/analys/konsolidering/"):
        assert wanted in text, wanted
    # built as every reader sees it: the secret is left out even when a superuser presses
    assert "1\u00a0234\u00a056,78" not in text and "987\u00a065,43" not in text
    assert "belopp under sekretess ingår inte" in text


def test_one_without_the_right_may_not_create_an_initiative(ccast):
    with pytest.raises(PermissionDenied):
        candidates.create_initiative(ccast.users[READER], ccast.orgs["coop"],
                                     ccast.consolidation["capability"].pk, YEAR, "x")
    assert not Initiative.objects.filter(name__startswith="Konsolidering").exists()


def test_a_capability_that_is_no_candidate_gives_no_initiative(ccast):
    from django.core.exceptions import ValidationError

    more_installations(ccast, 1)
    other = next(g for g in consolidation.report(ccast.users[SUPERUSER], year=YEAR).groups
                 if g.capability.name == "Ekonomi (test)")
    with pytest.raises(ValidationError):
        candidates.create_initiative(ccast.users[SUPERUSER], ccast.orgs["coop"],
                                     other.capability.pk, YEAR, "x")
