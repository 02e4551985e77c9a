"""The gate of a workspace's pages: the department named in the URL, within the user's scope."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404

from access.rights import Access, access_for
from organisation.models import Department


def workspace_view(
    may: Callable[[Access, Department], bool] | None = None,
    *,
    denied: type[Exception] = Http404,
):
    """Turn the URL's ``slug`` into the ``department`` argument of the view: 404 when the user
    may not open that workspace, ``denied`` when ``may(access, department)`` is false."""

    def decorator(view):
        @wraps(view)
        def gated(request, *args, slug, **kwargs):
            department = get_object_or_404(Department.objects.visible_to(request.user), slug=slug)
            if may is not None and not may(access_for(request.user), department):
                raise denied
            return view(request, *args, department=department, **kwargs)

        return gated

    return decorator


def may_edit_workspace(access: Access, department: Department) -> bool:
    """Add projects and other entries to the workspace."""
    return access.can_edit_department(department.pk)


def may_manage_members(access: Access, department: Department) -> bool:
    return access.can_manage_members(department.pk)
