"""Backup, restore and the check that a restored installation is the same.

A backup is a folder `samverkan-<time>/` holding the database (`database.dump`, pg_dump's custom
format, or `database.sqlite3`, an online copy through SQLite's backup API), the uploaded files
(`files.tar.gz`: the data folder's `files/`, uploaded documents, and `imports/`, the imported
files the import history refers to) and `SHA256SUMS`. `restore` writes it into an
empty database and data folder; `fingerprint` and `compare` take counts and checksums per table
(every table, the history tables included) and a hash per file, so two installations can be
compared record for record.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

import environ
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

DUMP = "database.dump"
SQLITE = "database.sqlite3"
FILES = "files.tar.gz"
SUMS = "SHA256SUMS"
CHUNK = 2000
FOLDERS = ("files", "imports")  # in the data folder; static/ is rebuilt by collectstatic


class BackupError(Exception):
    pass


def _is_postgresql(database: dict) -> bool:
    return "postgresql" in database["ENGINE"]


def _libpq(database: dict) -> tuple[list[str], dict]:
    """pg_dump / pg_restore arguments and environment for a Django database setting."""
    args = ["--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [option, str(database[key])]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]}: {result.stderr.strip() or result.returncode}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(connection: BaseDatabaseWrapper, data_dir: Path, destination: Path) -> Path:
    """Write a backup of the database and the data folder's files under `destination`."""
    database = connection.settings_dict
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = destination / f"samverkan-{stamp}"
    target.mkdir(parents=True)
    if _is_postgresql(database):
        args, env = _libpq(database)
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target / DUMP), *args], env)
    else:
        source = sqlite3.connect(database["NAME"])
        copy = sqlite3.connect(target / SQLITE)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
    with tarfile.open(target / FILES, "w:gz") as archive:
        for folder in FOLDERS:
            if (data_dir / folder).is_dir():
                archive.add(data_dir / folder, arcname=folder)
    sums = [f"{sha256(target / name)}  {name}" for name in sorted(os.listdir(target))]
    (target / SUMS).write_text("\n".join(sums) + "\n")
    return target


def verify(source: Path) -> None:
    """The backup's files are those its SHA256SUMS lists, unchanged."""
    for line in (source / SUMS).read_text().splitlines():
        digest, name = line.split("  ", 1)
        if sha256(source / name) != digest:
            raise BackupError(f"{name}: the checksum does not match {SUMS}")


def restore(source: Path, connection: BaseDatabaseWrapper, data_dir: Path) -> None:
    """Restore the backup folder `source` into an empty database and data folder."""
    verify(source)
    database = connection.settings_dict
    for folder in FOLDERS:
        if (data_dir / folder).exists() and any((data_dir / folder).iterdir()):
            raise BackupError(f"{data_dir / folder} is not empty")
    with connection.cursor() as cursor:
        if connection.introspection.table_names(cursor):
            raise BackupError(f"the database {database['NAME']} is not empty")
    if _is_postgresql(database):
        if not (source / DUMP).exists():
            raise BackupError(f"{source} holds no PostgreSQL dump ({DUMP})")
        args, env = _libpq(database)
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", *args,
              str(source / DUMP)], env)
    else:
        if not (source / SQLITE).exists():
            raise BackupError(f"{source} holds no SQLite database ({SQLITE})")
        connection.close()
        copy = sqlite3.connect(source / SQLITE)
        restored = sqlite3.connect(database["NAME"])
        with restored:
            copy.backup(restored)
        restored.close()
        copy.close()
    data_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / FILES, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.split("/")[0] in FOLDERS]
        archive.extractall(data_dir, members=members, filter="data")


@dataclass
class Fingerprint:
    tables: dict[str, tuple[int, str]] = field(default_factory=dict)  # rows, sha256
    files: dict[str, str] = field(default_factory=dict)  # path in the data folder → sha256


def _value(value) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return repr(value)


def _table(connection, cursor, table: str) -> tuple[int, str]:
    quote = connection.ops.quote_name
    columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
    order = connection.introspection.get_primary_key_columns(cursor, table) or columns
    cursor.execute(f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} "
                   f"ORDER BY {', '.join(map(quote, order))}")
    digest, count = hashlib.sha256(), 0
    while rows := cursor.fetchmany(CHUNK):
        for row in rows:
            digest.update("\x1f".join(map(_value, row)).encode() + b"\x1e")
        count += len(rows)
    return count, digest.hexdigest()


def fingerprint(connection: BaseDatabaseWrapper, data_dir: Path) -> Fingerprint:
    """Counts and checksums of every table of the database, hashes of the files."""
    result = Fingerprint()
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            result.tables[table] = _table(connection, cursor, table)
    for folder in FOLDERS:
        for path in sorted(p for p in (data_dir / folder).rglob("*") if p.is_file()):
            result.files[path.relative_to(data_dir).as_posix()] = sha256(path)
    return result


def compare(one: Fingerprint, other: Fingerprint) -> list[str]:
    """The differences between two installations, one line each (empty: the same)."""
    differences = []
    for kind, left, right in (("table", one.tables, other.tables), ("file", one.files, other.files)):
        for name in sorted(set(left) | set(right)):
            if name not in right:
                differences.append(f"{kind} {name}: only in the first installation")
            elif name not in left:
                differences.append(f"{kind} {name}: only in the second installation")
            elif left[name] != right[name]:
                differences.append(f"{kind} {name}: {left[name]} ≠ {right[name]}")
    return differences


def other_database(url: str, alias: str = "other") -> BaseDatabaseWrapper:
    """A connection to the database at `url` (the caller closes it), with the configured
    database's other settings."""
    settings = {**connections["default"].settings_dict, **environ.Env.db_url_config(url)}
    connection = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias)
    # in this thread's handler (not in the settings), since backends look themselves up by alias
    connections[alias] = connection
    return connection


def release(connection: BaseDatabaseWrapper) -> None:
    """Close a connection from `other_database`."""
    connection.close()
    del connections[connection.alias]
