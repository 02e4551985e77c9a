"""Writes on comment threads. The caller has checked that ``actor`` may discuss the target
(each target's app has its own rule); these functions keep the threads consistent."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import Comment, Thread


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    comment = Comment(body=body)
    comment.clean_fields(exclude=["thread", "author"])
    return body


@transaction.atomic
def thread_start(*, actor, target, department, anchor: str = "", body: str) -> Thread:
    body = _clean_body(body)
    thread = Thread.objects.create(
        department=department, target=target, anchor=anchor, created_by=actor
    )
    Comment.objects.create(thread=thread, author=actor, body=body)
    return thread


@transaction.atomic
def comment_add(*, thread: Thread, actor, body: str, reopen: bool = True) -> Comment:
    """An answer in the thread. An answer to a resolved thread opens it again: the
    discussion is not over while someone still writes."""
    body = _clean_body(body)
    comment = Comment.objects.create(thread=thread, author=actor, body=body)
    if reopen and thread.resolved_at is not None:
        Thread.objects.filter(pk=thread.pk).update(resolved_at=None, resolved_by=None)
        thread.resolved_at = thread.resolved_by = None
    return comment


def thread_resolve(*, thread: Thread, actor) -> Thread:
    if thread.resolved_at is None:
        thread.resolved_at = timezone.now()
        thread.resolved_by = actor
        thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def thread_reopen(*, thread: Thread, actor) -> Thread:
    if thread.resolved_at is not None:
        thread.resolved_at = None
        thread.resolved_by = None
        thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def threads_by_anchor(threads) -> dict[str, list[Thread]]:
    """Threads (with their comments prefetched) grouped by the place they refer to."""
    grouped: dict[str, list[Thread]] = {}
    for thread in threads:
        grouped.setdefault(thread.anchor, []).append(thread)
    return grouped
