"""What every piece of background work records, so that its page can say where it stands and
nothing stays "running" for ever: the queued task, the worker process that took it, its last
sign of life, and why it stopped if it did not finish."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.liveness import Problem, abandonment

__all__ = ["Download", "Job", "Problem"]

WAITED_LONG = timedelta(seconds=30)


class Job(models.Model):
    """A model whose rows are worked on by a task. Subclasses name their statuses:
    ``WORKING_STATUSES`` (queued or running) and ``FAILED_STATUS``."""

    WORKING_STATUSES: tuple[str, ...] = ()
    FAILED_STATUS: str = ""

    task_id = models.CharField(_("task"), max_length=64, blank=True, editable=False)
    worker = models.CharField(_("worker process"), max_length=300, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)
    problem = models.CharField(
        _("reason for stopping"), max_length=20, choices=Problem.choices, blank=True
    )
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_expected = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int | None:
        if not self.rows_expected:
            return None
        return min(100, round(100 * self.rows_done / self.rows_expected))

    @property
    def is_working(self) -> bool:
        """Queued or running, and not abandoned."""
        return self.status in self.WORKING_STATUSES and abandonment(self) is None

    @property
    def is_waiting(self) -> bool:
        """Queued: no worker has taken it yet."""
        return self.is_working and not self.worker

    @property
    def waited_long(self) -> bool:
        """Queued for so long that the page says the worker may not be running."""
        return self.is_waiting and timezone.now() - self.heartbeat_at > WAITED_LONG


class Download(Job):
    """A file built by the worker for one user (a large export), kept for a day."""

    class Status(models.TextChoices):
        WAITING = "wartend", _("Waiting")
        RUNNING = "laufend", _("Being prepared")
        READY = "fertig", _("Ready")
        FAILED = "abgebrochen", _("Interrupted")

    WORKING_STATUSES = (Status.WAITING, Status.RUNNING)
    FAILED_STATUS = Status.FAILED

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("built by"), max_length=200)  # the builder's dotted path
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    data = models.BinaryField(_("file contents"), editable=False, default=bytes)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"
