from django.db.models import Count, Q

from agenda.models import Agenda
from organisation.access import access_for
from organisation.models import Department
from projects.models import Project, stale_q


def home_summary(*, user) -> dict:
    """The start page: the user's own workspaces and what needs attention in them."""
    access = access_for(user)
    visible = Project.objects.visible_to(user).active()
    own_workspaces = (
        Department.objects.visible_to(user)
        .filter(pk__in=access.member_department_ids)
        .annotate(
            project_count=Count("projects", filter=Q(projects__in=visible)),
            stale_count=Count(
                "projects", filter=Q(projects__in=visible) & stale_q(prefix="projects__")
            ),
        )
        .order_by("name")
    )
    counts = visible.aggregate(
        total=Count("pk"),
        projects=Count("pk", filter=Q(kind=Project.Kind.PROJECT)),
        processes=Count("pk", filter=Q(kind=Project.Kind.PROCESS)),
    )
    return {
        "agenda": Agenda.objects.active().first(),
        "own_workspaces": own_workspaces,
        "counts": counts,
        "recent_updates": (
            Project.objects.visible_to(user)
            .active()
            .filter(last_reported_on__isnull=False)
            .for_list()
            .order_by("-last_reported_on", "-pk")[:8]
        ),
    }
