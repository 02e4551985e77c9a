from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from access.rights import access_for


class PartnerAccessMiddleware:
    """An external partner whose access expired or was revoked is logged out at their next
    request: their session ends, whatever page they were on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            access = access_for(user)
            if access.is_partner_only and not access.memberships:
                logout(request)
                messages.warning(
                    request, _("Your access has expired or was withdrawn. Please log in again.")
                )
                return redirect("login")
        return self.get_response(request)
