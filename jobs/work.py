"""Running a job in the worker process, and telling from outside whether it still runs.

- ``claim`` records the worker on the job (only if the job still waits: a job given up in the
  meantime is not run).
- ``heartbeat`` keeps the job's sign of life fresh from a thread of the worker process, so that
  a page on another host can tell a dead worker within ``JOB_HEARTBEAT_TIMEOUT``. On SQLite,
  whose only writer is the job itself, there is no heartbeat: the worker runs on the web
  server's host, where the process table tells at once.
- ``run`` is how the worker runs a job: claimed, kept alive, and ended as interrupted if it
  fails; ``finish`` writes its end, only while this worker still owns it.
- ``record`` writes a job's outcome through a database outage: it keeps trying until the
  database is back instead of losing the write and leaving the job "running".
- ``abandonment`` says why a queued or running job will never finish, ``settle`` writes that
  down (and fails the queued task with it).
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.utils import timezone

from jobs.liveness import Problem, abandonment
from jobs.models import Job
from jobs.processes import current_worker

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_PAUSE_SECONDS = 2


def settle(jobs) -> int:
    """Mark the abandoned ones among ``jobs`` (a queryset of one Job model) as failed. Each is
    updated only if it is still as it was read, so a worker that just claimed or finished it
    wins. Returns how many were settled."""
    model = jobs.model
    settled = 0
    for job in jobs.filter(status__in=model.WORKING_STATUSES).only(
        "pk", "status", "worker", "heartbeat_at", "task_id"
    ):
        problem = abandonment(job)
        if problem is None:
            continue
        updated = model.objects.filter(
            pk=job.pk, status=job.status, worker=job.worker, heartbeat_at=job.heartbeat_at
        ).update(status=model.FAILED_STATUS, problem=problem)
        if updated:  # else a worker claimed or ended it meanwhile: its task is not ours to fail
            _fail_task(job.task_id)
            settled += 1
    return settled


def _fail_task(task_id: str) -> None:
    """The queued task of an abandoned job: failed too, so that no worker starts it later and
    the task list does not show it running."""
    if not task_id:
        return
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        id=task_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).update(status=TaskResultStatus.FAILED, finished_at=timezone.now())


class JobLost(Exception):
    """The job was given up (its worker taken for dead) while this worker still ran it."""


def claim(model: type[Job], pk, **fields) -> bool:
    """Record this process as the job's worker (and ``fields``). False if the job no longer
    waits for one."""
    return bool(
        model.objects.filter(pk=pk, status__in=model.WORKING_STATUSES, worker="").update(
            worker=current_worker(), heartbeat_at=timezone.now(), **fields
        )
    )


def owned(model: type[Job], pk, worker: str):
    """The job, as long as ``worker`` still works on it."""
    return model.objects.filter(pk=pk, worker=worker, status__in=model.WORKING_STATUSES)


def finish(model: type[Job], pk, worker: str, **fields) -> None:
    """Write how the job ended (through an outage), unless it was given up meanwhile."""
    record(
        lambda: owned(model, pk, worker).update(**fields), what=f"the end of {model.__name__} {pk}"
    )


def run(model: type[Job], pk, step: Callable[[object], object]) -> None:
    """A job as the worker runs it: claimed, kept alive, and ended as interrupted if ``step``
    fails, also through a database outage."""
    if not claim(model, pk):
        return  # given up before a worker took it (or taken by another worker)
    me = current_worker()
    try:
        with heartbeat(model, pk):
            step(pk)
    except Exception as error:
        problem = Problem.DATABASE if isinstance(error, OUTAGE_ERRORS) else Problem.ERROR
        logger.exception("%s %s stopped", model.__name__, pk)
        finish(model, pk, me, status=model.FAILED_STATUS, problem=problem)


def _beats_needed() -> bool:
    """Only a job in the worker process needs a heartbeat: with the immediate backend (tests,
    the shell) the job runs in the caller, which waits for it; on SQLite the worker shares the
    web server's host, where the process table tells."""
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]  # the backend itself, not its proxy
    return connection.vendor != "sqlite" and not isinstance(backend, ImmediateBackend)


@contextmanager
def heartbeat(model: type[Job], pk) -> Iterator[None]:
    """In the worker process: a thread of the worker (never of a web process) writes the job's
    sign of life with its own database connection, which the job's long transaction cannot."""
    if not _beats_needed():
        yield
        return
    stop = threading.Event()
    me = current_worker()

    def beat():
        try:
            while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    model.objects.filter(pk=pk, worker=me).update(heartbeat_at=timezone.now())
                except OUTAGE_ERRORS:
                    logger.warning("heartbeat of %s %s not written", model.__name__, pk)
                    with suppress(DatabaseError):
                        connection.close()
        finally:
            with suppress(DatabaseError):
                connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"heartbeat-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def record(write: Callable[[], object], *, what: str):
    """Run ``write`` (a small update of a job's outcome) and return what it returns; while the
    database is unreachable, try again every few seconds. The worker has nothing else to do
    then, and giving up would leave the job "running" for good."""
    while True:
        try:
            return write()
        except OUTAGE_ERRORS:
            logger.warning("%s not recorded yet: the database is unreachable", what)
            with suppress(DatabaseError):
                connection.close()
            time.sleep(RETRY_PAUSE_SECONDS)
