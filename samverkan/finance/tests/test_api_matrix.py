"""Every finance API resource × every role × records run by Laxå, Hallsberg and their
cooperation: the same permission layer as the pages. Snapshots (distributions, invoicing bases)
are read-only; a member reads its own lines, the pool's organisation all of them."""

import json

import pytest
from django.urls import reverse

from samverkan.finance import services
from samverkan.finance.models import (
    AllocationKey,
    Budget,
    CostPool,
    Distribution,
    InvoicingBasis,
    Service,
    ServiceVolume,
)
from samverkan.testing.cast import (
    ANONYMOUS,
    CHANGERS,
    COOP_EDITOR,
    EDITOR,
    OTHER,
    OUTSIDER,
    OWN,
    READER,
    ROLES,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
)
from samverkan.testing.matrix import (
    ARCHIVED,
    CREATED,
    MISSING,
    UNAUTHORISED,
    Case,
    api_send,
    check_every_role,
)

from .cast import LAXA_RECORD_VIEWERS, MEMBERS, YEAR

pytestmark = pytest.mark.django_db
NOT_ALLOWED = "HTTP 405"


def api(basename, group=None, scope=None, suffix=""):
    def build(cast):
        if group is None:
            return reverse(f"{basename}-list")
        record = getattr(cast, group)[scope]
        return reverse(f"{basename}-detail", args=[record.pk]) + suffix
    return build


def ApiCase(name, url, allowed, **options):  # noqa: N802 - reads like a class in the tables
    return Case(name, url, allowed, anonymous=UNAUTHORISED, **options)


def governed(basename, group, model, create, patch, check_patch):
    cases = [ApiCase(f"{basename} list", api(basename), SIGNED_IN)]
    for s in SCOPES:
        cases += [
            ApiCase(f"{basename} read ({s})", api(basename, group, s), SIGNED_IN,
                    shows=lambda c, s=s: ['"version":1']),
            ApiCase(f"{basename} create ({s})", api(basename), CHANGERS[s], yes=CREATED,
                    method="post", data=lambda c, s=s: create(c, s),
                    effect=lambda c, s=s: model.objects.filter(**check_patch(c, s, create=True))
                    .exists()),
            ApiCase(f"{basename} patch ({s})", api(basename, group, s), CHANGERS[s],
                    method="patch", data=lambda c, s=s: {**patch(c, s), "version": 1},
                    effect=lambda c, s=s: model.objects.filter(
                        pk=getattr(c, group)[s].pk, version=2, **check_patch(c, s)).exists()),
            ApiCase(f"{basename} delete archives ({s})", api(basename, group, s), CHANGERS[s],
                    yes=ARCHIVED, method="delete", data=lambda c: {"version": 1},
                    effect=lambda c, s=s: model.objects.get(
                        pk=getattr(c, group)[s].pk).archived_at is not None),
        ]
    return cases


def named(create_name, patch_name):
    def check_patch(c, s, create=False):
        return {"name": create_name if create else patch_name}
    return check_patch


def snapshots():
    cases = [
        ApiCase("distribution list", api("distribution"), SIGNED_IN),
        ApiCase("invoicing-basis list", api("invoicing-basis"), SIGNED_IN),
        Case("distribution write refused", api("distribution"), frozenset(), no=NOT_ALLOWED,
             anonymous=UNAUTHORISED, method="post", data=lambda c: {"pool": c.pools[OWN].pk}),
        Case("invoicing-basis write refused", api("invoicing-basis"), frozenset(), no=NOT_ALLOWED,
             anonymous=UNAUTHORISED, method="post", data=lambda c: {"year": YEAR}),
        ApiCase("cost-pool participants invalid", api("cost-pool", "drafts", OWN, "participants/"),
                CHANGERS[OWN], yes="400 refused by the form", method="put",
                data=lambda c: [{"organisation": c.orgs[OWN].pk, "reduction": "percent"}]),
    ]
    for s in SCOPES:
        cases += [
            ApiCase(f"distribution read ({s})", api("distribution", "distributions", s), SIGNED_IN,
                    shows=lambda c, s=s: [c.pools[s].name]),
            ApiCase(f"invoicing-basis read ({s})", api("invoicing-basis", "bases", s),
                    LAXA_RECORD_VIEWERS[s], no=MISSING, shows=lambda c, s=s: [c.pools[s].name]),
            ApiCase(f"cost-pool preview ({s})", api("cost-pool", "drafts", s, "preview/"),
                    MEMBERS[s] | {SUPERUSER}, shows=lambda c: ['"fingerprint"']),
            ApiCase(f"cost-pool participants ({s})", api("cost-pool", "drafts", s, "participants/"),
                    CHANGERS[s], method="put",
                    data=lambda c, s=s: [
                        {"organisation": c.orgs[OTHER if s == OTHER else OWN].pk,
                         "reduction": "exempt", "reason": "Gåva"},
                        {"organisation": c.orgs["coop"].pk}],
                    effect=lambda c, s=s: sorted(c.drafts[s].participants.values_list(
                        "organisation__name", "reduction")) == [
                        ("Hallsberg" if s == OTHER else "Laxå", "exempt"),
                        ("Sydnärkes IT-nämnd", "")]),
            ApiCase(f"invoicing-basis issue ({s})",
                    lambda c: reverse("invoicing-basis-issue"), CHANGERS[s], yes=CREATED,
                    method="post",
                    data=lambda c, s=s: {"issuer": c.orgs[s].pk, "year": YEAR,
                                         "voucher_date": "2026-04-30"},
                    effect=lambda c, s=s: InvoicingBasis.objects.filter(issuer=c.orgs[s],
                                                                        number=3).exists()),
            ApiCase(f"invoicing-basis sie ({s})", api("invoicing-basis", "bases", s, "sie/"),
                    LAXA_RECORD_VIEWERS[s], no=MISSING, shows=lambda c: ["#SIETYP 4", "#TRANS"]),
            ApiCase(f"cost-pool approve ({s})", api("cost-pool", "drafts", s, "approve/"),
                    CHANGERS[s], yes=CREATED, method="post",
                    data=lambda c, s=s: {"fingerprint": services.compute(c.drafts[s]).fingerprint},
                    effect=lambda c, s=s: Distribution.objects.filter(pool=c.drafts[s]).exists()),
        ]
    return cases


