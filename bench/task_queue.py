"""Imports and large exports before and after the task queue, as a user sees them.

Before (commit 2d6ddfa): checking and applying an import ran in a background thread of the web
process; an export of the data page was written in the request, whatever its size. After
(HEAD since b2d7f39): both run as tasks of a separate worker process (``manage.py db_worker``,
django-tasks-db); an export of more than EXPORT_INLINE_ROWS rows redirects to its page and is
downloaded from there when ready.

Both versions are measured in one run, each on a fresh PostgreSQL database, each in its own
process whose working directory and ``sys.path[0]`` are that version's checkout (the "before"
version is a git worktree of 2d6ddfa, made here and removed at the end). Settings as in
production (DEBUG off). Requests go through Django's in-process test client, logged in as the
demo user ``rds`` (Referat Digitale Stadt).

1. Web import of a 5,000-row CSV of new projects, 3 times: upload request; from the start of
   the upload until the run's page says "geprueft" (polled every 0.1 s); "Übernehmen" request;
   from its start until "uebernommen".
2. Export of 50,000 projects as xlsx on the data page, 2 times: before, the request that
   writes the file; after, the request (a redirect), from its start until the download is
   "fertig" (polled every 0.1 s), and the request for the file.

    .venv/bin/python bench/task_queue.py            # both versions; writes bench/results/queue.md

Results: bench/results/queue.md.
"""

import argparse
import csv
import io
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout this copy of the script is in
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
BEFORE_COMMIT = "2d6ddfa"
BEFORE_TREE = Path("/work/wt-bench-before")
SMOKE = os.environ.get("BENCH_QUEUE_SMOKE") == "1"  # a quick trial run of the script itself
IMPORT_ROWS = 200 if SMOKE else 5000
IMPORT_REPEATS = 1 if SMOKE else 3
EXPORT_PROJECTS = 3000 if SMOKE else 50_000
EXPORT_REPEATS = 1 if SMOKE else 2
POLL = 0.1  # seconds between two looks at the page, as the progress bar would
WORKER_INTERVAL = "0.2"  # seconds between two looks of the worker at the queue
WORKER_OPTIONS = ["--no-reload", "--no-startup-delay", "--interval", WORKER_INTERVAL]
TIMEOUT = 900


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def production_env(database_url: str) -> dict:
    env = {**os.environ}
    for name in ("TASKS_IMMEDIATE", "DJANGO_SETTINGS_MODULE", "IMPORT_IN_BACKGROUND"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="leipzig_digital.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        IMPORT_MAX_FILE_SIZE=str(50 * 1024 * 1024),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


# ---------------------------------------------------------------- orchestration (no arguments)


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True,
                          text=True).stdout.strip()  # fmt: skip


def make_before_tree() -> bool:
    """The worktree of the old code, with the venv, the vendored static files and this script.
    Returns whether it was made here (then it is removed at the end)."""
    made = False
    if not BEFORE_TREE.exists():
        git("worktree", "add", "--detach", str(BEFORE_TREE), BEFORE_COMMIT)
        made = True
    if not (BEFORE_TREE / ".venv").exists():
        (BEFORE_TREE / ".venv").symlink_to(ROOT / ".venv")
    vendor = ROOT / "static" / "vendor"
    if vendor.exists() and not (BEFORE_TREE / "static" / "vendor").exists():
        shutil.copytree(vendor, BEFORE_TREE / "static" / "vendor")
    (BEFORE_TREE / "bench").mkdir(exist_ok=True)
    shutil.copy2(Path(__file__), BEFORE_TREE / "bench" / "task_queue.py")  # not committed there
    return made


