"""Facts about the HTTP client that more than one part of the app needs."""

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address as the one trusted proxy saw it, for the login lock-out
    (``AXES_CLIENT_IP_CALLABLE``) and the audit log alike.

    Behind the proxy (``DJANGO_BEHIND_PROXY=1``, one hop) that is the last entry of
    X-Forwarded-For: the proxy appends the address it was connected from, and anything
    before it was sent by the client, who can write there what it likes. Without a proxy the
    header comes from the client alone and is ignored: REMOTE_ADDR.
    """
    if request is None:
        return None
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        address = _address(forwarded.rsplit(",", 1)[-1])
        if address:
            return address
    return _address(request.META.get("REMOTE_ADDR", ""))
