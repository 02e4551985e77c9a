"""Server time of the project list pages only, on an existing bench database, so that two
checkouts (before and after a change to the list) can be timed against the same data in one
run, alternating:

    python bench/pages.py --projects 5000 --database-url sqlite:////tmp/bench.sqlite3  # seed
    python bench/list_pages.py --database-url sqlite:////tmp/bench.sqlite3 --requests 200
    (cd ../other-checkout && python /path/to/bench/list_pages.py --code . ...)

In-process through Django's test client, like bench/pages.py: URL routing, middleware,
queries and template rendering, no network. Wall time and the process's CPU time (with
SQLite the queries run in the process too), which a busy machine disturbs less.
Pages the checkout does not have are skipped.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--print-requests", type=int, default=20, help="2,000-row print view")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    sys.path.insert(0, str(args.code.resolve()))
    os.chdir(args.code)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    filtered = "?status=umsetzung&financing=nicht_finanziert&o=-last_update"
    htmx = {"HX-Request": "true", "HX-Target": "project-results"}
    pages = [
        ("Vorhaben (stadtweit)", "rds", "projects:list", [], "", {}),
        ("Vorhaben gefiltert + sortiert", "rds", "projects:list", [], filtered, {}),
        ("Vorhaben Suche", "leitung", "projects:list", [], "?q=akte", {}),
        ("Vorhaben Arbeitsraum", "koordination-kultur", "projects:workspace_list", ["kultur"],
         "", {}),
        ("Vorhaben gefiltert, htmx-Teil", "rds", "projects:list", [], filtered, htmx),
        ("Druckansicht gefiltert", "rds", "projects:print", [], filtered, {}),
    ]  # fmt: skip
    rows = []
    for name, username, url_name, url_args, query, headers in pages:
        try:
            url = reverse(url_name, args=url_args) + query
        except NoReverseMatch:
            continue
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for _ in range(5):  # warm-up
            assert client.get(url, headers=headers).status_code == 200, url
        timings, cpu = [], []
        for _ in range(args.print_requests if url_name.endswith("print") else args.requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, headers=headers)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
        timings.sort()
        cpu.sort()
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        rows.append(
            {
                "page": name,
                "url": url,
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(p95, 1),
                "cpu_median_ms": round(statistics.median(cpu), 1),
                "cpu_p95_ms": round(cpu[max(0, round(0.95 * len(cpu)) - 1)], 1),
                "queries": len(captured),
                "bytes": len(response.content),
            }
        )
    print(f"{args.code.resolve()} ({connection.vendor}, {args.requests} requests per page)")
    print("| page | median ms | p95 ms | CPU median ms | CPU p95 ms | queries | bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['page']} | {row['median_ms']} | {row['p95_ms']} | {row['cpu_median_ms']} | "
            f"{row['cpu_p95_ms']} | {row['queries']} | {row['bytes']:,} |"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
