from django.shortcuts import get_object_or_404, render

from organisation import selectors
from organisation.access import access_for
from organisation.models import Department
from projects.selectors import project_filter, workspace_summary


def department_list(request):
    return render(
        request,
        "organisation/department_list.html",
        {"departments": selectors.department_list(user=request.user)},
    )


def workspace(request, slug):
    department = get_object_or_404(Department.objects.visible_to(request.user), slug=slug)
    access = access_for(request.user)
    recent = project_filter(
        user=request.user, params={"o": "-last_update"}, department=department
    ).qs.filter(last_reported_on__isnull=False)[:6]
    top = project_filter(user=request.user, params={"priority": "top5"}, department=department).qs
    return render(
        request,
        "organisation/workspace.html",
        {
            "department": department,
            "summary": workspace_summary(user=request.user, department=department),
            "units": selectors.workspace_units(user=request.user, department=department),
            "recent": recent,
            "top_projects": top[:5],
            "cohorts": department.cohorts.order_by("number"),
            "can_edit": access.can_edit_department(department.pk),
            "my_role": access.memberships.get(department.pk),
        },
    )
