"""Writes on comment threads. The caller has checked that ``actor`` may discuss the target
(each target's app has its own rule); these functions keep the threads consistent."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import Comment, Mention, Thread


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


@transaction.atomic
def comment_edit(*, comment: Comment, actor, body: str, minutes: int) -> Comment:
    """Its author changes a comment within ``minutes`` of writing it; the earlier wording
    stays in the comment's history."""
    if not comment.is_editable_by(actor, minutes=minutes):
        raise PermissionDenied(
            _("Only its author may change a comment, and only for a short time.")
        )
    body = _clean_body(body)
    if body != comment.body:
        comment.body = body
        comment.edited_at = timezone.now()
        comment._history_user = actor
        comment.save(update_fields=["body", "edited_at"])
    return comment


# @name: letters, digits and . _ - + (what a user name may hold), not part of an address.
MENTION = re.compile(r"(?<![\w.@+-])@([\w.+-]*[\w+-])", re.UNICODE)


def mentioned_names(body: str) -> set[str]:
    """The user names written with an @ in ``body`` (lower case)."""
    return {name.lower() for name in MENTION.findall(body or "")}


def mentions_record(*, comment: Comment, candidates) -> list:
    """Records whom ``comment`` names among ``candidates`` (the accounts that may be named
    there) and returns those named for the first time in it: a changed comment tells only
    the newly named."""
    names = mentioned_names(comment.body)
    if not names:
        return []
    known = set(comment.mentions.values_list("user_id", flat=True))
    new = [
        user
        for user in candidates
        if user.username.lower() in names and user.pk not in known and user.pk != comment.author_id
    ]
    Mention.objects.bulk_create([Mention(comment=comment, user=user) for user in new])
    return new
