"""`make bench` (synergies part): the stored suggestions on a project's page, the full
recomputation and the title hint at 5,000 and 50,000 projects.

For each database and scale a fresh database is seeded with the demo (8 departments, 60
offices, the demo's projects with their goals and fields of action; the demo ends with a full
computation of the suggestions). Then:

- **Full recomputation**: ``suggestions.recompute_all()`` in a fresh process: loading every
  project, the analysis, the similarity, the reasons and replacing the stored suggestions in
  one transaction; wall time of the whole function and the process's peak memory (max RSS,
  which includes Django and the libraries, about 150 MB). Targets: 60 s at 5,000 projects,
  15 min at 50,000.
- **Suggestions shown**: the project page's synergy section (links and the five best stored
  suggestions the viewer may see, rendered), for 30 projects in turn, as the central unit and
  as a department's staff member; in process, after warm-up. Target p95 < 50 ms at 5,000.
  The whole project page is shown for context.
- **Title hint**: the hint's request (``/vorhaben/aehnliche-titel/?title=…``) for 30 typed
  titles (beginnings of existing titles and free text), through Django's test client in
  process. Target p95 < 100 ms at 50,000.

The demo's titles at scale are built from a few dozen words, so many projects look alike:
for the similarity that is the expensive case (long lists of candidates), not the easy one.

    python -m bench.synergies [--databases sqlite,postgres] [--scales 5000,50000]

Results: bench/results/synergies.md (and .json).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

TITLES = [
    "Digitalisierung der Termin", "Einführung der E-Akte im Amt", "Förderantrag online",
    "Antragsbearbeitung Förder", "Open-Data-Schnittstelle", "Sensorik für Parkplätze",
    "Raumbuchung", "Digitales Förderverfahren", "Beschwerdemanagement digital",
    "Rechnungseingang", "Ticketsystem für den Bürgerservice", "Geoportal",
    "Videokonferenz", "Personaleinsatzplanung", "Wissensmanagement im Dezernat",
]  # fmt: skip


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def _ms(values):
    values = sorted(values)
    return {
        "median": round(statistics.median(values) * 1000, 1),
        "p95": round(values[max(0, int(len(values) * 0.95) - 1)] * 1000, 1),
    }


def seed(database_url: str, projects: int) -> float:
    if database_url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(database_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    _setup(database_url)
    from django.core.management import call_command
    from django.db import connection

    from agenda.reference import reference_load
    from demo.seeding import demo_seed

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    reference_load()
    demo_seed(projects=projects, seed=2026, offices=60)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def recompute(database_url: str) -> dict:
    _setup(database_url)
    from synergies import suggestions

    started = time.perf_counter()
    computation = suggestions.recompute_all()
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "projects": computation.projects,
        "suggestions": computation.suggestions,
    }


def pages(database_url: str, requests: int) -> dict:
    _setup(database_url)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.template import Context, Template
    from django.test import Client, RequestFactory

    from synergies.models import Suggestion

    if not settings.DEBUG:  # production settings serve hashed static files
        call_command("collectstatic", interactive=False, verbosity=0)
    users = get_user_model().objects
    projects = list(
        Suggestion.objects.filter(project__confidential=False)
        .order_by("project_id")
        .values_list("project_id", flat=True)
        .distinct()[:requests]
    )
    from projects.models import Project

    projects = list(Project.objects.filter(pk__in=projects).select_related("department"))
    section = Template("{% load synergies %}{% project_synergies project %}")
    result = {}
    for username in ("rds", "mitarbeit-soziales"):
        user = users.get(username=username)
        request = RequestFactory().get("/")
        request.user = user
        times = []
        for round_ in range(2):  # the first round warms up
            for project in projects:
                started = time.perf_counter()
                section.render(Context({"request": request, "project": project}))
                if round_:
                    times.append(time.perf_counter() - started)
        result[f"section ({username})"] = _ms(times)
        client = Client()
        client.force_login(user)
        times = []
        for round_ in range(2):
            for project in projects:
                started = time.perf_counter()
                assert client.get(project.get_absolute_url()).status_code == 200
                if round_:
                    times.append(time.perf_counter() - started)
        result[f"project page ({username})"] = _ms(times)
    client = Client()
    client.force_login(users.get(username="mitarbeit-soziales"))
    typed = [*TITLES, *(p.title[: max(8, len(p.title) // 2)] for p in projects)][:requests]
    times = []
    for round_ in range(2):
        for title in typed:
            started = time.perf_counter()
            assert client.get("/vorhaben/aehnliche-titel/", {"title": title}).status_code == 200
            if round_:
                times.append(time.perf_counter() - started)
    result["title hint"] = _ms(times)
    return result


def _child(step: str, database_url: str, *extra) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.synergies", "--step", step, "--database-url",
         database_url, *extra],
        check=True, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _database_url(database: str, scale: int) -> str:
    if database == "sqlite":
        return f"sqlite:///{ROOT / 'bench' / f'synergies-{scale}.sqlite3'}"
    name = f"bench_synergies_{scale}"
    subprocess.run(["dropdb", "--if-exists", name], check=True)
    subprocess.run(["createdb", name], check=True)
    return f"postgres:///{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--scales", default="5000,50000")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--step", choices=["seed", "recompute", "pages"])
    parser.add_argument("--database-url")
    parser.add_argument("--projects", type=int)
    args = parser.parse_args()
    if args.step == "seed":
        print(json.dumps({"seconds": round(seed(args.database_url, args.projects), 1)}))
        return
    if args.step == "recompute":
        print(json.dumps(recompute(args.database_url)))
        return
    if args.step == "pages":
        print(json.dumps(pages(args.database_url, args.requests)))
        return
    runs = []
    for database in args.databases.split(","):
        for scale in (int(s) for s in args.scales.split(",")):
            url = _database_url(database, scale)
            print(f"-- {database}: {scale} projects", flush=True)
            run = {"database": database, "projects": scale}
            run["seed"] = _child("seed", url, "--projects", str(scale))
            run["recompute"] = _child("recompute", url)
            run["pages"] = _child("pages", url, "--requests", str(args.requests))
            print(json.dumps(run), flush=True)
            runs.append(run)
            if database == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    (RESULTS / "synergies.json").write_text(json.dumps({"at": stamp, "runs": runs}, indent=2))
    lines = [
        f"# Synergies benchmark ({stamp})", "",
        "| database | projects | full recomputation | peak memory | suggestions stored | "
        "section p95 (rds / staff) | project page p95 (rds / staff) | title hint p95 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for run in runs:
        r, p = run["recompute"], run["pages"]
        lines.append(
            f"| {run['database']} | {run['projects']:,} | {r['seconds']} s | {r['peak_mb']} MB | "
            f"{r['suggestions']:,} | {p['section (rds)']['p95']} / "
            f"{p['section (mitarbeit-soziales)']['p95']} ms | "
            f"{p['project page (rds)']['p95']} / {p['project page (mitarbeit-soziales)']['p95']} ms"
            f" | {p['title hint']['p95']} ms |"
        )
    (RESULTS / "synergies.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
