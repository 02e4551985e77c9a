from django.db.models import Count, Prefetch, Q

from organisation.models import Department, OrgUnit
from projects.models import Project


def department_list(*, user):
    """Departments the user may see, with their offices and the number of visible projects."""
    visible = Project.objects.visible_to(user).active()
    return (
        Department.objects.visible_to(user)
        .annotate(
            project_count=Count(
                "projects", filter=Q(projects__in=visible, projects__kind=Project.Kind.PROJECT)
            ),
            process_count=Count(
                "projects", filter=Q(projects__in=visible, projects__kind=Project.Kind.PROCESS)
            ),
        )
        .prefetch_related(Prefetch("units", queryset=OrgUnit.objects.order_by("name")))
        .order_by("name")
    )


def workspace_units(*, user, department: Department):
    """The department's offices with the number of visible projects each leads."""
    visible = Project.objects.visible_to(user).active()
    return department.units.annotate(
        project_count=Count("led_projects", filter=Q(led_projects__in=visible))
    ).order_by("name")
