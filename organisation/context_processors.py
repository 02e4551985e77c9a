from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from access.rights import access_for
from organisation.models import Department


def workspaces(request):
    """Where "my workspace" in the navigation leads."""
    access = access_for(getattr(request, "user", None))
    return {"workspaces_url": SimpleLazyObject(lambda: _workspaces_url(access))}


def _workspaces_url(access) -> str:
    """An external partner invited to one workspace goes straight to it; everyone else to
    the list of departments (for a partner in several: the list of those)."""
    if access.is_partner_only and len(access.member_department_ids) == 1:
        department = Department.objects.filter(pk__in=access.member_department_ids).first()
        if department is not None:
            return department.get_absolute_url()
    return reverse("dashboards:department_list")
