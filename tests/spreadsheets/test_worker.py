"""Imports through the real worker process (``manage.py db_worker``), on the test database
(PostgreSQL, or SQLite's test file): the flow end to end, and a worker killed with SIGKILL in
the middle of a 50,000-row apply."""

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from projects.models import Project
from spreadsheets import services
from spreadsheets.models import ImportRun

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
WORKER_OPTIONS = ["--no-reload", "--no-startup-delay", "--interval", "0.2"]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    host = db.get("HOST") or ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    auth = db.get("USER") or ""
    if auth and db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{db['NAME']}"


@pytest.fixture
def worker(settings, tmp_path):
    """Start a real worker on the test database; yields a function that starts another one."""
    settings.TASKS = DATABASE_TASKS
    processes = []

    def start() -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": _database_url()}
        env.pop("TASKS_IMMEDIATE", None)
        log = (tmp_path / f"worker-{len(processes)}.log").open("w")
        process = subprocess.Popen(  # noqa: S603 (our own command line)
            [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append(process)
        return process

    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=30)


def _wait_for(run: ImportRun, condition, timeout: float) -> ImportRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if condition(run):
            return run
        time.sleep(0.2)
    pytest.fail(f"import {run.pk} still {run.status} after {timeout} s (worker {run.worker!r})")


def _upload(user, name: str, content: bytes) -> ImportRun:
    return services.import_upload(
        user=user, kind="vorhaben", uploaded_file=SimpleUploadedFile(name, content)
    )


def test_the_worker_checks_and_applies_an_upload(worker, client, city, rds_user):
    worker()
    client.force_login(rds_user)
    run = _upload(rds_user, "vorhaben_gut.xlsx", (DATA / "vorhaben_gut.xlsx").read_bytes())
    run = _wait_for(run, lambda r: r.status == ImportRun.Status.CHECKED, timeout=60)
    assert run.worker.split(":")[0]  # the worker that took it is recorded
    assert run.can_apply

    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    run = _wait_for(run, lambda r: r.status == ImportRun.Status.APPLIED, timeout=60)
    assert Project.objects.filter(external_id="KU-1").exists()
    page = client.get(reverse("spreadsheets:run", args=[run.pk])).content.decode()
    assert "Übernommen am" in page


def _big_file(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Dezernat", "Art", "Titel", "Federführendes Amt", "Status"])
    for number in range(rows):
        writer.writerow(
            ["Dezernat Kultur", "Projekt", f"Vorhaben {number:05d}", "Kulturamt", "In Planung"]
        )
    return out.getvalue().encode()


def _writing() -> bool:
    """The worker's database session is inside the apply's transaction (PostgreSQL); SQLite
    cannot tell, so there the apply gets three seconds to be well under way."""
    if connection.vendor == "sqlite":
        time.sleep(3)
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_while_applying_50000_rows_ends_the_run_as_interrupted(
    worker, client, city, rds_user
):
    first = worker()
    client.force_login(rds_user)
    run = _upload(rds_user, "gross.csv", _big_file(50_000))
    run = _wait_for(run, lambda r: r.status == ImportRun.Status.CHECKED, timeout=240)
    assert (run.result.new, run.result.ok) == (50_000, True)

    client.post(reverse("spreadsheets:confirm", args=[run.pk]))
    _wait_for(run, lambda r: r.status == ImportRun.Status.APPLYING and r.worker, timeout=30)
    deadline = time.monotonic() + 30
    while not _writing():
        assert time.monotonic() < deadline, "the apply never started writing"
        time.sleep(0.2)
    time.sleep(2)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    killed_at = time.monotonic()

    page = client.get(reverse("spreadsheets:run", args=[run.pk])).content.decode()
    seconds = time.monotonic() - killed_at
    assert "Der Import wurde abgebrochen: Der Hintergrunddienst wurde während der Arbeit" in page
    assert "Erneut übernehmen: 50000 neu, 0 geändert" in page
    assert seconds < 5
    run.refresh_from_db()
    assert (run.status, run.problem) == (ImportRun.Status.FAILED, "dienst_beendet")
    assert Project.objects.count() == 0  # the transaction died with the worker

    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get(id=run.task_id).status == "FAILED"

    # The next file is applied at once, by a new worker.
    worker()
    small = _upload(rds_user, "vorhaben_gut.xlsx", (DATA / "vorhaben_gut.xlsx").read_bytes())
    small = _wait_for(small, lambda r: r.status == ImportRun.Status.CHECKED, timeout=60)
    client.post(reverse("spreadsheets:confirm", args=[small.pk]))
    _wait_for(small, lambda r: r.status == ImportRun.Status.APPLIED, timeout=60)
    assert Project.objects.count() == 3  # the three rows of the small file
