"""Page gates: a view declares who may open it, instead of an ``if access_for(...)`` in its
body. A page refused this way does not exist for the user (404, the rule for objects outside
their scope) unless the view names another answer (403 for what they can read but not do)."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404

from access.rights import Access, access_for


def access_required(test: Callable[[Access], bool], *, denied: type[Exception] = Http404):
    """Open the view only to users whose rights pass ``test``; everyone else gets ``denied``."""

    def decorator(view):
        @wraps(view)
        def gated(request, *args, **kwargs):
            if not test(access_for(request.user)):
                raise denied
            return view(request, *args, **kwargs)

        return gated

    return decorator


# The Referat Digitale Stadt and the administration: external accounts, the audit log, imports.
central_required = access_required(lambda access: access.is_central)

# City-wide lists and exports: everyone but external partners, who see their workspaces only
# (not even a city-wide list filtered to their scope).
city_wide_required = access_required(lambda access: not access.is_partner_only)

# The city's dashboard: the central unit, the administration and leadership.
oversight_required = access_required(lambda access: access.is_central or access.is_leadership)
