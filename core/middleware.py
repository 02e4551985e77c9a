from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from core.views import healthz

HEALTHZ_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers ``/healthz`` before every other middleware, so that load balancers and the
    proxy can probe the app over plain HTTP on loopback with whatever Host they send.

    Further down, SecurityMiddleware would redirect plain HTTP to https and CommonMiddleware
    would refuse a Host outside ALLOWED_HOSTS (both call ``request.get_host()``). This one
    never reads the Host, sets no cookie and touches no session; every other path goes on
    through the whole stack as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)


class PreferredLanguageMiddleware(LocaleMiddleware):
    """German unless the user picked another language with the switch in the header.

    The browser's Accept-Language is deliberately not used: the administration works in
    German, and a browser installed in English must not turn the intranet English.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
