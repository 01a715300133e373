"""Every finance page × every role × pools, keys, services and budgets run by Laxå (own),
Hallsberg (other) and their cooperation (coop).

Read a row as: "<request> — <who gets yes>, the others get <no>". Anonymous visitors are sent to
the login page. Each refused request must leave the database (finance included) as it was.
"""

import pytest
from django.urls import resolve, reverse

from samverkan.finance import services
from samverkan.finance.models import (
    AllocationKey,
    Budget,
    BudgetLine,
    CostPool,
    Distribution,
    InvoiceAccounts,
    InvoicingBasis,
    KeyVersion,
    PoolParticipant,
    Service,
    ServicePrice,
    ServiceVolume,
)
from samverkan.testing.cast import (
    CHANGERS,
    COOP,
    EDITOR,
    EDITORS_ANYWHERE,
    OTHER,
    OWN,
    READER,
    ROLES,
    SCOPES,
    SIGNED_IN,
    SUPERUSER,
)
from samverkan.testing.matrix import DENIED, INVALID, MISSING, SAVED, Case, check_every_role

from .cast import LAXA_RECORD_VIEWERS, MEMBERS, YEAR

pytestmark = pytest.mark.django_db


def url(name, *args, query=""):
    """url("finance:participant_edit", ("drafts", OWN), ("participants", OWN))"""
    def build(cast):
        return reverse(name, args=[getattr(cast, group)[scope].pk for group, scope in args]) + query
    return build


def fixed(path):
    return lambda cast: path


def invalid_elsewhere(s):
    """Editors of other organisations send a choice outside their scope: the form refuses it."""
    return {who: INVALID for who in EDITORS_ANYWHERE - CHANGERS[s]} | {READER: DENIED}


def changed(model, pk, **values):
    def effect(cast):
        record = model._default_manager.get(pk=pk(cast))
        return all(getattr(record, k) == v for k, v in values.items())
    return effect


def pk_of(group, scope):
    return lambda cast: getattr(cast, group)[scope].pk


NO_SHARES = {"andel-TOTAL_FORMS": 0, "andel-INITIAL_FORMS": 0}

LISTS = [
    Case("overview", fixed(reverse("finance:overview") + f"?year={YEAR}"), SIGNED_IN,
         shows=lambda c: [c.pools[s].name for s in SCOPES]),
    Case("overview export", fixed(reverse("finance:overview") + f"?year={YEAR}&export=xlsx"), SIGNED_IN),
    Case("summary", fixed(reverse("finance:summary") + f"?year={YEAR}"), SIGNED_IN),
    Case("summary export", fixed(reverse("finance:summary") + f"?year={YEAR}&export=csv"), SIGNED_IN),
    Case("key list", fixed(reverse("finance:keys")), SIGNED_IN,
         shows=lambda c: [c.keys[s].name for s in SCOPES],
         link=fixed(reverse("finance:key_add")), link_roles=EDITORS_ANYWHERE),
    Case("key list export", fixed(reverse("finance:keys") + "?export=xlsx"), SIGNED_IN),
    Case("pool list", fixed(reverse("finance:pools")), SIGNED_IN,
         shows=lambda c: [c.pools[s].name for s in SCOPES]),
    Case("pool list by participant",
         lambda c: reverse("finance:pools") + f"?participant={c.orgs[OWN].pk}&year={YEAR}",
         SIGNED_IN, shows=lambda c: [c.pools[OWN].name]),
    Case("distribution list", fixed(reverse("finance:distributions")), SIGNED_IN,
         shows=lambda c: [c.pools[s].name for s in SCOPES]),
    Case("basis list", fixed(reverse("finance:bases")), SIGNED_IN),
    Case("account list", fixed(reverse("finance:accounts")), SIGNED_IN),
    Case("service list", fixed(reverse("finance:services")), SIGNED_IN,
         shows=lambda c: [c.services[s].name for s in SCOPES]),
    Case("volume list", fixed(reverse("finance:volumes")), SIGNED_IN),
    Case("volume list export", fixed(reverse("finance:volumes") + "?export=csv"), SIGNED_IN),
    Case("comparison", lambda c: reverse("finance:comparison") +
         f"?year={YEAR}&organisation={c.orgs[OWN].pk}&key={c.keys[OWN].pk}", SIGNED_IN),
    Case("comparison export", lambda c: reverse("finance:comparison") +
         f"?year={YEAR}&organisation={c.orgs[OWN].pk}&export=xlsx", SIGNED_IN),
    Case("budget list", fixed(reverse("finance:budgets")), SIGNED_IN,
         shows=lambda c: [f'href="{c.budgets[OWN].get_absolute_url()}"']),
    Case("key add form", fixed(reverse("finance:key_add")), EDITORS_ANYWHERE),
    Case("volume add form", fixed(reverse("finance:volume_add")), EDITORS_ANYWHERE),
    Case("volume import form", fixed(reverse("finance:volume_import")), EDITORS_ANYWHERE),
    Case("issue bases form", fixed(reverse("finance:bases_issue")), EDITORS_ANYWHERE),
    Case("volume import preview", url("finance:volume_import_preview", ("batches", "volume")),
         {EDITOR, SUPERUSER}, no=MISSING),
    Case("volume import commit", url("finance:volume_import_preview", ("batches", "volume")),
         {EDITOR, SUPERUSER}, yes=SAVED, no=MISSING, method="post",
         effect=lambda c: ServiceVolume.objects.filter(service=c.services[OWN], month=3,
                                                       organisation=c.orgs[OTHER]).exists()),
]


