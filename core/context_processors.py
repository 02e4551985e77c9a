from django.conf import settings


def site(request):
    """What the base layout needs on every page about the site itself."""
    return {"CITY_NAME": settings.CITY_NAME, "OIDC_ENABLED": settings.OIDC_ENABLED}
