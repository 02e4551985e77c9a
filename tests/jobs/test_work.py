"""How a job's page tells a finished, a waiting, a running and an abandoned job apart, and how
a worker records the end of a job through a database outage."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jobs import work
from jobs.models import Problem
from jobs.processes import _process_table, current_worker, worker_alive
from spreadsheets import services
from spreadsheets.models import ImportRun
from spreadsheets.services import apply_import


def _dead_worker() -> str:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{_process_table()}:{process.pid}:1"


def _run(**fields) -> ImportRun:
    fields = {"kind": "vorhaben", "file_name": "a.xlsx", "file_size": 1, "data": b"x", **fields}
    return ImportRun.objects.create(**fields)


def _ago(seconds: int):
    return timezone.now() - timedelta(seconds=seconds)


def test_this_process_lives_and_a_finished_one_does_not():
    assert worker_alive(current_worker()) is True
    assert worker_alive(_dead_worker()) is False


def test_a_zombie_process_counts_as_dead():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(100):  # exited but not yet reaped by us: a zombie
            with open(f"/proc/{process.pid}/stat") as stat:
                if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                    break
            subprocess.run(["sleep", "0.05"], check=True)  # noqa: S607
        assert worker_alive(f"{_process_table()}:{process.pid}:") is False
    finally:
        process.wait()


def test_a_worker_on_another_host_is_judged_by_its_heartbeat(settings):
    settings.JOB_HEARTBEAT_TIMEOUT = 60
    assert worker_alive("elsewhere:123:456") is None
    # Another container with the same host name: its pids are not ours to look up.
    assert worker_alive(f"{socket.gethostname()}/other-boot/1:{os.getpid()}:1") is None
    fresh = ImportRun(
        status=ImportRun.Status.APPLYING, worker="elsewhere:1:1", heartbeat_at=_ago(30)
    )
    silent = ImportRun(
        status=ImportRun.Status.APPLYING, worker="elsewhere:1:1", heartbeat_at=_ago(90)
    )
    assert work.abandonment(fresh) is None
    assert work.abandonment(silent) == Problem.WORKER_STOPPED


@pytest.mark.django_db
def test_a_waiting_job_is_given_up_only_after_the_start_timeout(settings):
    settings.JOB_START_TIMEOUT = 900
    assert work.abandonment(ImportRun(status="pruefung", heartbeat_at=_ago(600))) is None
    assert work.abandonment(ImportRun(status="pruefung", heartbeat_at=_ago(901))) == (
        Problem.NOT_STARTED
    )


def test_a_finished_job_is_never_abandoned():
    run = ImportRun(status=ImportRun.Status.APPLIED, worker=_dead_worker(), heartbeat_at=_ago(9999))
    assert work.abandonment(run) is None


def test_a_live_worker_silent_beyond_the_limit_counts_as_stopped(settings):
    settings.JOB_SILENCE_LIMIT = 3600
    run = ImportRun(status="uebernahme", worker=current_worker(), heartbeat_at=_ago(3601))
    assert work.abandonment(run) == Problem.WORKER_STOPPED


@pytest.mark.django_db
def test_settling_fails_the_run_and_its_task_and_a_late_worker_leaves_it_alone():
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path="spreadsheets.services.apply_import",
        backend_name="default", run_after=timezone.now(), status="RUNNING",
    )  # fmt: skip
    dead = _run(status=ImportRun.Status.APPLYING, worker=_dead_worker(), task_id=str(task.id))
    alive = _run(status=ImportRun.Status.CHECKING, worker=current_worker())
    assert work.settle(ImportRun.objects.all()) == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.problem) == (ImportRun.Status.FAILED, Problem.WORKER_STOPPED)
    assert alive.status == ImportRun.Status.CHECKING
    task.refresh_from_db()
    assert task.status == "FAILED"

    given_up = _run(status=ImportRun.Status.FAILED, problem=Problem.NOT_STARTED)
    assert work.claim(ImportRun, given_up.pk) is False


def test_an_outcome_is_written_once_the_database_is_back(settings, monkeypatch):
    monkeypatch.setattr(work, "RETRY_PAUSE_SECONDS", 0)
    attempts = []

    def write():
        attempts.append(1)
        if len(attempts) < 3:
            raise OperationalError("server closed the connection unexpectedly")

    assert work.record(write, what="test") is None
    assert len(attempts) == 3


@pytest.mark.django_db
def test_an_outage_while_applying_ends_the_run_interrupted_and_it_can_be_applied_again(
    monkeypatch, rds_user
):
    run = _run(status=ImportRun.Status.APPLYING, applied_by=rds_user,
               report={"rows": 1, "new": 1, "changed": 0, "unchanged": 0})  # fmt: skip

    def unreachable(run_id):
        raise OperationalError("server closed the connection unexpectedly")

    work.run(ImportRun, run.pk, unreachable)
    run.refresh_from_db()
    assert (run.status, run.problem) == (ImportRun.Status.FAILED, Problem.DATABASE)
    assert run.apply_interrupted


@pytest.mark.django_db
def test_the_task_records_its_worker(monkeypatch, rds_user):
    seen = {}
    run = _run(status=ImportRun.Status.APPLYING, applied_by=rds_user)
    monkeypatch.setattr(
        services, "apply_run", lambda pk: seen.update(worker=ImportRun.objects.get(pk=pk).worker)
    )
    apply_import.enqueue(run.pk)
    assert seen["worker"] == current_worker()


def test_only_a_job_in_the_worker_gets_a_heartbeat_thread(settings):
    assert work._beats_needed() is False  # the immediate backend: the caller waits for it
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert work._beats_needed() is (connection.vendor != "sqlite")


@pytest.mark.django_db
def test_settling_leaves_the_task_of_a_job_its_worker_just_claimed(monkeypatch):
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path="spreadsheets.services.check_import",
        backend_name="default", run_after=timezone.now(), status="READY",
    )  # fmt: skip
    _run(status=ImportRun.Status.CHECKING, heartbeat_at=_ago(3600), task_id=str(task.id))
    real = work.abandonment

    def claimed_meanwhile(job):  # the worker claims between settle's read and its write
        ImportRun.objects.filter(pk=job.pk).update(worker=current_worker())
        return real(job)

    monkeypatch.setattr(work, "abandonment", claimed_meanwhile)
    assert work.settle(ImportRun.objects.all()) == 0
    task.refresh_from_db()
    assert task.status == "READY"


@pytest.mark.django_db
def test_a_queued_job_waits_its_turn_while_the_worker_is_busy(settings):
    settings.JOB_START_TIMEOUT = 900
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}}, task_path="spreadsheets.services.apply_import",
        backend_name="default", run_after=timezone.now(), status="RUNNING",
    )  # fmt: skip
    assert work.abandonment(ImportRun(status="pruefung", heartbeat_at=_ago(901))) is None


@pytest.mark.django_db
def test_a_job_given_up_while_it_ran_writes_nothing(rds_user):
    run = _run(status=ImportRun.Status.CHECKING, applied_by=rds_user)

    def given_up_meanwhile(pk):
        given_up = {"status": ImportRun.Status.FAILED, "problem": "dienst_beendet"}
        ImportRun.objects.filter(pk=pk).update(**given_up)
        work.finish(ImportRun, pk, current_worker(), status=ImportRun.Status.CHECKED)

    work.run(ImportRun, run.pk, given_up_meanwhile)
    run.refresh_from_db()
    assert (run.status, run.problem) == (ImportRun.Status.FAILED, "dienst_beendet")
