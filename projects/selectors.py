"""Reads for the project pages, always through the user's scope."""

from collections import defaultdict
from operator import attrgetter

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from access.rights import access_for
from access.scope import may_edit
from core.history import history_entries
from discussions.models import Comment
from organisation.models import Department
from projects.comments import comments_of
from projects.filters import ProjectFilter
from projects.models import Project, StatusUpdate


def project_filter(*, user, params, department: Department | None = None) -> ProjectFilter:
    """The filtered list of projects the user may see, in one workspace or city-wide."""
    queryset = Project.objects.visible_to(user).for_list()
    if department is not None:
        queryset = queryset.filter(department=department)
    return ProjectFilter(params, queryset=queryset, user=user, department=department)


def project_get(*, user, pk: int) -> Project:
    """One project the user may see; anything else is 404."""
    return get_object_or_404(Project.objects.visible_to(user).for_detail(), pk=pk)


def project_get_for_edit(*, user, pk: int) -> Project:
    """A project the user may edit: 404 if unseen, 403 (PermissionDenied) if only readable."""
    project = get_object_or_404(Project.objects.visible_to(user), pk=pk)
    if not project_can_edit(user=user, project=project):
        raise PermissionDenied
    return project


def project_history(*, user, pk: int) -> tuple[Project, list]:
    """A project's history of changes. External partners get none (404); entries written
    while the project was confidential only for those who may see the department's
    confidential projects."""
    access = access_for(user)
    if not access.sees_history:
        raise Http404
    project = project_get(user=user, pk=pk)
    hidden = None
    if not access.sees_confidential_of(project.department_id):
        hidden = attrgetter("confidential")
    return project, history_entries(project, hidden=hidden)


def project_can_edit(*, user, project: Project) -> bool:
    return may_edit(user, project)


def project_status_updates(*, project: Project):
    return project.status_updates.select_related("author", "withdrawn_by").order_by(
        "-reported_on", "-created_at"
    )


def project_timeline(*, project: Project) -> list[dict]:
    """The project's status updates and comments, newest first, as one timeline; an edited
    comment carries its earlier wordings (``earlier``, newest first). Three queries."""
    entries = [
        {"kind": "update", "item": update, "day": update.reported_on, "at": update.created_at}
        for update in project_status_updates(project=project)
    ]
    notes = list(comments_of(project))
    edited = [comment.pk for comment in notes if comment.edited_at]
    earlier = defaultdict(list)
    if edited:
        for record in (
            Comment.history.filter(id__in=edited)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        ):
            earlier[record.id].append(record)
    for comment in notes:
        comment.earlier = earlier[comment.pk][1:]  # the first record is the wording shown
        comment.editable_until_at = comment.editable_until(settings.COMMENT_EDIT_MINUTES)
        entries.append(
            {"kind": "comment", "item": comment, "day": timezone.localdate(comment.created_at),
             "at": comment.created_at}
        )  # fmt: skip
    entries.sort(key=lambda entry: (entry["day"], entry["at"]), reverse=True)
    return entries


def project_comment_get(*, project: Project, pk: int):
    """A comment on ``project`` (which the caller has from the reader's scope); else 404."""
    return get_object_or_404(comments_of(project), pk=pk)


def status_update_get(*, user, project_pk: int, pk: int) -> StatusUpdate:
    """A status update of a project the user may see; anything else is 404."""
    project = project_get(user=user, pk=project_pk)
    update = get_object_or_404(project.status_updates.select_related("author"), pk=pk)
    update.project = project
    return update


def workspace_highlights(*, user, department: Department) -> dict:
    """The workspace page's latest status updates."""
    current = Project.objects.visible_to(user).active().filter(department=department).for_list()
    return {
        "recent": current.filter(last_reported_on__isnull=False).order_by(
            "-last_reported_on", "-pk"
        )[:6],
    }


def contact_q(user, prefix: str = ""):
    """The projects ``user`` is a contact for (Ansprechperson): those led by the office they
    work in (their membership's office, as staff or coordinator), and those they created in a
    workspace they still belong to as city staff. Reminders go to these people; their start
    page lists these projects."""
    access = access_for(user)
    offices = [
        (department, office)
        for department, office in access.offices.items()
        if department in access.internal_department_ids
    ]
    condition = Q(pk__in=[])
    for department, office in offices:
        condition |= Q(**{f"{prefix}department_id": department, f"{prefix}lead_unit_id": office})
    if access.internal_department_ids:
        condition |= Q(
            **{
                f"{prefix}created_by": user,
                f"{prefix}department_id__in": access.internal_department_ids,
            }
        )
    return condition


def my_projects(*, user):
    """The current projects ``user`` is a contact for, within their scope."""
    return Project.objects.visible_to(user).active().filter(contact_q(user))