def volumes():
    cases = [ApiCase("service-volume list", api("service-volume"), SIGNED_IN)]
    for s in SCOPES:
        invisible = {w: MISSING for w in set(ROLES) - LAXA_RECORD_VIEWERS[s] - {ANONYMOUS}}
        cases += [
            ApiCase(f"service-volume read ({s})", api("service-volume", "volumes", s),
                    LAXA_RECORD_VIEWERS[s], no=MISSING),
            ApiCase(f"service-volume create ({s})", api("service-volume"), CHANGERS[s],
                    yes=CREATED, method="post",
                    data=lambda c, s=s: {"service": c.services[s].pk, "organisation": c.orgs[OWN].pk,
                                         "year": YEAR, "month": 7, "volume": "4.5"},
                    effect=lambda c, s=s: ServiceVolume.objects.filter(
                        service=c.services[s], month=7, volume="4.5").exists()),
            ApiCase(f"service-volume patch ({s})", api("service-volume", "volumes", s),
                    CHANGERS[s], overrides=invisible, method="patch",
                    data=lambda c: {"volume": "99.125", "version": 1},
                    effect=lambda c, s=s: ServiceVolume.objects.get(
                        pk=c.volumes[s].pk).volume == 99.125),
            ApiCase(f"service-volume delete ({s})", api("service-volume", "volumes", s),
                    CHANGERS[s], yes=ARCHIVED, overrides=invisible, method="delete",
                    data=lambda c: {"version": 1},
                    effect=lambda c, s=s: not ServiceVolume.objects.filter(pk=c.volumes[s].pk).exists()),
        ]
    return cases


CASES = [
    *governed("allocation-key", "keys", AllocationKey,
              lambda c, s: {"name": "Från API", "organisation": c.orgs[s].pk},
              lambda c, s: {"name": "Ändrat via API"}, named("Från API", "Ändrat via API")),
    *governed("cost-pool", "drafts", CostPool,
              lambda c, s: {"name": "Från API", "organisation": c.orgs[s].pk, "year": YEAR,
                            "source": "belopp", "amount_ore": 123_45, "key": c.keys[s].pk},
              lambda c, s: {"name": "Ändrat via API"}, named("Från API", "Ändrat via API")),
    *governed("service", "services", Service,
              lambda c, s: {"code": "API", "name": "Från API", "organisation": c.orgs[s].pk,
                            "unit": "st"},
              lambda c, s: {"name": "Ändrat via API"}, named("Från API", "Ändrat via API")),
    *governed("budget", "budgets", Budget,
              lambda c, s: {"management_object": c.objects[s].pk, "year": 2030},
              lambda c, s: {"note": "Ändrat via API"},
              lambda c, s, create=False: {"year": 2030} if create else {"note": "Ändrat via API"}),
    *snapshots(),
    *volumes(),
    # a pool that breaks its own rules is refused with the reason, for everyone
    ApiCase("cost-pool without amount", api("cost-pool"), CHANGERS[OWN], yes="400 refused by the form",
            method="post", data=lambda c: {"name": "Utan belopp", "organisation": c.orgs[OWN].pk,
                                           "year": YEAR, "source": "belopp", "key": c.keys[OWN].pk}),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_api_permission_matrix(case, fcast):
    """Each case for all seven roles, each in a rolled-back transaction."""
    check_every_role(case, fcast, send=api_send)


def test_every_finance_api_resource_is_in_the_matrix():
    from samverkan.finance.api import ROUTES

    tested = {case.name.split(" ")[0] for case in CASES}
    assert {basename for _p, _v, basename in ROUTES} <= tested


@pytest.mark.parametrize("who, visible", [
    (COOP_EDITOR, {"Laxå", "Hallsberg"}), (SUPERUSER, {"Laxå", "Hallsberg"}),
    (READER, {"Laxå"}), (EDITOR, {"Laxå"}), (OUTSIDER, {"Hallsberg"}),
])
def test_a_member_reads_only_its_own_lines_of_a_distribution(fcast, who, visible):
    url = reverse("distribution-detail", args=[fcast.distributions["coop"].pk])
    data = json.loads(fcast.client(who).get(url, HTTP_ACCEPT="application/json").content)
    names = {fcast.orgs[s].name for s in (OWN, OTHER) if any(
        line["organisation"] == fcast.orgs[s].pk for line in data["lines"])}
    assert names == visible
    assert data["total_ore"] == 100_000_00
    # the explanation names every member's amount and reduction: for those who read them all
    everyone = who in (COOP_EDITOR, SUPERUSER)
    assert (data["explanation"] is not None) == everyone
    assert ("explanation" in data["hidden_fields"]) != everyone