def measure_version(name: str, checkout: Path) -> dict:
    database = f"bench_queue_{name}_{os.getpid()}"
    subprocess.run(["createdb", database], check=True)
    try:
        url = f"postgres:///{database}"
        command = [sys.executable, "bench/task_queue.py", "--measure", "--version", name,
                   "--database-url", url]  # fmt: skip
        print(f"== {name}: {checkout} ({database})", flush=True)
        process = subprocess.run(command, cwd=checkout, env=production_env(url),
                                 stdout=subprocess.PIPE, text=True)  # fmt: skip
        if process.returncode:
            raise SystemExit(f"{name}: measuring failed ({process.returncode})")
        return json.loads(process.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["dropdb", "--if-exists", database], check=False)


def orchestrate(args) -> None:
    made = make_before_tree()
    started = datetime.now(UTC)
    load_start = loadavg()
    try:
        results = {
            "before": measure_version("before", BEFORE_TREE),
            "after": measure_version("after", ROOT),
        }
    finally:
        if made and not args.keep_worktree:
            git("worktree", "remove", "--force", str(BEFORE_TREE))
    results["meta"] = {
        "started": started.isoformat(timespec="seconds"),
        "before": git("rev-parse", "--short", BEFORE_COMMIT),
        "after": git("rev-parse", "--short", "HEAD"),
        "load_start": load_start,
        "load_end": loadavg(),
        "cores": os.cpu_count(),
        "postgres": subprocess.run(
            ["psql", "-XAtc", "SHOW server_version", "postgres"], capture_output=True, text=True
        ).stdout.strip(),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    if not SMOKE:
        (RESULTS / "queue.md").write_text(report(results))
    print(report(results))


def fmt(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds:.2f} s"


def report(results: dict) -> str:
    before, after, meta = results["before"], results["after"], results["meta"]
    bi, ai = before["import"], after["import"]
    be, ae = before["export"], after["export"]
    mb = 1024 * 1024
    lines = [
        "# Imports and large exports: web thread / in-request (before) vs. task worker (after)",
        "",
        f"Run {meta['started']}, `bench/task_queue.py`; before = {meta['before']} (import in a "
        f"thread of the web process, export in the request), after = {meta['after']} (tasks "
        f"run by `manage.py db_worker`). PostgreSQL {meta['postgres']} on this machine, "
        f"{meta['cores']} cores, shared with other agents' test runs. Medians of "
        f"{IMPORT_REPEATS} (import) and {EXPORT_REPEATS} (export) repetitions; every "
        "repetition is printed (stderr) while the script runs.",
        "",
        f"## Web import of a {IMPORT_ROWS:,}-row CSV of new projects",
        "",
        "| Step | Before (thread in web process) | After (worker process) |",
        "|---|---:|---:|",
        f"| Upload request (POST /daten/import/) | {fmt(bi['upload_request'])} | "
        f"{fmt(ai['upload_request'])} |",
        f'| Upload to "geprueft" (from the start of the upload) | '
        f"{fmt(bi['upload_to_checked'])} | {fmt(ai['upload_to_checked'])} |",
        f"| Confirm request (POST …/uebernehmen/) | {fmt(bi['confirm_request'])} | "
        f"{fmt(ai['confirm_request'])} |",
        f'| Confirm to "uebernommen" (from the start of the confirm) | '
        f"{fmt(bi['confirm_to_applied'])} | {fmt(ai['confirm_to_applied'])} |",
        f"| Longest single web request in the flow (any repetition) | "
        f"{fmt(bi['longest_request'])} | {fmt(ai['longest_request'])} |",
        f"| Status polls per repetition (median), slowest poll | {bi['polls']:.0f}, "
        f"{fmt(bi['slowest_poll'])} | {ai['polls']:.0f}, {fmt(ai['slowest_poll'])} |",
        f"| Load average at start → end (1, 5, 15 min) | {bi['load_start']} → "
        f"{bi['load_end']} | {ai['load_start']} → {ai['load_end']} |",
        "",
        f"## Export of {EXPORT_PROJECTS:,} projects (GET /daten/export/vorhaben.xlsx)",
        "",
        "| Step | Before (written in the request) | After (worker process) |",
        "|---|---:|---:|",
        f"| Export request | {fmt(be['export_request'])} (the file, "
        f"{be['bytes'] / mb:.1f} MB) | {fmt(ae['export_request'])} (redirect to /exporte/<pk>/) |",
        f'| Request to "fertig" (from the start of the export request) | – | '
        f"{fmt(ae.get('request_to_ready'))} |",
        f"| File request (GET /exporte/<pk>/datei) | – | {fmt(ae.get('file_request'))} "
        f"({ae['bytes'] / mb:.1f} MB) |",
        f"| Until the file is in hand (export request + wait + file request) | "
        f"{fmt(be['until_file'])} | {fmt(ae['until_file'])} |",
        f"| Longest single web request in the flow (any repetition) | "
        f"{fmt(be['longest_request'])} | {fmt(ae['longest_request'])} |",
        f"| Rows in the file (sheet dimension) | {int(be['rows_in_file']):,} | "
        f"{int(ae['rows_in_file']):,} |",
        f"| Load average at start → end (1, 5, 15 min) | {be['load_start']} → "
        f"{be['load_end']} | {ae['load_start']} → {ae['load_end']} |",
        "",
        f"Machine load (1, 5, 15 min) over the whole run: {meta['load_start']} → "
        f"{meta['load_end']}.",
        "",
        "## What the figures measure",
        "",
        "Wall-clock seconds (`time.perf_counter`) in one Python process per code version, "
        "whose working directory and `sys.path[0]` are that version's checkout, with "
        "production settings (DEBUG off, `DATABASE_URL` to a fresh PostgreSQL "
        f"{meta['postgres']} database on this machine, over the local socket; `migrate`, "
        "`load_reference`, `seed_demo --projects 100 --seed 1`). Requests go through "
        "Django's in-process test client, logged in (`force_login`) as the demo user `rds` "
        "(Referat Digitale Stadt); no HTTP server, network or browser is involved, so a "
        "request's time is the Django view with its middleware and database queries. The import "
        f"file is a UTF-8, comma-separated CSV of {IMPORT_ROWS:,} new projects (Dezernat, Art, "
        'Titel, Federführendes Amt, Status "In Planung"; fresh titles in every repetition). '
        '"Upload to geprueft" and "confirm to uebernommen" run from the start of the POST '
        f"until a GET of the run's page (`?format=json`), repeated every {POLL} s, shows the "
        "status; they include that request, the wait and the polling granularity. Before, "
        "checking and applying run in a thread of the measuring (web) process itself "
        "(`IMPORT_IN_BACKGROUND` on, the default), sharing its interpreter with the polls. "
        "After, they run in a separate `manage.py db_worker "
        f"{' '.join(WORKER_OPTIONS)}` process, started (and seen connected to the database) "
        f"before the flow and stopped after it: it looks for new tasks every {WORKER_INTERVAL} "
        "s, which adds up to that much to each of the two waits. For the export, "
        f"{EXPORT_PROJECTS:,} projects are in the database (the seeded and imported ones plus "
        "bulk-created projects with department, lead office and title, no history); before, "
        "the xlsx is written in the GET; after, the GET stores a download and redirects "
        "(more than EXPORT_INLINE_ROWS = 2,000 rows), the download's page is polled every "
        f'{POLL} s until "fertig", then the file is fetched from /exporte/<pk>/datei. '
        '"Longest single web request" is the slowest request of the flow in any repetition '
        "(uploads, confirms, exports, file downloads and status polls): what one gunicorn "
        "worker, with its 60 s timeout, has to hold. The machine has "
        f"{meta['cores']} cores and other agents ran tests at the same time, so absolute "
        "figures vary with the load shown.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- measuring (--measure)


class Measure:
    def __init__(self, version: str, database_url: str):
        self.version = version
        self.database_url = database_url
        self.worker = None

    # -- setup

    def setup(self) -> None:
        import django

        django.setup()
        import spreadsheets.services

        code = Path(spreadsheets.services.__file__).resolve()
        assert code.is_relative_to(ROOT), f"{code} is not the code of {ROOT}"
        from django.conf import settings
        from django.core.management import call_command

        assert not settings.DEBUG
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        call_command("seed_demo", projects=100, seed=1, verbosity=0)
        from django.contrib.auth import get_user_model
        from django.test import Client

        self.user = get_user_model().objects.get(username="rds")
        assert self.user.groups.filter(name="Referat Digitale Stadt").exists()
        self.client = Client()
        self.client.force_login(self.user)
        self.log(f"code {code.parent.parent}, database {self.database_url}")

    def log(self, text: str) -> None:
        print(f"   [{self.version}] {text}", file=sys.stderr, flush=True)

    def request(self, method: str, path: str, timings: list, **data):
        started = time.perf_counter()
        response = getattr(self.client, method)(path, **data)
        if hasattr(response, "streaming_content"):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        seconds = time.perf_counter() - started
        timings.append(seconds)
        return response, body, seconds

    # -- the worker (after only)

    def start_worker(self) -> None:
        if self.version != "after":
            return
        from django.db import connection

        def others() -> int:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
                return cursor.fetchone()[0]

        connection.close()  # the measuring process's only connection is made again below
        before = others()
        self.worker_log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)  # noqa: SIM115
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS],
            cwd=ROOT, env=os.environ.copy(), stdout=self.worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while others() <= before:  # the worker has connected: it is looking at the queue
            assert self.worker.poll() is None, "the worker stopped"
            assert time.monotonic() < deadline, "the worker never connected"
            time.sleep(0.1)
        time.sleep(0.5)

    def stop_worker(self) -> None:
        if self.worker is None:
            return
        self.worker.terminate()
        self.worker.wait(timeout=60)
        self.worker_log.close()
        Path(self.worker_log.name).unlink()
        self.worker = None

    # -- flow 1: import

    def csv_file(self, repetition: int) -> bytes:
        from organisation.models import OrgUnit

        unit = (
            OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE)
            .select_related("department")
            .order_by("department__name", "name")
            .first()
        )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Dezernat", "Art", "Titel", "Federführendes Amt", "Status"])
        for number in range(IMPORT_ROWS):
            title = f"Warteschlange {self.version} {repetition} Vorhaben {number:05d}"
            writer.writerow([unit.department.name, "Projekt", title, unit.name, "In Planung"])
        return out.getvalue().encode()

    def wait_for_run(self, pk: int, status: str, timings: list) -> int:
        polls = 0
        deadline = time.monotonic() + TIMEOUT
        while True:
            response, body, _ = self.request("get", f"/daten/import/{pk}/?format=json", timings)
            polls += 1
            assert response.status_code == 200, response.status_code
            state = json.loads(body)
            if state["status"] == status:
                return polls
            assert state["status"] not in ("abgebrochen", "verfallen"), state
            assert time.monotonic() < deadline, f"import {pk} still {state}"
            time.sleep(POLL)

    def import_once(self, repetition: int) -> dict:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from projects.models import Project
        from spreadsheets.models import ImportRun

        data = self.csv_file(repetition)
        count = Project.objects.count()
        requests, polls = [], []
        upload = SimpleUploadedFile(f"warteschlange-{repetition}.csv", data, "text/csv")
        started = time.perf_counter()
        response, _, upload_request = self.request(
            "post", "/daten/import/", requests, data={"kind": "vorhaben", "file": upload}
        )
        assert response.status_code == 302, (response.status_code, response.content[:2000])
        pk = int(response["Location"].rstrip("/").split("/")[-1])
        checks = self.wait_for_run(pk, "geprueft", polls)
        upload_to_checked = time.perf_counter() - started
        run = ImportRun.objects.defer("data").get(pk=pk)
        assert run.result.ok, run.report.get("errors", [])[:3]
        assert run.result.new == IMPORT_ROWS, run.result.summary()

        started = time.perf_counter()
        response, _, confirm_request = self.request(
            "post", f"/daten/import/{pk}/uebernehmen/", requests
        )
        assert response.status_code == 302, response.status_code
        applies = self.wait_for_run(pk, "uebernommen", polls)
        confirm_to_applied = time.perf_counter() - started
        assert Project.objects.count() == count + IMPORT_ROWS
        return {
            "upload_request": upload_request,
            "upload_to_checked": upload_to_checked,
            "confirm_request": confirm_request,
            "confirm_to_applied": confirm_to_applied,
            "longest_request": max(requests + polls),
            "slowest_poll": max(polls),
            "polls": checks + applies,
            "file_bytes": len(data),
        }

    # -- flow 2: export

    def fill_projects(self) -> None:
        from organisation.models import OrgUnit
        from projects.models import Project

        missing = EXPORT_PROJECTS - Project.objects.count()
        units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.OFFICE).order_by("pk"))
        batch = [
            Project(
                department_id=units[number % len(units)].department_id,
                lead_unit=units[number % len(units)],
                title=f"Masse {self.version} {number:05d}",
            )
            for number in range(missing)
        ]
        Project.objects.bulk_create(batch, batch_size=2000)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        assert Project.objects.count() == EXPORT_PROJECTS

    def rows_in(self, body: bytes) -> int:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return book.worksheets[0].max_row

    def export_once(self) -> dict:
        requests, polls = [], []
        started = time.perf_counter()
        response, body, export_request = self.request(
            "get", "/daten/export/vorhaben.xlsx", requests
        )
        if self.version == "before":
            assert response.status_code == 200, response.status_code
            return {
                "export_request": export_request,
                "until_file": time.perf_counter() - started,
                "bytes": len(body),
                "rows_in_file": self.rows_in(body),
                "longest_request": export_request,
            }
        assert response.status_code == 302, response.status_code
        location = response["Location"]
        assert location.startswith("/exporte/"), location
        deadline = time.monotonic() + TIMEOUT
        while True:
            response, state, _ = self.request("get", f"{location}?format=json", polls)
            state = json.loads(state)
            if state["status"] == "fertig":
                break
            assert state["status"] != "abgebrochen", state
            assert time.monotonic() < deadline, state
            time.sleep(POLL)
        request_to_ready = time.perf_counter() - started
        response, body, file_request = self.request("get", f"{location}datei", requests)
        assert response.status_code == 200, response.status_code
        return {
            "export_request": export_request,
            "request_to_ready": request_to_ready,
            "file_request": file_request,
            "until_file": time.perf_counter() - started,
            "bytes": len(body),
            "rows_in_file": self.rows_in(body),
            "longest_request": max(requests + polls),
            "slowest_poll": max(polls),
            "polls": len(polls),
        }

    # -- both

    def flow(self, name: str, once, repeats: int) -> dict:
        load_start = loadavg()
        self.start_worker()
        try:
            runs = []
            for repetition in range(1, repeats + 1):
                result = once(repetition) if name == "import" else once()
                self.log(f"{name} {repetition}: " + ", ".join(
                    f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
                    for key, value in result.items()
                ))  # fmt: skip
                runs.append(result)
        finally:
            self.stop_worker()
        summary = {
            key: statistics.median(run[key] for run in runs)
            for key in runs[0]
            if key != "longest_request"
        }
        summary["longest_request"] = max(run["longest_request"] for run in runs)
        summary.update(runs=runs, load_start=load_start, load_end=loadavg())
        return summary

    def run(self) -> dict:
        self.setup()
        results = {"import": self.flow("import", self.import_once, IMPORT_REPEATS)}
        self.fill_projects()
        results["export"] = self.flow("export", self.export_once, EXPORT_REPEATS)
        return results


def measure(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = Measure(args.version, args.database_url).run()
    print(json.dumps(results), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measure", action="store_true", help="measure this checkout (inner)")
    parser.add_argument("--version", choices=["before", "after"])
    parser.add_argument("--database-url")
    parser.add_argument("--keep-worktree", action="store_true")
    args = parser.parse_args()
    if args.measure:
        measure(args)
    else:
        orchestrate(args)


if __name__ == "__main__":
    main()
