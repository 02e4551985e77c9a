"""One measured step of `bench/imports.py`, in its own process so that its peak memory is its
own. Prints one JSON line: seconds, peak resident memory (MB) and what was done.

    python bench/import_worker.py --database-url URL setup --projects 5000
    python bench/import_worker.py --database-url URL export FILE          # ours, xlsx
    python bench/import_worker.py --database-url URL plain-export FILE    # plain resource
    python bench/import_worker.py --database-url URL wipe                 # drop all projects
    python bench/import_worker.py --database-url URL ours FILE            # our import (shell)
    python bench/import_worker.py --database-url URL store FILE           # upload, as the web
    python bench/import_worker.py --database-url URL apply-stored RUN     # "Übernehmen"
    python bench/import_worker.py --database-url URL plain FILE           # plain import_data
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("step", choices=["setup", "export", "plain-export", "wipe", "ours",
                                         "store", "apply-stored", "plain"])  # fmt: skip
    parser.add_argument("file", nargs="?")
    parser.add_argument("--projects", type=int, default=5000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    import django

    django.setup()
    from django.utils import translation

    translation.activate("de")
    started = time.perf_counter()
    result = globals()[f"step_{args.step.replace('-', '_')}"](args)
    result.update(seconds=round(time.perf_counter() - started, 2), peak_mb=round(peak_mb(), 1))
    print(json.dumps(result), flush=True)


def step_setup(args) -> dict:
    from django.core.management import call_command

    from agenda.reference import reference_load
    from demo.seeding import demo_seed

    call_command("migrate", verbosity=0)
    reference_load()
    demo_seed(projects=args.projects, seed=3, offices=60)
    return {"step": "setup"}


def step_export(args) -> dict:
    from spreadsheets.registry import TYPES
    from spreadsheets.workbooks import export_xlsx

    data = export_xlsx(TYPES["vorhaben"], None)
    Path(args.file).write_bytes(data)
    return {"step": "export", "bytes": len(data)}


def plain_resource():
    from import_export import resources

    from projects.models import Project

    class PlainProjectResource(resources.ModelResource):
        """django-import-export's default: every model field, keys by id, row by row."""

        class Meta:
            model = Project

    return PlainProjectResource()


def step_plain_export(args) -> dict:
    from projects.models import Project

    dataset = plain_resource().export(Project.objects.all())
    Path(args.file).write_bytes(dataset.export("xlsx"))
    return {"step": "plain-export", "rows": len(dataset)}


def step_wipe(args) -> dict:
    """All projects, their links, status updates and history, with plain DELETEs (the ORM's
    cascade would take minutes and is not what is measured)."""
    from django.db import connection, transaction

    from organisation.models import Membership
    from projects.models import Project, StatusUpdate

    history = Project.history.model
    models = [rel.related_model for rel in history._meta.related_objects]  # m2m history
    models += [history, StatusUpdate.history.model, StatusUpdate, Membership.projects.through]
    models += [Project._meta.get_field(name).remote_field.through
               for name in ("participating_units", "goals", "fields_of_action")]  # fmt: skip
    count = Project.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        for model in [*models, Project]:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    with connection.cursor() as cursor:  # what autovacuum would do soon after such a purge
        cursor.execute("ANALYZE")
    return {"step": "wipe", "deleted": count}


def step_ours(args) -> dict:
    from spreadsheets.services import run_file

    path = Path(args.file)
    with path.open("rb") as data:
        report = run_file(kind="vorhaben", data=data, file_name=path.name, apply=True)
    assert report.ok, report.errors[:5]
    return {"step": "ours", **report.summary()}


def step_store(args) -> dict:
    """The upload as the import page stores it (the check it starts is left out)."""
    from spreadsheets.models import ImportRun

    path = Path(args.file)
    data = path.read_bytes()
    run = ImportRun.objects.create(
        kind="vorhaben", file_name=path.name, file_size=len(data), data=data
    )
    return {"step": "store", "run": run.pk}


def step_apply_stored(args) -> dict:
    """What "Übernehmen" runs in the background: the stored file, read back from the database."""
    from spreadsheets.models import ImportRun
    from spreadsheets.services import apply_run

    run = apply_run(int(args.file))
    assert run.status == ImportRun.Status.APPLIED, run.report.get("errors", [])[:5]
    return {"step": "apply-stored", **run.result.summary()}


def step_plain(args) -> dict:
    import tablib

    dataset = tablib.Dataset().load(Path(args.file).read_bytes(), format="xlsx")
    result = plain_resource().import_data(dataset, dry_run=False, use_transactions=True)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    return {"step": "plain", "rows": len(dataset), **result.totals}


if __name__ == "__main__":
    main()
