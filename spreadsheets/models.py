"""An import as it goes: the uploaded file, who brought it, where it stands and its report."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from jobs.models import Job, Problem
from spreadsheets.engine import ImportReport

KEEP_UNAPPLIED_FILES = timedelta(days=7)


class ImportRun(Job):
    """An uploaded file, checked and then applied by tasks in the worker process."""

    class Status(models.TextChoices):
        CHECKING = "pruefung", _("Being checked")
        CHECKED = "geprueft", _("Checked")
        APPLYING = "uebernahme", _("Being applied")
        APPLIED = "uebernommen", _("Applied")
        FAILED = "abgebrochen", _("Interrupted")
        EXPIRED = "verfallen", _("Expired (not applied within a week)")

    kind = models.CharField(_("type"), max_length=30)
    file_name = models.CharField(_("file"), max_length=255)
    file_size = models.PositiveIntegerField(_("file size (bytes)"))
    data = models.BinaryField(_("file contents"), editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_runs",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    WORKING_STATUSES = (Status.CHECKING, Status.APPLYING)
    FAILED_STATUS = Status.FAILED

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        from spreadsheets.registry import TYPES

        sheet = TYPES.get(self.kind)
        return str(sheet.label) if sheet else self.kind

    @cached_property
    def result(self) -> ImportReport | None:
        """The stored report, read once per request (the page and its checks all ask)."""
        return ImportReport.from_dict(self.report) if self.report else None

    @property
    def apply_interrupted(self) -> bool:
        """Applying stopped before it ended (worker or database gone): nothing was written, the
        file and its checked preview are kept, and it may be applied again."""
        return (
            self.status == self.Status.FAILED
            and self.applied_by_id is not None
            and self.problem in (Problem.WORKER_STOPPED, Problem.DATABASE, Problem.NOT_STARTED)
        )

    @property
    def can_apply(self) -> bool:
        result = self.result
        return (
            (self.status == self.Status.CHECKED or self.apply_interrupted)
            and result is not None
            and result.ok
            and not result.database_unreachable
            and (result.new + result.changed) > 0
        )
