"""Every page and API endpoint of the ledger through the permission matrix (role × action ×
own/other organisation), confidential prices on every surface, and pinned query counts."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from samverkan.core.models import ImportBatch
from samverkan.ledger import services
from samverkan.ledger.models import AccountCategory, CostLine, MatchingRule
from samverkan.testing.factories import ContractFactory, ContractPartyFactory, SupplierFactory

from .conftest import sie_text

LAXA_LEDGER = [
    ("20210115", [("6450", 120_000_00, "Procapita licens", "")]),
    ("20210301", [("7461", 33_333_33, "Hemlig molntjänst", "")]),
    ("20210401", [("7471", 2_800_00, "Serverdrift", "")]),
    ("20210402", [("4610", 900_00, "Mat", "")]),
]


@pytest.fixture
def ledger(laxa, hallsberg, cooperation, editor, outsider, import_sie, contract):
    """Laxå's ledger with lines matched to an open contract and to a confidential one (owned
    by Laxå, Hallsberg a party), an unmatched IT line; Hallsberg's own ledger."""
    secret = ContractFactory(organisation=laxa, title="Hemligt avtal", prices_confidential=True,
                             supplier=SupplierFactory(name="Hemlig AB"),
                             start_date=datetime.date(2019, 1, 1), original_end_date=None)
    ContractPartyFactory(contract=secret, organisation=laxa, annual_amount_ore=50_000_00)
    ContractPartyFactory(contract=secret, organisation=hallsberg, annual_amount_ore=20_000_00)
    open_rule = services.save_rule(editor, MatchingRule(organisation=laxa, contract=contract,
                                                        text_pattern="Procapita"))
    services.save_rule(editor, MatchingRule(organisation=laxa, contract=secret,
                                            text_pattern="Hemlig"))
    services.save_rule(outsider, MatchingRule(organisation=hallsberg, contract=secret,
                                              text_pattern="Hemlig"))
    batch = import_sie(editor, laxa, sie_text(LAXA_LEDGER))
    other = import_sie(outsider, hallsberg, sie_text([
        ("20210115", [("7461", 7_000_00, "Hemlig molntjänst", "")])]))
    return {"secret": secret, "contract": contract, "rule": open_rule, "batch": batch,
            "other_batch": other,
            "open_line": CostLine.objects.get(organisation=laxa, account="6450"),
            "secret_line": CostLine.objects.get(organisation=laxa, contract=secret),
            "unmatched": CostLine.objects.get(organisation=laxa, account="7471"),
            "hallsberg_line": CostLine.objects.get(organisation=hallsberg, account="7461")}


USERS = ["anonymous", "reader", "editor", "outsider", "superuser"]


