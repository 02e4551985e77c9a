"""Whether a queued or running job can still finish, told from outside its worker: the
reasons a job stops, and ``abandonment``, which names the reason once it is certain."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.processes import worker_alive


class Problem(models.TextChoices):
    NOT_STARTED = "nicht_gestartet", _("the background service did not start it")
    WORKER_STOPPED = "dienst_beendet", _("the background service stopped while working on it")
    DATABASE = "datenbank", _("the database could not be reached")
    ERROR = "fehler", _("an unexpected error occurred")


def abandonment(job) -> str | None:
    """The problem that ended a queued or running job, or None while it may still finish."""
    if job.status not in job.WORKING_STATUSES:
        return None
    age = timezone.now() - job.heartbeat_at
    if not job.worker:
        if age <= timedelta(seconds=settings.JOB_START_TIMEOUT) or _queue_busy():
            return None  # waiting for its turn
        return Problem.NOT_STARTED
    if age > timedelta(seconds=settings.JOB_SILENCE_LIMIT):
        return Problem.WORKER_STOPPED
    alive = worker_alive(job.worker)
    if alive is None:  # another host: only the heartbeat tells
        alive = age <= timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT)
    return None if alive else Problem.WORKER_STOPPED


def _queue_busy() -> bool:
    """A worker is at work on some task: a job still queued waits its turn, it is not lost."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
