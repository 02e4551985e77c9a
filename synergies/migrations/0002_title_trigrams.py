"""On PostgreSQL: pg_trgm and a trigram index on project titles, for the "similar projects
exist already" hint while a title is typed (``synergies.selectors.similar_titles``). SQLite
has no such index; the hint finds its candidates there by the title's words instead."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "project_title_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project USING gin (title gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("synergies", "0001_initial"),
        ("projects", "0008_status_update_progress_before"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
