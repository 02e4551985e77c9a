"""On PostgreSQL, the free-text search (title or description contains ...) uses trigram
indexes; without them every search reads all projects. SQLite needs and gets nothing here."""

from django.db import migrations

INDEXES = {
    "project_title_trgm_idx": 'UPPER("title"::text) gin_trgm_ops',
    "project_description_trgm_idx": 'UPPER("description"::text) gin_trgm_ops',
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON projects_project USING gin ({expression})'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0004_default_order_index")]

    operations = [migrations.RunPython(create, drop)]
