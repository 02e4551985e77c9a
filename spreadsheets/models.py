"""An import as it goes: the uploaded file, who brought it, where it stands and its report."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from spreadsheets.engine import ImportReport

# Checking reports progress every 500 rows; applying runs in one transaction and reports
# nothing until it ends, so it gets far more time before it counts as interrupted.
STALE_AFTER_SECONDS = {"pruefung": 120, "uebernahme": 1800}
KEEP_UNAPPLIED_FILES = timedelta(days=7)


class ImportRun(models.Model):
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
    rows_done = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_expected = models.PositiveIntegerField(_("rows expected"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

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
    def is_working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING) and not self.is_stale

    @property
    def is_stale(self) -> bool:
        """A check or apply that stopped giving signs of life (the server restarted)."""
        limit = STALE_AFTER_SECONDS.get(self.status)
        age = (timezone.now() - self.heartbeat_at).total_seconds()
        return limit is not None and age > limit

    @property
    def percent(self) -> int | None:
        if not self.rows_expected:
            return None
        return min(100, round(100 * self.rows_done / self.rows_expected))

    @property
    def can_apply(self) -> bool:
        result = self.result
        return (
            self.status == self.Status.CHECKED
            and result is not None
            and result.ok
            and (result.new + result.changed) > 0
        )
