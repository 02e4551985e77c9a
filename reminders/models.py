"""Reminders about status updates (Erinnerungen): who was told what and why, so nobody is
told twice for the same reason, and what each person chose not to receive."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    DUE = "faellig", _("Status update due")
    OVERDUE = "ueberfaellig", _("Status update overdue (second reminder)")
    ESCALATION = "eskalation", _("No status update after two reminders (to the coordination)")
    DIGEST = "wochenbericht", _("Weekly digest of the workspace (coordination)")


class Notice(models.Model):
    """One reason told to one person in one mail (a mail may tell several). ``reason`` names
    what it is about, such as a project's silence since a day, or a week; the unique
    (kind, recipient, reason) is what keeps a second run from telling it again."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    reason = models.CharField(_("reason"), max_length=100)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notices",
    )
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=300)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "reason"], name="notice_once_per_reason"
            )
        ]
        indexes = [models.Index(fields=["project", "kind"], name="notice_project_kind_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"


class OptOut(models.Model):
    """A kind of reminder a person does not want."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("reminder turned off")
        verbose_name_plural = _("reminders turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="opt_out_once_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"
