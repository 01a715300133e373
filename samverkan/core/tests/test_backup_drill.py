"""The backup and restore drill on PostgreSQL with the demo data: back up, restore into a fresh
database and data folder, and find both installations the same, table by table (history
included) and file by file; a changed row or a missing file is found."""

import io

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from samverkan.core import backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def restored_database():
    if connection.vendor != "postgresql":
        pytest.skip("the drill restores a pg_dump into a second PostgreSQL database; "
                    "run ./bin/test with DATABASE_URL pointing at PostgreSQL")
    name = f"{connection.settings_dict['NAME']}_restored"
    server = {k: v for k, v in {"host": connection.settings_dict["HOST"],
                                "port": connection.settings_dict["PORT"],
                                "user": connection.settings_dict["USER"],
                                "password": connection.settings_dict["PASSWORD"]}.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = (f"postgres://{server.get('user', '')}:{server.get('password', '')}@"
           f"{server.get('host', '')}:{server.get('port', 5432)}/{name}")
    restored = backup.other_database(url, "restored")
    yield restored, url
    backup.release(restored)
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_holds_the_same_records_history_and_files(restored_database, tmp_path):
    restored, url = restored_database
    call_command("demo", no_serve=True, stdout=io.StringIO())
    data = settings.DATA_DIR
    (data / "files" / "dokument" / "2026").mkdir(parents=True)
    (data / "files" / "dokument" / "2026" / "avtal.pdf").write_bytes(b"%PDF-1.4 avtal\n" * 100)
    (data / "files" / "objekt.txt").write_text("förvaltningsplan", encoding="utf-8")
    (data / "imports" / "ledger").mkdir(parents=True)
    (data / "imports" / "ledger" / "huvudbok.se").write_text("#FLAGGA 0\n", encoding="cp437")
    (data / "static").mkdir()
    (data / "static" / "app.css").write_text("body {}")  # rebuilt by collectstatic, not kept

    folder = backup.backup(connection, data, tmp_path / "backups")
    restored_data = tmp_path / "restored"
    backup.restore(folder, restored, restored_data)

    here = backup.fingerprint(connection, data)
    there = backup.fingerprint(restored, restored_data)
    assert backup.compare(here, there) == []
    assert here.tables["portfolio_historicalsystem"][0] > 0  # history came along
    assert here.tables["portfolio_system"][0] > 0
    assert {"files/dokument/2026/avtal.pdf", "files/objekt.txt",
            "imports/ledger/huvudbok.se"} <= set(here.files)  # and the demo's imported files
    assert not any(name.startswith("static/") for name in here.files)
    call_command("compare-installations", url, str(restored_data), stdout=io.StringIO())

    with restored.cursor() as cursor:
        cursor.execute("UPDATE portfolio_historicalsystem SET name = name || '!' "
                       "WHERE history_id = (SELECT min(history_id) FROM portfolio_historicalsystem)")
    (restored_data / "files" / "objekt.txt").unlink()
    differences = backup.compare(here, backup.fingerprint(restored, restored_data))
    assert [line.split(":")[0] for line in differences] == [
        "table portfolio_historicalsystem", "file files/objekt.txt"]
    with pytest.raises(CommandError) as failed:
        call_command("compare-installations", url, str(restored_data), stderr=io.StringIO())
    assert failed.value.returncode == 1
    errors = io.StringIO()
    with pytest.raises(CommandError, match="^1 skillnader"):
        call_command("compare-installations", url, str(restored_data),
                     "--ignore", "portfolio_historicalsystem", stderr=errors)
    assert errors.getvalue().startswith("file files/objekt.txt")


def test_restore_refuses_a_database_that_is_not_empty(restored_database, tmp_path):
    restored, _ = restored_database
    folder = backup.backup(connection, settings.DATA_DIR, tmp_path)
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(folder, connection, tmp_path / "restored")


def test_a_damaged_backup_is_refused(restored_database, tmp_path):
    restored, _ = restored_database
    folder = backup.backup(connection, settings.DATA_DIR, tmp_path)
    with (folder / backup.FILES).open("ab") as handle:
        handle.write(b"x")
    with pytest.raises(backup.BackupError, match="checksum"):
        backup.restore(folder, restored, tmp_path / "restored")