def key_cases(s):
    return [
        Case(f"key detail ({s})", url("finance:key", ("keys", s)), SIGNED_IN,
             shows=lambda c: [c.keys[s].name, "Folkmängd"],
             link=url("finance:key_edit", ("keys", s)), link_roles=CHANGERS[s]),
        Case(f"key add ({s})", fixed(reverse("finance:key_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"name": "Ny nyckel", "organisation": c.orgs[s].pk,
                             "v-valid_from": "2026-01-01", "v-method": "lika", **NO_SHARES},
             effect=lambda c: KeyVersion.objects.filter(
                 key__name="Ny nyckel", key__organisation=c.orgs[s], method="lika",
                 equal_weight=100).exists()),
        Case(f"key edit form ({s})", url("finance:key_edit", ("keys", s)), CHANGERS[s]),
        Case(f"key edit ({s})", url("finance:key_edit", ("keys", s)), CHANGERS[s], yes=SAVED,
             method="post",
             data=lambda c: {"name": "Omdöpt", "organisation": c.orgs[s].pk,
                             "expected_version": 1},
             effect=changed(AllocationKey, pk_of("keys", s), name="Omdöpt")),
        Case(f"key archive ({s})", url("finance:key_archive", ("keys", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: AllocationKey.objects.get(pk=c.keys[s].pk).archived_at is not None),
        Case(f"version add form ({s})", url("finance:version_add", ("keys", s)), CHANGERS[s]),
        Case(f"version add ({s})", url("finance:version_add", ("keys", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"valid_from": "2028-01-01", "method": "viktad", "equal_weight": "30",
                             "population_weight": "70", "population_year": "2025", **NO_SHARES},
             effect=lambda c: KeyVersion.objects.filter(key=c.keys[s], equal_weight=30,
                                                        population_weight=70).exists()),
        Case(f"unused version edit ({s})",
             url("finance:version_edit", ("keys", s), ("unused_versions", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"valid_from": "2031-01-01", "method": "lika", **NO_SHARES},
             effect=lambda c: KeyVersion.objects.get(
                 pk=c.unused_versions[s].pk).valid_from.year == 2031),
        # a version an approved distribution used is never changed, by anyone
        Case(f"used version edit ({s})",
             url("finance:version_edit", ("keys", s), ("used_versions", s)), frozenset()),
    ]


def sharers(s):
    """Who may share a pool of `s`: the organisation and its cooperation, or the cooperation's
    members (never an unrelated organisation: Laxå cannot make Hallsberg pay)."""
    return {OWN: (OWN, COOP), OTHER: (OTHER, COOP), COOP: (OWN, OTHER)}[s]


def pool_form(c, s, name, **extra):
    return {"name": name, "organisation": c.orgs[s].pk, "purpose": "projekt", "year": YEAR,
            "source": "belopp", "amount": "50 000,50", "key": c.keys[s].pk,
            "participants": [c.orgs[o].pk for o in sharers(s)], **extra}


def pool_cases(s):
    return [
        Case(f"pool detail ({s})", url("finance:pool", ("pools", s)), SIGNED_IN,
             shows=lambda c: [c.pools[s].name, "Folkmängd"],
             link=url("finance:pool_edit", ("pools", s)), link_roles=CHANGERS[s]),
        Case(f"draft pool detail ({s})", url("finance:pool", ("drafts", s)), SIGNED_IN,
             link=url("finance:participant_add", ("drafts", s)), link_roles=CHANGERS[s]),
        Case(f"pool add form ({s})", fixed(reverse("finance:pool_add")), EDITORS_ANYWHERE),
        Case(f"pool add ({s})", fixed(reverse("finance:pool_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: pool_form(c, s, "Ny pool"),
             effect=lambda c: CostPool.objects.filter(
                 name="Ny pool", organisation=c.orgs[s], amount_ore=50_000_50,
                 participants__organisation=c.orgs[sharers(s)[1]]).exists()),
        Case(f"pool edit form ({s})", url("finance:pool_edit", ("drafts", s)), CHANGERS[s]),
        Case(f"pool edit ({s})", url("finance:pool_edit", ("drafts", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: pool_form(c, s, "Omdöpt pool", expected_version=1,
                                      participants=[c.orgs[OWN].pk]),
             effect=lambda c: CostPool.objects.get(pk=c.drafts[s].pk).participants.count() == 1),
        Case(f"pool archive ({s})", url("finance:pool_archive", ("drafts", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: CostPool.objects.get(pk=c.drafts[s].pk).archived_at is not None),
        Case(f"pool approve ({s})", url("finance:pool_approve", ("drafts", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"fingerprint": services.compute(c.drafts[s]).fingerprint},
             effect=lambda c: Distribution.objects.filter(pool=c.drafts[s]).exists()),
        Case(f"participant add form ({s})", url("finance:participant_add", ("drafts", s)),
             CHANGERS[s]),
        Case(f"participant add ({s})", url("finance:participant_add", ("drafts", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs["coop"].pk, "reduction": ""},
             effect=lambda c: c.drafts[s].participants.filter(organisation=c.orgs["coop"]).exists()),
        Case(f"participant gift ({s})",
             url("finance:participant_edit", ("drafts", s), ("participants", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[OWN if s != OTHER else COOP].pk,
                             "reduction": "percent", "reduction_percent": "25,5",
                             "reason": "Gåva", "expected_version": c.participants[s].version},
             effect=changed(PoolParticipant, pk_of("participants", s), reduction="percent")),
        Case(f"participant delete ({s})",
             url("finance:participant_delete", ("drafts", s), ("participants", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: not PoolParticipant.objects.filter(pk=c.participants[s].pk).exists()),
        Case(f"distribution detail ({s})", url("finance:distribution", ("distributions", s)),
             SIGNED_IN, shows=lambda c: [c.pools[s].name, "Folkmängd"]),
        Case(f"distribution export ({s})",
             url("finance:distribution", ("distributions", s), query="?export=xlsx"), SIGNED_IN),
        Case(f"pool preview export ({s})", url("finance:pool", ("drafts", s), query="?export=csv"),
             MEMBERS[s] | {SUPERUSER}),
    ]


def basis_cases(s):
    viewers = LAXA_RECORD_VIEWERS[s]
    return [
        Case(f"basis detail ({s})", url("finance:basis", ("bases", s)), viewers, no=MISSING,
             shows=lambda c: [c.pools[s].name]),
        *(Case(f"basis export {fmt} ({s})",
               lambda c, fmt=fmt: reverse("finance:basis_export", args=[c.bases[s].pk, fmt]),
               viewers, no=MISSING) for fmt in ("xlsx", "csv", "sie")),
        Case(f"issue bases ({s})", fixed(reverse("finance:bases_issue")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"issuer": c.orgs[s].pk, "year": YEAR, "voucher_date": "2026-04-30"},
             effect=lambda c: InvoicingBasis.objects.filter(issuer=c.orgs[s], number=3).exists()),
        Case(f"account add ({s})", fixed(reverse("finance:accounts_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "issuer": c.orgs["coop"].pk,
                             "cost_account": "7650", "cost_account_name": "IT",
                             "settlement_account": "2440", "settlement_account_name": "Skulder"},
             effect=lambda c: InvoiceAccounts.objects.filter(organisation=c.orgs[s],
                                                             cost_account="7650").exists()),
        Case(f"account edit form ({s})", url("finance:accounts_edit", ("accounts", s)), CHANGERS[s]),
        Case(f"account edit ({s})", url("finance:accounts_edit", ("accounts", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"organisation": c.orgs[s].pk, "cost_account": "7000",
                             "cost_account_name": "IT", "settlement_account": "2440",
                             "settlement_account_name": "Skulder", "expected_version": 1},
             effect=changed(InvoiceAccounts, pk_of("accounts", s), cost_account="7000")),
        Case(f"account archive ({s})", url("finance:accounts_archive", ("accounts", s)),
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: InvoiceAccounts.objects.get(pk=c.accounts[s].pk).archived_at is not None),
    ]


def service_cases(s):
    viewers = LAXA_RECORD_VIEWERS[s]
    return [
        Case(f"service detail ({s})", url("finance:service", ("services", s)), SIGNED_IN,
             shows=lambda c: [c.services[s].name],
             link=url("finance:price_add", ("services", s)), link_roles=CHANGERS[s]),
        Case(f"service charges export ({s})",
             url("finance:service", ("services", s), query=f"?year={YEAR}&export=csv"), SIGNED_IN),
        Case(f"service add ({s})", fixed(reverse("finance:service_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"code": "NY", "name": "Ny tjänst", "organisation": c.orgs[s].pk,
                             "unit": "st"},
             effect=lambda c: Service.objects.filter(code="NY", organisation=c.orgs[s]).exists()),
        Case(f"service edit ({s})", url("finance:service_edit", ("services", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"code": f"T-{s}", "name": "Omdöpt", "organisation": c.orgs[s].pk,
                             "unit": "st", "expected_version": 1},
             effect=changed(Service, pk_of("services", s), name="Omdöpt")),
        Case(f"service archive ({s})", url("finance:service_archive", ("services", s)),
             CHANGERS[s], yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: Service.objects.get(pk=c.services[s].pk).archived_at is not None),
        Case(f"price add ({s})", url("finance:price_add", ("services", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"year": 2027, "unit_price": "99,90", "budget": "1 000 000"},
             effect=lambda c: ServicePrice.objects.filter(service=c.services[s], year=2027,
                                                          unit_price_ore=99_90).exists()),
        Case(f"price edit ({s})", url("finance:price_edit", ("services", s), ("prices", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"year": YEAR, "unit_price": "100",
                             "expected_version": c.prices[s].version},
             effect=changed(ServicePrice, pk_of("prices", s), unit_price_ore=100_00,
                            budget_ore=None)),
        Case(f"price delete ({s})", url("finance:price_delete", ("services", s), ("prices", s)),
             CHANGERS[s], yes=SAVED, method="post",
             effect=lambda c: not ServicePrice.objects.filter(pk=c.prices[s].pk).exists()),
        Case(f"volume add ({s})", fixed(reverse("finance:volume_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"service": c.services[s].pk, "organisation": c.orgs[OWN].pk,
                             "year": YEAR, "month": 5, "volume": "3,25"},
             effect=lambda c: ServiceVolume.objects.filter(service=c.services[s], month=5).exists()),
        Case(f"volume edit form ({s})", url("finance:volume_edit", ("volumes", s)), CHANGERS[s],
             overrides={w: MISSING for w in set(ROLES) - viewers - {"anonymous"}}),
        Case(f"volume edit ({s})", url("finance:volume_edit", ("volumes", s)), CHANGERS[s],
             yes=SAVED, method="post",
             overrides={w: MISSING for w in set(ROLES) - viewers - {"anonymous"}},
             data=lambda c: {"service": c.services[s].pk, "organisation": c.orgs[OWN].pk,
                             "year": YEAR, "month": 0, "volume": "13"},
             effect=changed(ServiceVolume, pk_of("volumes", s), volume=13)),
    ]


def budget_cases(s):
    return [
        Case(f"budget detail ({s})", url("finance:budget", ("budgets", s)), SIGNED_IN,
             shows=lambda c: [c.objects[s].name],
             link=url("finance:budget_line_add", ("budgets", s)), link_roles=CHANGERS[s]),
        Case(f"budget export ({s})", url("finance:budget", ("budgets", s), query="?export=xlsx"),
             SIGNED_IN),
        Case(f"budget add ({s})", fixed(reverse("finance:budget_add")), CHANGERS[s], yes=SAVED,
             overrides=invalid_elsewhere(s), method="post",
             data=lambda c: {"management_object": c.objects[s].pk, "year": 2027,
                             "key": c.keys[s].pk},
             effect=lambda c: Budget.objects.filter(management_object=c.objects[s],
                                                    year=2027).exists()),
        Case(f"budget edit ({s})", url("finance:budget_edit", ("budgets", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"management_object": c.objects[s].pk, "year": YEAR,
                             "note": "Ändrad", "expected_version": 1},
             effect=changed(Budget, pk_of("budgets", s), note="Ändrad")),
        Case(f"budget archive ({s})", url("finance:budget_archive", ("budgets", s)), CHANGERS[s],
             yes=SAVED, method="post", data=lambda c: {"expected_version": 1},
             effect=lambda c: Budget.objects.get(pk=c.budgets[s].pk).archived_at is not None),
        Case(f"budget line add ({s})", url("finance:budget_line_add", ("budgets", s)),
             CHANGERS[s], yes=SAVED, method="post",
             data=lambda c: {"category": "konsulter", "amount": "120 000", "forecast": "-5,50"},
             effect=lambda c: BudgetLine.objects.filter(budget=c.budgets[s], category="konsulter",
                                                        forecast_ore=-5_50).exists()),
        Case(f"budget line edit ({s})",
             url("finance:budget_line_edit", ("budgets", s), ("budget_lines", s)), CHANGERS[s],
             yes=SAVED, method="post",
             data=lambda c: {"category": "licenser", "amount": "1", "forecast": "",
                             "expected_version": c.budget_lines[s].version},
             effect=changed(BudgetLine, pk_of("budget_lines", s), amount_ore=100)),
        Case(f"budget line delete ({s})",
             url("finance:budget_line_delete", ("budgets", s), ("budget_lines", s)), CHANGERS[s],
             yes=SAVED, method="post",
             effect=lambda c: not BudgetLine.objects.filter(pk=c.budget_lines[s].pk).exists()),
    ]


EXTRAS = [
    # a pool moved to another organisation by a hand-made POST: only a superuser may
    Case("move own pool to other", url("finance:pool_edit", ("drafts", OWN)), {SUPERUSER},
         yes=SAVED, overrides={EDITOR: INVALID, "org_admin": INVALID}, method="post",
         data=lambda c: pool_form(c, OTHER, "Flyttad", expected_version=1),
         effect=lambda c: CostPool.objects.get(pk=c.drafts[OWN].pk).organisation == c.orgs[OTHER]),
    Case("stale pool edit", url("finance:pool_edit", ("drafts", OWN)), CHANGERS[OWN],
         yes=INVALID, method="post",
         data=lambda c: pool_form(c, OWN, "Gammal", expected_version=0)),
    Case("approve with an old preview", url("finance:pool_approve", ("drafts", OWN)),
         CHANGERS[OWN], yes=SAVED, method="post", data=lambda c: {"fingerprint": "0" * 64},
         effect=lambda c: not Distribution.objects.filter(pool=c.drafts[OWN]).exists()),
    Case("custom key that does not total 100", fixed(reverse("finance:key_add")), EDITORS_ANYWHERE,
         yes=INVALID, method="post",
         data=lambda c: {"name": "Procent", "organisation": c.orgs[OWN].pk,
                         "v-valid_from": "2026-01-01", "v-method": "procent",
                         "andel-TOTAL_FORMS": 2, "andel-INITIAL_FORMS": 0,
                         "andel-0-organisation": c.orgs[OWN].pk, "andel-0-percent": "40",
                         "andel-1-organisation": c.orgs[OTHER].pk, "andel-1-percent": "50"}),
    Case("gift without a reason", url("finance:participant_edit", ("drafts", OWN),
                                      ("participants", OWN)), CHANGERS[OWN], yes=INVALID,
         method="post", data=lambda c: {"organisation": c.orgs[OWN].pk, "reduction": "exempt",
                                        "expected_version": c.participants[OWN].version}),
    Case("participant of other pool via own URL",
         url("finance:participant_edit", ("drafts", OWN), ("participants", OTHER)), CHANGERS[OWN],
         yes=MISSING, method="post", data=lambda c: {"organisation": c.orgs[OWN].pk}),
    Case("unknown export format", lambda c: reverse("finance:basis_export", args=[c.bases[OWN].pk, "pdf"]),
         LAXA_RECORD_VIEWERS[OWN], yes=MISSING, no=MISSING),
]

CASES = [*LISTS, *(case for s in SCOPES for case in (
    *key_cases(s), *pool_cases(s), *basis_cases(s), *service_cases(s), *budget_cases(s))), *EXTRAS]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_permission_matrix(case, fcast):
    """Each case for all seven roles, each in a rolled-back transaction."""
    check_every_role(case, fcast)


def test_every_finance_page_is_in_the_matrix(fcast):
    from samverkan.finance import urls

    covered = {resolve(case.url(fcast).split("?")[0]).url_name for case in CASES}
    assert {p.name for p in urls.urlpatterns} - covered == set()
