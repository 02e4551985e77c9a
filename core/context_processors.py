from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from organisation.access import access_for


def site(request):
    """What the base layout needs on every page: the city's name, the user's role, and where
    "my workspace" leads."""
    access = access_for(getattr(request, "user", None))
    return {
        "CITY_NAME": settings.CITY_NAME,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "access": access,
        "workspaces_url": SimpleLazyObject(lambda: _workspaces_url(access)),
    }


def _workspaces_url(access) -> str:
    """An external partner invited to one workspace goes straight to it; everyone else to
    the list of departments (for a partner in several: the list of those)."""
    if access.is_partner_only and len(access.member_department_ids) == 1:
        from organisation.models import Department

        department = Department.objects.filter(pk__in=access.member_department_ids).first()
        if department is not None:
            return department.get_absolute_url()
    return reverse("organisation:department_list")
