"""The import pipeline: all or nothing, the same file twice adds nothing, a corrected
re-export replaces its period only when confirmed, summaries follow the lines."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError
from django.db.models import Count, Sum

from samverkan.core.models import ImportBatch
from samverkan.ledger import services, streaming, tasks
from samverkan.ledger.models import (
    CostCategory,
    CostLine,
    CostSummary,
    MatchingRule,
    MatchMethod,
    Reconciliation,
)

from .conftest import csv_bytes, sie_text, upload

YEAR = [("20210115", [("6450", 100_000_00, "Licens Procapita", '9 "5560715210"')]),
        ("20210215", [("7461", 12_345_67, "Molntjänst", ""), ("4610", 5_000_00, "Mat", "")]),
        ("20210320", [("6410", 9_999_99, "Datorer", '1 "4100"')])]


def summary_matches_lines(organisation):
    lines = {(r["year"], r["contract_id"], r["cost_category"]): (r["total"], r["n"])
             for r in CostLine.objects.filter(organisation=organisation).exclude(cost_category="")
             .values("year", "contract_id", "cost_category").annotate(total=Sum("amount_ore"),
                                                                        n=Count("pk"))}
    summaries = {(s.year, s.contract_id, s.category): (s.amount_ore, s.line_count)
                 for s in CostSummary.objects.filter(organisation=organisation)}
    return lines == summaries


def test_it_imports_a_sie_file_with_categories_and_summaries(editor, laxa, import_sie):
    batch = import_sie(editor, laxa, sie_text(YEAR))
    assert batch.status == ImportBatch.Status.DONE
    assert batch.rows_total == 7  # 4 cost rows and 3 balancing rows
    lines = CostLine.objects.filter(organisation=laxa)
    assert lines.count() == 7
    assert sum(line.amount_ore for line in lines) == 0
    by_account = {line.account: line for line in lines}
    assert by_account["6450"].cost_category == CostCategory.LICENCES
    assert by_account["6450"].supplier_name == "5560715210"
    assert by_account["7461"].cost_category == CostCategory.SAAS
    assert by_account["4610"].cost_category == CostCategory.OTHER
    assert by_account["6410"].cost_centre == "4100"
    assert by_account["2440"].cost_category == ""  # a balance-sheet account is no cost
    assert batch.options["period"] == ["2021-01-01", "2021-03-31"]
    assert summary_matches_lines(laxa)
    assert services.actual_cost_ore(year=2021, organisation=laxa) == \
        100_000_00 + 12_345_67 + 5_000_00 + 9_999_99
    assert services.actual_cost_ore(year=2021, organisation=laxa,
                                    category=CostCategory.SAAS) == 12_345_67


def test_rows_read_the_same_when_the_per_import_caches_overflow(editor, laxa, import_sie,
                                                                 monkeypatch):
    """The caches of object lists are emptied when full; a row without objects must still
    store no dimensions, and rows with objects their own."""
    monkeypatch.setattr(streaming, "DERIVED_CACHE", 2)
    import_sie(editor, laxa, sie_text([
        ("20210115", [("6450", 100_00, f"Rad {n}", f'1 "{1000 + n}"') for n in range(5)]),
    ]))
    lines = CostLine.objects.order_by("line_no")
    assert [line.dimensions for line in lines] == [{"1": str(1000 + n)} for n in range(5)] + [None]
    assert [line.cost_centre for line in lines] == [str(1000 + n) for n in range(5)] + [""]


def test_the_same_file_twice_adds_nothing(editor, laxa, import_sie):
    text = sie_text(YEAR)
    import_sie(editor, laxa, text)
    second = import_sie(editor, laxa, text)
    assert second.status == ImportBatch.Status.DONE
    assert "redan importerad" in second.message
    assert CostLine.objects.filter(organisation=laxa).count() == 7


def test_a_file_failing_at_its_last_row_leaves_nothing(editor, laxa, stage):
    text = sie_text(YEAR) + '#VER A 99 20211231 "Sista"\n{\n#TRANS 6450 {} 10.00\n}\n'
    batch = stage(editor, laxa, text)
    with pytest.raises(services.LedgerImportError) as caught:
        services.run_import(batch, editor)
    assert "balanserar inte" in caught.value.errors[0]["message"]
    assert caught.value.errors[0]["row"] == text.splitlines().index('#VER A 99 20211231 "Sista"') + 1
    assert CostLine.objects.count() == 0
    assert CostSummary.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED and batch.error_count == 1


def test_a_truncated_file_is_refused_and_nothing_stored(editor, laxa, stage):
    text = sie_text(YEAR)
    batch = stage(editor, laxa, text[: text.rindex("}")])
    with pytest.raises(services.LedgerImportError) as caught:
        services.run_import(batch, editor)
    assert "ofullständig" in caught.value.message
    assert not CostLine.objects.exists()


def test_the_preview_lists_every_error_with_line_and_field(editor, laxa, stage):
    text = sie_text(YEAR).replace("#TRANS 7461 {} 12345.67", "#TRANS 74x1 {} 12345.67") \
        .replace("#TRANS 6410 {1 \"4100\"} 9999.99", "#TRANS 6410 {1 \"4100\"} 9999,99")
    batch = stage(editor, laxa, text)
    services.analyse(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert [(e["column"], "3–8 siffror" in e["message"] or "belopp" in e["message"])
            for e in batch.errors] == [("konto", True), ("belopp", True)]
    assert all(e["row"] > 0 for e in batch.errors)
    assert not CostLine.objects.exists()


def test_a_file_for_another_organisation_number_is_refused(editor, laxa, stage):
    laxa.org_number = "212000-1959"
    laxa.save()
    batch = stage(editor, laxa, sie_text(YEAR, orgnr="212000-2080"))
    with pytest.raises(services.LedgerImportError) as caught:
        services.run_import(batch, editor)
    assert "organisationsnummer" in caught.value.message
    assert not CostLine.objects.exists()


def test_a_corrected_reexport_replaces_the_period_only_when_confirmed(
        editor, outsider, laxa, hallsberg, import_sie, stage):
    import_sie(editor, laxa, sie_text(YEAR))
    import_sie(outsider, hallsberg, sie_text(YEAR))  # another organisation, same period
    corrected = sie_text(YEAR[:2] + [("20210321", [("6410", 8_000_00, "Datorer, rättad", "")])])
    batch = stage(editor, laxa, corrected, name="rattad.se")
    services.analyse(batch)
    batch.refresh_from_db()
    assert batch.options["preview"]["overlaps"]
    assert batch.options["preview"]["replaced_rows"] == 7
    with pytest.raises(services.NeedsReplaceConfirmation):
        services.run_import(batch, editor)
    assert CostLine.objects.filter(organisation=laxa).count() == 7
    services.run_import(batch, editor, replace=True)
    laxa_lines = CostLine.objects.filter(organisation=laxa)
    assert set(laxa_lines.values_list("batch_id", flat=True)) == {batch.pk}
    assert laxa_lines.filter(account="6410").get().amount_ore == 8_000_00
    assert CostLine.objects.filter(organisation=hallsberg).count() == 7  # untouched
    first = ImportBatch.objects.filter(organisation=laxa).order_by("pk").first()
    assert first.status == ImportBatch.Status.SUPERSEDED
    assert summary_matches_lines(laxa) and summary_matches_lines(hallsberg)


def test_only_editors_of_the_organisation_may_import(reader, outsider, laxa, stage, editor):
    with pytest.raises(PermissionDenied):
        services.stage_file(reader, laxa, upload(sie_text(YEAR)))
    batch = stage(editor, laxa, sie_text(YEAR))
    with pytest.raises(PermissionDenied):
        services.run_import(batch, outsider)
    assert not CostLine.objects.exists()


def test_rules_match_on_import_and_again_when_they_change(editor, laxa, contract, import_sie):
    rule = MatchingRule(organisation=laxa, contract=contract, supplier_pattern="556071*")
    services.save_rule(editor, rule)
    import_sie(editor, laxa, sie_text(YEAR))
    licence = CostLine.objects.get(account="6450")
    assert licence.contract == contract and licence.match_method == MatchMethod.RULE
    assert licence.matched_rule == rule and licence.matched_at is not None
    assert services.actual_cost_ore(year=2021, contract=contract) == 100_000_00
    recon = Reconciliation.objects.get(contract=contract, organisation=laxa, year=2021)
    assert (recon.contracted_ore, recon.invoiced_ore, recon.difference_ore) == \
        (372_000_00, 100_000_00, 272_000_00)

    rule.supplier_pattern = ""
    rule.account_from, rule.account_to = "6410", "6459"
    services.save_rule(editor, rule, expected_version=rule.version)
    matched = set(CostLine.objects.filter(contract=contract).values_list("account", flat=True))
    assert matched == {"6450", "6410"}
    assert services.actual_cost_ore(year=2021, contract=contract) == 100_000_00 + 9_999_99
    assert summary_matches_lines(laxa)
    services.archive_rule(editor, rule, expected_version=rule.version)
    assert not CostLine.objects.filter(contract=contract).exists()
    assert summary_matches_lines(laxa)


def test_a_line_matched_by_hand_becomes_a_rule_in_one_step(editor, laxa, contract, import_sie):
    import_sie(editor, laxa, sie_text(YEAR + [("20210601", [("7461", 1_00, "Molntjänst", "")])]))
    line = CostLine.objects.filter(account="7461").order_by("date").first()
    rule = services.match_by_hand(editor, line, contract, rule_fields=["account", "text"])
    line.refresh_from_db()
    assert line.match_method == MatchMethod.MANUAL and line.matched_by == editor
    assert rule.account_from == "7461" and rule.text_pattern == "Molntjänst"
    other = CostLine.objects.filter(account="7461").order_by("date").last()
    assert other.contract == contract and other.match_method == MatchMethod.RULE
    assert rule.history.count() == 1
    assert summary_matches_lines(laxa)
    # rules never override a match made by hand
    services.archive_rule(editor, rule, expected_version=rule.version)
    line.refresh_from_db()
    assert line.contract == contract and line.match_method == MatchMethod.MANUAL


def test_changing_account_ranges_recategorises_the_lines(editor, laxa, import_sie):
    from samverkan.core.services import save_record
    from samverkan.ledger.models import AccountCategory

    import_sie(editor, laxa, sie_text(YEAR))
    save_record(editor, AccountCategory(organisation=laxa, first_account="4610",
                                        last_account="4619", category=CostCategory.OPERATIONS))
    services.recategorise(laxa.pk)
    assert CostLine.objects.get(account="4610").cost_category == CostCategory.OPERATIONS
    # the organisation's own ranges replace the defaults altogether
    assert CostLine.objects.get(account="6450").cost_category == CostCategory.OTHER
    assert summary_matches_lines(laxa)


def test_a_supplier_ledger_csv_is_imported_with_the_mapping_remembered(editor, laxa, stage):
    data = csv_bytes([
        ("2021-02-01", "Tietoevry Sweden AB", "556071-5210", "F-1", "6450", "4100", "",
         "1 234,50 kr", "Licens"),
        ("05.03.2021", "Infomentor AB", "5566517396", "F-2", "7461", "", "P1", "-1234.5", "Kreditnota"),
        ("20210410", "Okänd AB", "", "F-3", "4610", "", "", "1\u00a0000", "Mat"),
    ])
    batch = stage(editor, laxa, data, name="reskontra.csv")
    assert batch.options["format"] == "csv"
    assert batch.options["mapping_confirmed"] is False
    services.confirm_mapping(editor, batch, batch.options["mapping"])
    services.run_import(batch, editor)
    lines = {line.invoice_number: line for line in CostLine.objects.all()}
    assert lines["F-1"].amount_ore == 123450 and lines["F-1"].cost_centre == "4100"
    assert lines["F-2"].amount_ore == -123450 and lines["F-2"].supplier_org_number == "556651-7396"
    assert lines["F-3"].amount_ore == 100000
    # the same layout next time: recognised without asking
    again = stage(editor, laxa, data.replace(b"F-3", b"F-4"), name="reskontra2.csv")
    assert again.options["mapping_confirmed"] is True


def test_a_supplier_ledger_xlsx_with_bad_cells_gets_every_error(editor, laxa, stage, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Datum", "Leverantör", "Konto", "Belopp", "Text"])
    sheet.append(["2021-01-05", "Tietoevry Sweden AB", 6450, 1234.5, "Licens"])
    sheet.append(["i går", "X", "64a0", "12,345", "Fel"])
    sheet.append(["2021-01-06", "Y", 6450, "=1+1", "Formel"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    batch = stage(editor, laxa, path.read_bytes(), name="r.xlsx")
    services.confirm_mapping(editor, batch, batch.options["mapping"])
    services.analyse(batch)
    batch.refresh_from_db()
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (3, "Datum"), (3, "Konto"), (3, "Belopp"), (4, "Belopp")]
    assert not CostLine.objects.exists()


def test_a_large_file_runs_as_a_background_task(editor, laxa, client_for, settings, stage):
    settings.SAMVERKAN_LEDGER_BACKGROUND_BYTES = 10
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    batch = stage(editor, laxa, sie_text(YEAR))
    client = client_for(editor)
    page = client.get(f"/ekonomi/importer/{batch.pk}/")
    assert page.status_code == 200
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and batch.options["preview"]["rows"] == 7
    response = client.post(f"/ekonomi/importer/{batch.pk}/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert CostLine.objects.filter(batch=batch).count() == 7


def test_the_command_imports_and_fails_with_a_clear_message(laxa, superuser, tmp_path):
    good = tmp_path / "bok.se"
    good.write_bytes(sie_text(YEAR).encode("cp437"))
    out = io.StringIO()
    call_command("import-ledger", str(good), "--organisation", "1860", "--dry-run", stdout=out)
    assert "Kontrollerad" in out.getvalue() and not CostLine.objects.exists()
    call_command("import-ledger", str(good), "--organisation", "1860", stdout=out)
    assert CostLine.objects.count() == 7
    bad = tmp_path / "trasig.se"
    bad.write_bytes(sie_text(YEAR).replace("2440 {} -100000.00", "2440 {} -99999.00")
                  .encode("cp437"))
    with pytest.raises(CommandError) as caught:
        call_command("import-ledger", str(bad), "--organisation", "1860", stderr=io.StringIO())
    assert "inget har sparats" in str(caught.value)
    with pytest.raises(CommandError, match="Hittar ingen organisation"):
        call_command("import-ledger", str(good), "--organisation", "0000")
    assert CostLine.objects.count() == 7


def test_a_background_analysis_that_fails_marks_the_batch_failed(editor, laxa, client_for,
                                                                 settings, stage, monkeypatch):
    settings.SAMVERKAN_LEDGER_BACKGROUND_BYTES = 10
    batch = stage(editor, laxa, sie_text(YEAR))
    client = client_for(editor)
    client.get(f"/ekonomi/importer/{batch.pk}/")  # hands the analysis to the worker
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.QUEUED

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(tasks, "analyse", locked)
    with pytest.raises(OperationalError):
        tasks.analyse_ledger_file.call(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    page = client.get(f"/ekonomi/importer/{batch.pk}/").content.decode()
    assert "hx-trigger" not in page
    assert "Granskningen av filen avbröts av ett oväntat fel; inget har sparats." in page
