from django.shortcuts import get_object_or_404, render

from access.rights import access_for
from organisation import selectors
from organisation.models import Department
from projects.selectors import workspace_highlights, workspace_summary


def department_list(request):
    return render(
        request,
        "organisation/department_list.html",
        {"departments": selectors.department_list(user=request.user)},
    )


def workspace(request, slug):
    department = get_object_or_404(Department.objects.visible_to(request.user), slug=slug)
    access = access_for(request.user)
    return render(
        request,
        "organisation/workspace.html",
        {
            "department": department,
            "summary": workspace_summary(user=request.user, department=department),
            "units": selectors.workspace_units(user=request.user, department=department),
            **workspace_highlights(user=request.user, department=department),
            "cohorts": department.cohorts.order_by("number"),
            "can_edit": access.can_edit_department(department.pk),
            "can_manage_members": access.can_manage_members(department.pk),
        },
    )