def user_for(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


PAGES = {
    # name: (url builder, {user: expected status})
    "reconciliation": (lambda d: "/ekonomi/avstamning/", {"reader": 200, "editor": 200, "outsider": 200,
                                              "superuser": 200}),
    "lines": (lambda d: "/ekonomi/kostnadsrader/", {"reader": 200, "editor": 200,
                                                   "outsider": 200, "superuser": 200}),
    "line": (lambda d: f"/ekonomi/kostnadsrader/{d['open_line'].pk}/",
             {"reader": 200, "editor": 200, "outsider": 200, "superuser": 200}),
    "secret line": (lambda d: f"/ekonomi/kostnadsrader/{d['secret_line'].pk}/",
                    {"reader": 200, "editor": 200, "outsider": 404, "superuser": 200}),
    "match": (lambda d: f"/ekonomi/kostnadsrader/{d['unmatched'].pk}/matcha/",
              {"reader": 403, "editor": 200, "outsider": 403, "superuser": 200}),
    "voucher": (lambda d: f"/ekonomi/verifikation/{d['batch'].pk}/?serie=A&nummer=1",
                {"reader": 200, "editor": 200, "outsider": 200, "superuser": 200}),
    "secret voucher": (lambda d: f"/ekonomi/verifikation/{d['batch'].pk}/?serie=A&nummer=2",
                       {"reader": 200, "editor": 200, "outsider": 404, "superuser": 200}),
    "unmatched": (lambda d: "/ekonomi/omatchade/", {"reader": 200, "editor": 200,
                                                   "outsider": 200, "superuser": 200}),
    "imports": (lambda d: "/ekonomi/importer/", {"reader": 200, "editor": 200, "outsider": 200,
                                                "superuser": 200}),
    "upload": (lambda d: "/ekonomi/importer/ny/", {"reader": 403, "editor": 200,
                                                  "outsider": 200, "superuser": 200}),
    "import": (lambda d: f"/ekonomi/importer/{d['batch'].pk}/",
               {"reader": 200, "editor": 200, "outsider": 404, "superuser": 200}),
    "import status": (lambda d: f"/ekonomi/importer/{d['batch'].pk}/status/",
                      {"reader": 200, "editor": 200, "outsider": 404, "superuser": 200}),
    "rules": (lambda d: "/ekonomi/regler/", {"reader": 200, "editor": 200, "outsider": 200,
                                            "superuser": 200}),
    "rule": (lambda d: f"/ekonomi/regler/{d['rule'].pk}/",
             {"reader": 200, "editor": 200, "outsider": 200, "superuser": 200}),
    "rule add": (lambda d: "/ekonomi/regler/ny/", {"reader": 403, "editor": 200,
                                                  "outsider": 200, "superuser": 200}),
    "rule edit": (lambda d: f"/ekonomi/regler/{d['rule'].pk}/andra/",
                  {"reader": 403, "editor": 200, "outsider": 403, "superuser": 200}),
    "rule archive": (lambda d: f"/ekonomi/regler/{d['rule'].pk}/arkivera/",
                     {"reader": 403, "editor": 200, "outsider": 403, "superuser": 200}),
    "accounts": (lambda d: "/ekonomi/kontoindelning/", {"reader": 200, "editor": 200,
                                                       "outsider": 200, "superuser": 200}),
    "account add": (lambda d: "/ekonomi/kontoindelning/ny/",
                    {"reader": 403, "editor": 200, "outsider": 200, "superuser": 200}),
    "budget": (lambda d: "/ekonomi/budget/", {"reader": 302, "editor": 302, "outsider": 302,
                                             "superuser": 302}),  # to Finansiering → Budgetar
    "export": (lambda d: "/ekonomi/avstamning/?export=xlsx", {"reader": 200, "editor": 200,
                                                  "outsider": 200, "superuser": 200}),
}


@pytest.mark.parametrize("who", USERS)
def test_every_page_answers_each_role_as_the_permission_layer_says(request, ledger, client_for,
                                                                   who):
    client = client_for(user_for(request, who))
    wrong = {}
    for page, (url, expected) in PAGES.items():
        response = client.get(url(ledger))
        if who == "anonymous":
            ok = response.status_code == 302 and "/konto/logga-in/" in response["Location"]
        else:
            ok = response.status_code == expected[who]
        if not ok:
            wrong[page] = response.status_code
    assert wrong == {}


def test_the_reconciliation_page_keeps_confidential_prices_secret(ledger, client_for, outsider,
                                                                  reader):
    theirs = client_for(outsider).get("/ekonomi/avstamning/?year=2021").content.decode()
    assert "Hemligt avtal" in theirs and "sekretess" in theirs
    assert "50\u00a0000" not in theirs and "33\u00a0333" not in theirs
    assert "7\u00a0000" in theirs  # Hallsberg's own invoices on it
    mine = client_for(reader).get("/ekonomi/avstamning/?year=2021").content.decode()
    assert "50\u00a0000" in mine and "33\u00a0333" in mine


def test_exports_keep_confidential_prices_secret(ledger, client_for, outsider):
    for url in ("/ekonomi/avstamning/?year=2021&export=xlsx", "/ekonomi/kostnadsrader/?export=xlsx",
                "/ekonomi/omatchade/?export=xlsx"):
        response = client_for(outsider).get(url)
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
        cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
        assert not any("33333" in c or "50000" in c for c in cells), url


def test_lists_and_the_api_leave_out_lines_of_secret_prices(ledger, client_for, outsider, reader):
    page = client_for(outsider).get("/ekonomi/kostnadsrader/?organisation="
                                    f"{ledger['secret_line'].organisation_id}").content.decode()
    assert "Hemlig molntjänst" not in page and "Procapita licens" in page
    api = client_for(outsider).get("/api/cost-lines/").json()
    ids = {row["id"] for row in api["results"]}
    assert ledger["secret_line"].pk not in ids and ledger["hallsberg_line"].pk in ids
    assert ledger["secret_line"].pk in {row["id"] for row in
                                        client_for(reader).get("/api/cost-lines/").json()["results"]}


def test_the_api_reconciliation_masks_and_says_why(ledger, client_for, outsider):
    data = client_for(outsider).get("/api/reconciliation/?year=2021").json()
    rows = {(r["contract_title"], r["organisation_name"]): r for r in data["results"]}
    secret = rows[("Hemligt avtal", "Laxå")]
    assert secret["prices_visible"] is False and secret["contracted_ore"] is None
    assert secret["invoiced_ore"] is None and secret["difference_ore"] is None
    assert secret["line_count"] is None  # how many invoices is derived from the hidden amount
    own = rows[("Hemligt avtal", "Hallsberg")]
    assert own["invoiced_ore"] == 7_000_00 and own["contracted_ore"] is None
    assert own["line_count"] == 1
    # both rows show "sekretess": their contracted amounts are left out of the totals
    assert data["totals"]["confidential_rows_left_out"] == 2


def test_matching_by_hand_and_making_a_rule_in_one_step(ledger, client_for, editor):
    line = ledger["unmatched"]
    response = client_for(editor).post(f"/ekonomi/kostnadsrader/{line.pk}/matcha/", {
        "contract": ledger["contract"].pk, "make_rule": "on", "rule_fields": ["account"]})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.contract == ledger["contract"] and line.match_method == "manual"
    rule = MatchingRule.objects.get(account_from="7471")
    assert rule.organisation_id == line.organisation_id


def test_a_rule_made_from_a_line_says_and_keeps_its_scope(ledger, client_for, editor, laxa,
                                                          hallsberg, outsider, import_sie):
    """The page says the rule is for Laxå's ledger only, and it is: Hallsberg's identical line
    stays unmatched."""
    line = ledger["unmatched"]
    page = client_for(editor).get(f"/ekonomi/kostnadsrader/{line.pk}/matcha/").content.decode()
    assert "för bokföringen i Laxå" in page and "Andra organisationers rader påverkas inte" in page
    import_sie(outsider, hallsberg, sie_text([("20210405", [("7471", 2_800_00, "Serverdrift",
                                                              "")])]))
    client_for(editor).post(f"/ekonomi/kostnadsrader/{line.pk}/matcha/", {
        "contract": ledger["contract"].pk, "make_rule": "on", "rule_fields": ["account"]})
    twin = CostLine.objects.get(organisation=hallsberg, account="7471")
    assert twin.contract_id is None
    assert CostLine.objects.filter(organisation=laxa, account="7471",
                                   contract=ledger["contract"]).exists()


@pytest.mark.parametrize("target", ["javascript:alert(1)", "https://evil.example/"])
def test_matching_never_sends_the_user_off_the_site(ledger, client_for, editor, target):
    line = ledger["unmatched"]
    response = client_for(editor).post(f"/ekonomi/kostnadsrader/{line.pk}/matcha/?next={target}",
                                       {"contract": ledger["contract"].pk})
    assert response.status_code == 302
    assert response["Location"] == "/ekonomi/omatchade/"


def test_an_outsider_cannot_match_or_commit_another_organisations_ledger(
        ledger, client_for, outsider, editor, laxa, stage):
    line = ledger["unmatched"]
    response = client_for(outsider).post(f"/ekonomi/kostnadsrader/{line.pk}/matcha/",
                                         {"contract": ledger["contract"].pk})
    assert response.status_code == 403
    batch = stage(editor, laxa, sie_text([("20210601", [("6450", 1_00, "x", "")])]), name="b.se")
    assert client_for(outsider).post(f"/ekonomi/importer/{batch.pk}/").status_code == 404
    line.refresh_from_db()
    assert line.contract is None


def test_the_upload_flow_previews_commits_and_shows_the_result(laxa, editor, client_for):
    client = client_for(editor)
    data = sie_text(LAXA_LEDGER).encode("cp437")
    response = client.post("/ekonomi/importer/ny/", {
        "organisation": laxa.pk, "file": SimpleUploadedFile("bok.se", data)})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert b"Bekr\xc3\xa4fta och importera" in preview.content
    assert not CostLine.objects.exists()
    done = client.post(response["Location"], follow=True)
    assert "rader importerade" in done.content.decode()
    assert CostLine.objects.count() == 8


def test_a_supplier_ledger_upload_asks_for_the_columns_once(laxa, editor, client_for):
    from .conftest import csv_bytes

    client = client_for(editor)
    data = csv_bytes([("2021-01-05", "Tietoevry Sweden AB", "556071-5210", "F1", "6450", "",
                       "", "1 000,00", "Licens")])
    first = client.post("/ekonomi/importer/ny/", {
        "organisation": laxa.pk, "file": SimpleUploadedFile("r.csv", data)})
    assert first["Location"].endswith("/kolumner/")
    page = client.get(first["Location"])
    assert page.status_code == 200 and b"Leverant" in page.content
    form = {"date": "0", "supplier_name": "1", "supplier_org_number": "2", "invoice_number": "3",
            "account": "4", "cost_centre": "5", "project": "6", "amount": "7", "text": "8"}
    assert client.post(first["Location"], form).status_code == 302
    second = client.post("/ekonomi/importer/ny/", {
        "organisation": laxa.pk, "file": SimpleUploadedFile("r2.csv", data + b"\n")})
    assert not second["Location"].endswith("/kolumner/")


@pytest.mark.parametrize("who,status", [("reader", 403), ("editor", 201), ("outsider", 403),
                                        ("superuser", 201)])
def test_api_upload_follows_the_permission_layer(request, laxa, client_for, who, status):
    client = client_for(request.getfixturevalue(who))
    response = client.post("/api/ledger-imports/", {
        "organisation": laxa.pk,
        "file": SimpleUploadedFile("bok.se", sie_text(LAXA_LEDGER).encode("cp437"))})
    assert response.status_code == status
    if status == 201:
        body = response.json()
        assert body["status"] == "preview" and body["preview"]["rows"] == 8
        commit = client.post(f"/api/ledger-imports/{body['id']}/commit/", {},
                             content_type="application/json")
        assert commit.status_code == 200 and commit.json()["status"] == "done"


def test_api_ledger_imports_are_for_the_organisations_members(ledger, client_for, outsider,
                                                             reader):
    mine = {b["id"] for b in client_for(reader).get("/api/ledger-imports/").json()["results"]}
    theirs = {b["id"] for b in client_for(outsider).get("/api/ledger-imports/").json()["results"]}
    assert ledger["batch"].pk in mine and ledger["batch"].pk not in theirs
    assert ledger["other_batch"].pk in theirs
    assert client_for(outsider).get(f"/api/ledger-imports/{ledger['batch'].pk}/").status_code \
        == 404


@pytest.mark.parametrize("who,create,change", [
    ("reader", 403, 403), ("editor", 201, 200), ("outsider", 403, 403), ("superuser", 201, 200)])
def test_api_matching_rules_follow_the_permission_layer(request, ledger, laxa, client_for, who,
                                                        create, change):
    client = client_for(request.getfixturevalue(who))
    response = client.post("/api/matching-rules/", {
        "organisation": laxa.pk, "contract": ledger["contract"].pk,
        "account_from": "7471"}, content_type="application/json")
    assert response.status_code == create
    rule = ledger["rule"]
    patch = client.patch(f"/api/matching-rules/{rule.pk}/", {"text_pattern": "licens"},
                         content_type="application/json", HTTP_IF_MATCH=f'"{rule.version}"')
    assert patch.status_code == change
    if create == 201:
        assert CostLine.objects.get(account="7471").contract_id == ledger["contract"].pk


def test_api_rule_changes_refuse_stale_versions_and_archive_on_delete(ledger, client_for,
                                                                     editor):
    client = client_for(editor)
    rule = ledger["rule"]
    stale = client.patch(f"/api/matching-rules/{rule.pk}/", {"priority": 5},
                         content_type="application/json", HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412
    assert client.delete(f"/api/matching-rules/{rule.pk}/").status_code == 204
    rule.refresh_from_db()
    assert rule.archived_at is not None
    assert not CostLine.objects.filter(matched_rule=rule).exists()


def test_archiving_a_rule_on_its_page_refuses_a_stale_version(ledger, client_for, editor):
    """Someone changed the rule after the confirmation page was shown: nothing is archived and
    the user is told; a version that is not a number counts as not given, as on every page."""
    client = client_for(editor)
    rule = ledger["rule"]
    url = f"/ekonomi/regler/{rule.pk}/arkivera/"
    stale = client.post(url, {"expected_version": rule.version + 1}, follow=True)
    rule.refresh_from_db()
    assert rule.archived_at is None
    assert [m.level_tag for m in stale.context["messages"]] == ["error"]
    assert client.post(url, {"expected_version": "x"}).status_code == 302
    rule.refresh_from_db()
    assert rule.archived_at is not None
    assert not CostLine.objects.filter(matched_rule=rule).exists()


def test_editing_account_categories_through_the_pages(ledger, laxa, editor, client_for):
    client = client_for(editor)
    response = client.post("/ekonomi/kontoindelning/ny/", {
        "organisation": laxa.pk, "first_account": "4610", "last_account": "4619",
        "category": "drift"})
    assert response.status_code == 302, response.context["form"].errors
    assert CostLine.objects.get(account="4610").cost_category == "drift"
    assert AccountCategory.objects.count() == 1


def test_the_old_budget_address_leads_to_the_one_budget(reader, client_for):
    response = client_for(reader).get("/ekonomi/budget/")
    assert response.status_code == 302 and response["Location"] == "/finansiering/budgetar/"


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/ekonomi/avstamning/?year=2021",
                                 "/ekonomi/avstamning/?year=2021&view=system",
                                 "/ekonomi/kostnadsrader/", "/ekonomi/omatchade/",
                                 "/api/reconciliation/?year=2021", "/api/cost-lines/"])
