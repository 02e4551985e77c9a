"""Comment threads on anything in a workspace: a reviewer's question on one answer of an
intake, later the discussion on a project or an objection to workshop minutes.

A thread belongs to one object (``target``) and, optionally, to one place on it (``anchor``:
the key of a question, a section of minutes). It sits in the target's workspace, so the
workspace scope applies; who may read and write a thread on a given target is the target's
app's rule (it calls :mod:`discussions.services` only after asking it).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from access.scope import WorkspaceScopedQuerySet
from core.text import LongTextField


class ThreadQuerySet(WorkspaceScopedQuerySet):
    workspace_field = "department"

    def about(self, target):
        return self.filter(
            content_type=ContentType.objects.get_for_model(target), object_id=target.pk
        )

    def about_any(self, model, objects):
        """Threads on any of ``objects`` (a queryset of ``model``)."""
        return self.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=objects.values("pk"),
        )

    def open(self):
        return self.filter(resolved_at__isnull=True)


class Thread(models.Model):
    department = models.ForeignKey(
        "organisation.Department",
        verbose_name=_("workspace"),
        on_delete=models.CASCADE,
        related_name="threads",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    anchor = models.CharField(_("refers to"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment thread")
        verbose_name_plural = _("comment threads")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "anchor"])]

    def __str__(self):
        return _("Thread %(pk)s") % {"pk": self.pk}

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Comment(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = LongTextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    # Every earlier wording of an edited comment stays readable.
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]

    def is_editable_by(self, user, *, minutes: int) -> bool:
        """Its author may change it for ``minutes`` after writing it."""
        return (
            self.author_id is not None
            and self.author_id == user.pk
            and timezone.now() < self.editable_until(minutes)
        )

    def editable_until(self, minutes: int):
        return self.created_at + timedelta(minutes=minutes)


class Mention(models.Model):
    """A person named in a comment with @ and told so (once per comment)."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        on_delete=models.CASCADE,
        related_name="mentions",
    )
    created_at = models.DateTimeField(_("mentioned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="mention_once_per_comment")
        ]

    def __str__(self):
        return f"@{self.user} ({self.comment_id})"
