"""Comments on projects (Kommentare): one thread per project in :mod:`discussions`, shown in
the project's timeline next to its status updates.

Who may comment: everyone who reads the project and may write in the app: city staff, the
central unit and invited external partners within their scope; leadership reads only. A
comment can name workspace members with ``@username``: each one who may read the project is
told by e-mail once per comment (an edit tells only the newly named). Its author may change a
comment for ``COMMENT_EDIT_MINUTES``; every earlier wording stays in its history.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from access.rights import INTERNAL_ROLES, access_for
from discussions import services as discussions
from discussions.models import Comment, Thread
from organisation.models import Membership
from projects.models import Project

logger = logging.getLogger(__name__)


def may_comment(user, project) -> bool:
    """For a reader of ``project`` (the caller has it from the reader's scope): the central
    unit, the members of its workspace (partners included) and city staff of other
    workspaces; not leadership or accounts without a workspace, which only read."""
    access = access_for(user)
    if not access.authenticated:
        return False
    if access.is_central or project.department_id in access.member_department_ids:
        return True
    return bool(access.internal_department_ids)


def comments_of(project):
    """The project's comments, oldest first, with their authors."""
    return (
        Comment.objects.filter(thread__in=Thread.objects.about(project))
        .select_related("author")
        .order_by("created_at", "pk")
    )


def mention_candidates(project) -> list:
    """The workspace's members (city staff and partners) who may read ``project``: the people
    a comment on it can name."""
    memberships = Membership.objects.active().filter(department=project.department)
    staff = set(memberships.filter(role__in=INTERNAL_ROLES).values_list("user", flat=True))
    members = (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("user"))
        .order_by("username")
    )
    # Staff of the project's own workspace read all of its projects, confidential ones too;
    # whether a partner may is the projects' read rule's answer.
    return [
        user
        for user in members
        if user.pk in staff or Project.objects.visible_to(user).filter(pk=project.pk).exists()
    ]


def _thread(project, actor) -> Thread:
    thread = Thread.objects.about(project).filter(anchor="").order_by("pk").first()
    if thread is None:
        thread = Thread.objects.create(
            department_id=project.department_id, target=project, created_by=actor
        )
    return thread


@transaction.atomic
def comment_add(*, project, actor, body: str) -> Comment:
    if not may_comment(actor, project):
        raise PermissionDenied(_("You may read this project but not comment on it."))
    locked = Project.objects.select_for_update().get(pk=project.pk)  # one thread per project
    comment = discussions.comment_add(thread=_thread(locked, actor), actor=actor, body=body)
    _tell_mentioned(comment, project)
    return comment


def comment_edit(*, comment: Comment, project, actor, body: str) -> Comment:
    with transaction.atomic():
        comment = discussions.comment_edit(
            comment=comment, actor=actor, body=body, minutes=settings.COMMENT_EDIT_MINUTES
        )
        _tell_mentioned(comment, project)
    return comment


def _tell_mentioned(comment, project) -> None:
    named = discussions.mentions_record(comment=comment, candidates=mention_candidates(project))
    if named:
        transaction.on_commit(lambda: _mail(comment, project, named))


def _mail(comment, project, named) -> None:
    """One e-mail to each newly named person; a refused one is logged, the comment stays."""
    with translation.override(settings.LANGUAGE_CODE):
        url = f"{settings.SITE_URL}{project.get_absolute_url()}#kommentar-{comment.pk}"
        author = comment.author.get_full_name() or comment.author.username
        for user in named:
            if not user.email:
                continue
            message = EmailMessage(
                subject=_("%(author)s mentioned you: %(project)s")
                % {"author": author, "project": project.title},
                body=render_to_string(
                    "projects/mail/mention.txt",
                    {"comment": comment, "project": project, "author": author, "url": url},
                ),
                to=[user.email],
            )
            try:
                message.send()
            except (OSError, smtplib.SMTPException) as error:
                logger.warning("mention of %s not mailed: %s", user.pk, error)
