from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from core.views import healthz

admin.site.site_header = _("Digital agenda – administration")
admin.site.site_title = _("Digital agenda")

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("dashboards.urls")),
    path("", include("core.urls")),
    path("", include("agenda.urls")),
    path("", include("projects.urls")),
    path("", include("intake.urls")),
    path("", include("workshops.urls")),
    path("", include("offerings.urls")),
    path("", include("needs.urls")),
    path("", include("synergies.urls")),
    path("", include("reporting.urls")),
    path("", include("reminders.urls")),
    path("", include("handbook.urls")),
    path("", include("accounts.urls")),
    path("", include("spreadsheets.urls")),
    path("", include("jobs.urls")),
]

if settings.OIDC_ENABLED:
    from mozilla_django_oidc.views import (
        OIDCAuthenticationCallbackView,
        OIDCAuthenticationRequestView,
    )

    urlpatterns += [
        path(
            "oidc/authenticate/",
            login_not_required(OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "oidc/callback/",
            login_not_required(OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]