def test_query_counts_do_not_grow_with_the_data(ledger, client_for, reader, laxa, editor,
                                                import_sie, url):
    client = client_for(reader)
    before = _queries(client, url)
    more = [(f"2022{m:02d}01", [("6450", 1_000_00 * m, "Procapita licens", ""),
                               ("7471", 100_00, "Serverdrift", "")]) for m in range(1, 13)]
    import_sie(editor, laxa, sie_text(more), name="2022.se")
    assert _queries(client, url) == before


# session and user (2), years, roles, totals, confidential contracts, rows, their populations,
# the organisation and supplier lists (page only), and saving the session (3): the same however
# many rows there are
PINNED = {"/ekonomi/avstamning/?year=2021": 13, "/api/reconciliation/?year=2021": 11}


@pytest.mark.parametrize("url,count", PINNED.items())
def test_query_counts_are_pinned(ledger, client_for, reader, url, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(reader)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    assert len(context.captured_queries) == count, json.dumps(
        [q["sql"][:120] for q in context.captured_queries], indent=1)


def test_the_import_page_shows_progress_while_a_task_runs(ledger, client_for, editor):
    batch = ledger["batch"]
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    from samverkan.ledger.streaming import _Progress

    _Progress(batch, 1000, "importing")(500, 12_000)
    client = client_for(editor)
    page = client.get(f"/ekonomi/importer/{batch.pk}/").content.decode()
    assert 'hx-get="/ekonomi/importer/' in page and "pct-50" in page and "Uppdatera sidan" in page
    fragment = client.get(f"/ekonomi/importer/{batch.pk}/status/", HTTP_HX_REQUEST="true")
    assert "pct-50" in fragment.content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE)
    done = client.get(f"/ekonomi/importer/{batch.pk}/status/", HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
