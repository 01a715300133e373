"""Trigram indexes for the free-text search on PostgreSQL.

Django's icontains is `UPPER(column::text) LIKE UPPER('%text%')`; a GIN index with pg_trgm on
that same expression answers it without reading every system. SQLite has no such index and
reads the table, which is fast enough there; on SQLite this migration does nothing. If the
database user may not create the pg_trgm extension, the indexes are left out with a notice:
the search then works as before, only slower.
"""

from django.db import migrations, transaction
from django.db.utils import DatabaseError

INDEXES = {  # name: (table, column)
    "system_name_trgm": ("portfolio_system", "name"),
    "system_description_trgm": ("portfolio_system", "description"),
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as exc:
        print(f"\n  pg_trgm is not available ({exc}); free-text search runs without its indexes.")
        return
    with connection.cursor() as cursor:
        for name, (table, column) in INDEXES.items():
            cursor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                           f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("portfolio", "0002_overview_indexes"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
