from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import has_vary_header, patch_cache_control

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


class PrivateResponseMiddleware:
    """``Cache-Control: private, no-store`` on every response made for one visitor, so that
    neither a shared cache nor the browser's back button keeps a project list or an export.

    That is every response to a logged-in user (pages, JSON, downloads, redirects, error
    pages), and every other one built from the visitor's session or CSRF token, which Django
    marks ``Vary: Cookie`` (the login page, the invitation link). It sits below WhiteNoise,
    whose static files keep their own caching, and above the session and CSRF middleware,
    so that it sees the Vary header they add.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or has_vary_header(response, "Cookie"):
            patch_cache_control(response, private=True, no_store=True)
        return response


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
