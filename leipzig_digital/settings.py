"""Settings for the digital-agenda workspace.

Everything that differs between a laptop and production comes from the environment; the
defaults are safe for local development. With ``DJANGO_DEBUG=0`` the app refuses to start
without a real secret key and an explicit list of allowed hosts.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters "
            "when DJANGO_DEBUG=0."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG=0.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "csp",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "core",
    "access",
    "jobs",
    "organisation",
    "agenda",
    "projects",
    "workshops",
    "offerings",
    "needs",
    "synergies",
    "discussions",
    "intake",
    "handbook",
    "accounts",
    "spreadsheets",
    "reporting",
    "reminders",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    # First: /healthz answers plain HTTP on loopback, before the https redirect and the
    # ALLOWED_HOSTS check below.
    "core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files stay cacheable), above sessions and CSRF (it reads the
    # Vary header they set): nothing made for one visitor is stored.
    "core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.PartnerAccessMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: reports a blocked login as a lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses logins for a username that is locked out after failed attempts.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "leipzig_digital.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "access.context_processors.access",
                "organisation.context_processors.workspaces",
            ],
        },
    },
]

WSGI_APPLICATION = "leipzig_digital.wsgi.application"

# "dashboards" keeps the dashboards' counts by department (see dashboards.sources) in each
# process's memory; every write renews the department's generation, so nothing kept goes stale.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dashboards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dashboards",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Choice lists and exports read whole querysets; client-side cursors save the round
    # trips of DECLARE/FETCH/CLOSE and work behind a transaction-pooling pgbouncer.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a status update is written; a busy timeout avoids
    # "database is locked" under the development server's threads.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file too, not SQLite's shared in-memory database: there, a second
    # connection (the import's background thread next to the browser tests' live server)
    # fails at once with "database table is locked" instead of waiting its turn.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "login"

# German first; English selectable. Messages are written in English and translated.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(60 * 60 * 10)))
# Secure cookies in production; DJANGO_SECURE_COOKIES=0 only for plain-HTTP tests on loopback.
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# One reverse proxy in front (TLS): it sets X-Forwarded-Proto and appends the address it was
# connected from to X-Forwarded-For; core.http.client_ip reads that one, and only then.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    # Only behind a proxy that sets this header itself (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
# Silenced checks, each with its reason: HSTS preload is a decision for the city's domain
# owner, not for the application (security.W021).
SILENCED_SYSTEM_CHECKS = [] if DEBUG else ["security.W021"]

# A strict Content-Security-Policy: no inline script or style anywhere, nothing from other
# origins. KERN's icons are data: SVGs in its stylesheet, hence img-src data:.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes). A lock holds the pair (user name, client address): five
# wrong passwords for a name lock that name from that address only, so that nobody can lock
# the administration out from elsewhere. One address trying many names is locked as well, at
# a higher limit, so that an office sharing one NAT address is not locked by a few typos.
# Each set has its own limit in accounts.lockout (axes itself has one limit for all sets).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
if min(AXES_FAILURE_LIMIT, LOGIN_ADDRESS_FAILURE_LIMIT) < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_ADDRESS_FAILURE_LIMIT must be >= 1.")
AXES_HANDLER = "accounts.lockout.PairAndAddressHandler"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# The same address as the audit log: X-Forwarded-For only from the trusted proxy.
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

# --- Single sign-on (optional) ----------------------------------------------------------------
# OpenID Connect against the city's identity provider; on when OIDC_RP_CLIENT_ID is set.
OIDC_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "accounts.oidc.CityOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    OIDC_USERNAME_ALGO = "accounts.oidc.username_from_claims"
    OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
    LOGIN_REDIRECT_URL_FAILURE = "login"

# --- Mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# A mail server that does not answer must not hold a request (and a gunicorn worker) for
# long: after this many seconds the invitation page says so and offers to retry.
EMAIL_TIMEOUT = int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "digitale-agenda@localhost")
# The app's public address (e.g. https://digital.stadt.example), for links in e-mails that no
# request builds: the reminders that `manage.py send_intake_reminders` sends from cron.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Application ----------------------------------------------------------------------------
# The city's name is data, not code: shown in the header and page titles.
CITY_NAME = os.environ.get("CITY_NAME", "")
# How current a running project's reporting is, in days since its latest status update (or
# its creation): a status update is due, then overdue, then the project is stale (veraltet).
REPORT_DUE_AFTER_DAYS = int(os.environ.get("REPORT_DUE_AFTER_DAYS", "30"))
REPORT_OVERDUE_AFTER_DAYS = int(os.environ.get("REPORT_OVERDUE_AFTER_DAYS", "60"))
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "90"))
if not 0 < REPORT_DUE_AFTER_DAYS < REPORT_OVERDUE_AFTER_DAYS < STALE_AFTER_DAYS:
    raise ImproperlyConfigured(
        "REPORT_DUE_AFTER_DAYS < REPORT_OVERDUE_AFTER_DAYS < STALE_AFTER_DAYS is required."
    )
# The coordinators' weekly digest (manage.py send_reminders) goes out on this weekday
# (0 = Monday … 6 = Sunday), or with the first run after it in the week.
REMINDER_DIGEST_WEEKDAY = int(os.environ.get("REMINDER_DIGEST_WEEKDAY", "0"))
if not 0 <= REMINDER_DIGEST_WEEKDAY <= 6:
    raise ImproperlyConfigured("REMINDER_DIGEST_WEEKDAY is a weekday from 0 (Monday) to 6.")
# For this long after saving, the author may correct a status update; later a wrong one is
# withdrawn with a reason (and stays visible as withdrawn).
STATUS_UPDATE_CORRECTION_MINUTES = int(os.environ.get("STATUS_UPDATE_CORRECTION_MINUTES", "60"))
# For this long after writing it, the author may change a comment (its history stays).
COMMENT_EDIT_MINUTES = int(os.environ.get("COMMENT_EDIT_MINUTES", "15"))
PROJECTS_PER_PAGE = 25
# The accessibility statement (Erklärung zur Barrierefreiheit, BITV 2.0): who takes feedback
# and where to turn if it is not answered. Both are the operating city's own data.
ACCESSIBILITY_FEEDBACK_CONTACT = os.environ.get("ACCESSIBILITY_FEEDBACK_CONTACT", "")
ACCESSIBILITY_ENFORCEMENT_BODY = os.environ.get("ACCESSIBILITY_ENFORCEMENT_BODY", "")
ACCESSIBILITY_REVIEWED_ON = os.environ.get("ACCESSIBILITY_REVIEWED_ON", "2026-11-25")
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Row cap on Excel exports, to protect the server from a runaway request.
EXPORT_MAX_ROWS = int(os.environ.get("EXPORT_MAX_ROWS", "50000"))
# Exports of more rows than this are written by the background worker, with progress, and
# downloaded from their own page when ready; smaller ones are written in the request.
EXPORT_INLINE_ROWS = int(os.environ.get("EXPORT_INLINE_ROWS", "2000"))
# Status-quo intake: `manage.py send_intake_reminders` reminds the offices of every round whose
# deadline is at most this many days ahead (or past).
INTAKE_REMINDER_DAYS_BEFORE = int(os.environ.get("INTAKE_REMINDER_DAYS_BEFORE", "7"))

# Spreadsheet imports: files over this size (bytes) are refused before they are read.
IMPORT_MAX_FILE_SIZE = int(os.environ.get("IMPORT_MAX_FILE_SIZE", str(10 * 1024 * 1024)))

# Background work (checks and imports, large exports, scheduled jobs) runs as tasks of Django's
# Tasks API, stored in the database and executed by a separate worker process
# (`manage.py db_worker`, started by `make run`; a systemd unit in deploy/ for production).
# TASKS_IMMEDIATE=1 runs every task at once in the calling process (tests, the shell).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# A queued job no worker takes up within this many seconds is given up (is the worker running?).
JOB_START_TIMEOUT = int(os.environ.get("JOB_START_TIMEOUT", "900"))
# A running job writes a sign of life this often; a worker on another host whose job has been
# silent for JOB_HEARTBEAT_TIMEOUT seconds counts as dead (on the web server's own host the
# process table tells at once). A job silent for JOB_SILENCE_LIMIT counts as stopped anyway.
JOB_HEARTBEAT_SECONDS = int(os.environ.get("JOB_HEARTBEAT_SECONDS", "10"))
JOB_HEARTBEAT_TIMEOUT = int(os.environ.get("JOB_HEARTBEAT_TIMEOUT", "60"))
JOB_SILENCE_LIMIT = int(os.environ.get("JOB_SILENCE_LIMIT", "3600"))
