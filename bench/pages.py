"""Server time and query count of the main pages at city scale.

Usage (a fresh database is built each time unless --reuse is given):

    python bench/pages.py --projects 5000 [--database-url postgres:///bench] [--requests 30]

Runs in-process through Django's test client (no network), so the figures are the server's
own time per request: URL routing, middleware, queries and template rendering.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
    parser.add_argument("--reuse", action="store_true", help="keep an existing bench database")
    parser.add_argument("--offices", type=int, default=60)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "pages.md")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    if args.database_url.startswith("sqlite:///") and not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(args.database_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone as django_timezone

    from agenda.reference import reference_load
    from demo.seeding import demo_seed
    from projects.models import Project, StatusUpdate

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if not args.reuse:
        call_command("migrate", verbosity=0)
    if not settings.DEBUG:  # production settings serve hashed static files
        call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    reference_load()
    report = demo_seed(projects=args.projects, seed=args.seed, offices=args.offices)
    if connection.vendor == "postgresql":
        # Measure the steady state: after a bulk load autovacuum would otherwise run
        # during the measurement.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seeded = time.perf_counter() - started
    projects = Project.objects.count()
    updates = StatusUpdate.objects.count()
    from organisation.models import Department, OrgUnit

    departments, offices = Department.objects.count(), OrgUnit.objects.count()

    from reporting import services as reporting_services

    # A reporting round of everything seeded: how long freezing takes (one INSERT … SELECT per
    # table, in the database), and the dashboards shown for it.
    freeze_started = time.perf_counter()
    frozen = reporting_services.round_freeze(
        actor=get_user_model().objects.get(username="rds"),
        title=f"Bench {time.time_ns()}",
        reference_date=django_timezone.localdate(),
    )
    freeze_seconds = time.perf_counter() - freeze_started
    project = Project.objects.filter(department__slug="kultur").order_by("pk").first()
    kultur_workspace = reverse("dashboards:workspace", args=["kultur"])
    kultur_list = reverse("projects:workspace_list", args=["kultur"])
    filtered = "?status=umsetzung&financing=nicht_finanziert&o=-last_update"
    pages = [
        ("Start", "rds", reverse("dashboards:home")),
        ("Agenda", "rds", reverse("agenda:overview")),
        ("Dezernate", "rds", reverse("dashboards:department_list")),
        ("Start Mitarbeit", "mitarbeit-soziales", reverse("dashboards:home")),
        ("Arbeitsraum Kultur", "koordination-kultur", kultur_workspace),
        ("Arbeitsraum Kultur Partner", "partner-kultur", kultur_workspace),
        (
            "Arbeitsraum Kultur Berichtsrunde",
            "koordination-kultur",
            f"{kultur_workspace}?runde={frozen.pk}",
        ),
        ("Lagebericht Kultur", "leitung", reverse("dashboards:workspace_report", args=["kultur"])),
        ("Gesamtübersicht", "rds", reverse("dashboards:city")),
        ("Gesamtübersicht Leitung", "leitung", reverse("dashboards:city")),
        ("Gesamtübersicht Berichtsrunde", "rds", f"{reverse('dashboards:city')}?runde={frozen.pk}"),
        ("Lagebericht Stadt", "leitung", reverse("dashboards:city_report")),
        ("Berichtsrunde", "rds", frozen.get_absolute_url()),
        ("Vorhaben (stadtweit)", "rds", reverse("projects:list")),
        ("Vorhaben gefiltert + sortiert", "rds", reverse("projects:list") + filtered),
        ("Vorhaben Suche", "leitung", reverse("projects:list") + "?q=akte"),
        ("Vorhaben Arbeitsraum", "koordination-kultur", kultur_list),
        ("Vorhaben Detail", "koordination-kultur", reverse("projects:detail", args=[project.pk])),
        ("Vorhaben bearbeiten", "koordination-kultur", reverse("projects:edit", args=[project.pk])),
    ]
    # The dashboards keep their counts by department until a write renews it (see
    # dashboards.sources): the pages above are read again and again, these are each the first
    # read after a write to one of Kultur's projects (its counts made afresh, the others'
    # kept), or after an import into every department (everything counted afresh).
    from dashboards.models import renew, renew_all

    kultur_id = project.department_id
    after_a_write = [
        ("Arbeitsraum Kultur nach Änderung", "koordination-kultur", kultur_workspace),
        ("Gesamtübersicht nach Änderung in Kultur", "rds", reverse("dashboards:city")),
        ("Gesamtübersicht nach Import (alles neu gezählt)", "rds", reverse("dashboards:city")),
    ]
    before_each = {
        "Arbeitsraum Kultur nach Änderung": lambda: renew([kultur_id]),
        "Gesamtübersicht nach Änderung in Kultur": lambda: renew([kultur_id]),
        "Gesamtübersicht nach Import (alles neu gezählt)": renew_all,
    }
    pages += after_a_write
    rows = []
    for name, username, url in pages:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        before = before_each.get(name, lambda: None)
        for _ in range(3):  # warm-up
            before()
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(args.requests):
            before()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        before()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        queries = len(captured)
        timings.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        rows.append((name, statistics.median(timings), p95, queries))

    vendor = connection.vendor
    if args.json:
        import json

        args.json.write_text(
            json.dumps(
                {
                    "database": vendor,
                    "departments": departments,
                    "offices": offices,
                    "projects": projects,
                    "status_updates": updates,
                    "seconds_to_seed": round(seeded, 1),
                    "seconds_to_freeze": round(freeze_seconds, 2),
                    "pages": [
                        {"page": n, "median_ms": m, "p95_ms": p, "queries": q}
                        for n, m, p, q in rows
                    ],
                }
            ),
            encoding="utf-8",
        )
    lines = [
        f"# Page benchmark: {vendor}, {departments} departments, {offices} offices, "
        f"{projects} projects, {updates} status updates",
        "",
        f"Seeded in {seeded:.1f} s ({report.projects_created} new projects); a reporting round "
        f"of them frozen in {freeze_seconds:.2f} s. "
        f"{args.requests} requests per page after 3 warm-up requests, in-process.",
        "",
        "| page | median ms | p95 ms | queries |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {n} | {m:.1f} | {p:.1f} | {q} |" for n, m, p, q in rows]
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
