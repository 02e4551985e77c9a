from django.conf import settings

from organisation.access import access_for


def site(request):
    """What the base layout needs on every page: the city's name and the user's role."""
    return {
        "CITY_NAME": settings.CITY_NAME,
        "OIDC_ENABLED": settings.OIDC_ENABLED,
        "access": access_for(getattr(request, "user", None)),
    }
