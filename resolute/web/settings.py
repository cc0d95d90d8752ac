"""Django settings for resolute, driven by the environment.

Nothing to set for a local run (``make run``): SQLite in ``RESOLUTE_DATA_DIR`` (default
``var/``), a secret key kept in that folder, plain-HTTP cookies.

Production is declared, not guessed: ``RESOLUTE_PRODUCTION=1``. Then the secret key must come
from ``RESOLUTE_SECRET_KEY`` (never generated), DEBUG cannot be on, cookies are HTTPS-only,
HTTP is redirected to HTTPS and HSTS is sent, so that ``manage.py check --deploy`` passes with
the settings the README documents. A server told to answer for a host other than this
machine (``RESOLUTE_ALLOWED_HOSTS``) without saying whether it is production refuses to start.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    return [x.strip() for x in raw.split(",") if x.strip()] if raw else default


DATA_DIR = Path(env_str("RESOLUTE_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
PRODUCTION = env_bool("RESOLUTE_PRODUCTION", False)
ALLOWED_HOSTS = env_list("RESOLUTE_ALLOWED_HOSTS", LOCAL_HOSTS)
if os.environ.get("RESOLUTE_PRODUCTION", "") == "" and set(ALLOWED_HOSTS) - set(LOCAL_HOSTS):
    raise ImproperlyConfigured(
        "RESOLUTE_ALLOWED_HOSTS 指向本机以外的主机：请设置 RESOLUTE_PRODUCTION=1（生产环境）"
        "或 RESOLUTE_PRODUCTION=0（明确表示不是生产环境）"
    )


def _secret_key() -> str:
    """Production: the key from the environment, or refuse to start. Elsewhere: the
    environment's, else one kept in the data folder (made on first run)."""
    key = os.environ.get("RESOLUTE_SECRET_KEY", "")
    if PRODUCTION:
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfigured(
                "生产环境（RESOLUTE_PRODUCTION=1）必须由环境变量 RESOLUTE_SECRET_KEY 给出至少 50 个"
                "字符的随机密钥，例如 python -c 'import secrets; print(secrets.token_urlsafe(50))'"
            )
        return key
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("RESOLUTE_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产环境（RESOLUTE_PRODUCTION=1）不能打开 RESOLUTE_DEBUG")
CSRF_TRUSTED_ORIGINS = env_list("RESOLUTE_CSRF_TRUSTED_ORIGINS", [])
# A refused form says in Chinese what to do (the page of resolute/web/front/errors.py).
CSRF_FAILURE_VIEW = "resolute.web.front.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",  # sign-in lockout after repeated failures
    "ninja",  # serves the OpenAPI UI's scripts locally, not from a CDN
    "django_tasks",
    "django_tasks_db",
    "resolute.web.accounts",
    "resolute.web.audit",
    "resolute.web.ledger",
    "resolute.web.computed",
    "resolute.web.assessments",
    "resolute.web.imports",
    "resolute.web.objections",
    "resolute.web.api",
    "resolute.web.targets",
    "resolute.web.plans",
    "resolute.web.quarters",
    "resolute.web.bulletins",
    "resolute.web.evaluation",
    "resolute.web.risks",
    "resolute.web.supervision",
    "resolute.web.pricing",
    "resolute.web.replacement",
    "resolute.web.dashboard",
    "resolute.web.selfcheck",
    "resolute.web.whatif",
    "resolute.web.policies",
    "resolute.web.jobs",
    "resolute.web.notices",
    "resolute.web.front",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "resolute.web.api.middleware.JsonErrors",  # /api/: every 4xx as {"detail": …}
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "resolute.web.front.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "resolute.web.audit.middleware.ActorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as its documentation asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "resolute.web.urls"
WSGI_APPLICATION = "resolute.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "resolute.web.front.context.navigation",
                "resolute.web.accounts.permissions.can",
                "resolute.web.front.context.plan_period",
                "resolute.web.front.context.defaults_note",
                "resolute.web.notices.context.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'resolute.sqlite3'}"),
        conn_max_age=env_int("RESOLUTE_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background assessment write while pages read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Two test runs on one server (two checkouts, CI beside a developer) must not share or
    # drop each other's database: the test database is named for this run. pytest-xdist
    # workers share the name given by their controller and add their own _gwN suffix.
    DATABASES["default"]["TEST"] = {
        "NAME": f"test_resolute_{env_str('RESOLUTE_TEST_RUN', str(os.getpid()))}",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

#: Every password that is set (``manage.py add_user``; the web has no form that sets one).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "resolute.web.accounts.passwords.ChineseMinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]  # fmt: skip
LOGIN_URL = "front-login"
LOGIN_REDIRECT_URL = "front-home"
LOGOUT_REDIRECT_URL = "front-home"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve the apps' static files even before `collectstatic` (e.g. right after a checkout).
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
RESOLUTE_UPLOAD_MAX_BYTES = env_int("RESOLUTE_UPLOAD_MAX_BYTES", 50 * 1024 * 1024)
# What one imported ledger file may hold, checked before it is read (resolute/io/bounds.py):
# its size once inflated, rows per sheet, columns per row, characters per cell; and how many
# errors are kept and listed (the rest are counted).
RESOLUTE_IMPORT_MAX_UNZIPPED_BYTES = env_int(
    "RESOLUTE_IMPORT_MAX_UNZIPPED_BYTES", 400 * 1024 * 1024
)
RESOLUTE_IMPORT_MAX_ROWS = env_int("RESOLUTE_IMPORT_MAX_ROWS", 200_000)
RESOLUTE_IMPORT_MAX_COLUMNS = env_int("RESOLUTE_IMPORT_MAX_COLUMNS", 500)
RESOLUTE_IMPORT_MAX_CELL_CHARS = env_int("RESOLUTE_IMPORT_MAX_CELL_CHARS", 32_767)
RESOLUTE_IMPORT_MAX_ERRORS = env_int("RESOLUTE_IMPORT_MAX_ERRORS", 500)
#: A confirmed import of more enterprises than this is written part by part, each part (so
#: many enterprises with their lines) in its own transaction (imports.services).
RESOLUTE_IMPORT_PART = env_int("RESOLUTE_IMPORT_PART", 500)
#: An export of more rows than this is made by a background job (its page shows the progress
#: and keeps the file); smaller ones are written in the request.
RESOLUTE_EXPORT_INLINE_ROWS = env_int("RESOLUTE_EXPORT_INLINE_ROWS", 5000)
#: A batch still being read this long after its upload was left by a process that died.
RESOLUTE_IMPORT_STALE_SECONDS = env_int("RESOLUTE_IMPORT_STALE_SECONDS", 30 * 60)

#: Assessment runs start in a background thread; tests run them inline.
RESOLUTE_RUNS_INLINE = env_bool("RESOLUTE_RUNS_INLINE", False)
# Background work (assessment runs, reading uploaded imports) is queued in the database and
# done by `python manage.py run_worker` (make run starts one beside gunicorn), so it
# survives a restart of the web server and a killed worker is noticed (resolute/web/lib/
# background.py). RESOLUTE_TASKS=immediate runs each task at once, in the caller (tests).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_TASKS_KIND = env_str("RESOLUTE_TASKS", "database")
if _TASKS_KIND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"RESOLUTE_TASKS must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_TASKS_KIND]}}
#: Finished, unpublished runs kept per scope (older ones and their results are deleted when a
#: new run of that scope starts, unless an objection refers to them; see prune_runs).
RESOLUTE_KEEP_UNPUBLISHED_RUNS = env_int("RESOLUTE_KEEP_UNPUBLISHED_RUNS", 5)
#: Each worker renews its lease in the database this often (seconds); a worker whose lease is
#: older than RESOLUTE_WORKER_LEASE_SECONDS is dead, and any worker, on any machine, marks
#: its task failed (resolute/web/lib/background.py).
RESOLUTE_WORKER_HEARTBEAT_SECONDS = env_int("RESOLUTE_WORKER_HEARTBEAT_SECONDS", 10)
RESOLUTE_WORKER_LEASE_SECONDS = env_int("RESOLUTE_WORKER_LEASE_SECONDS", 60)
#: A run still queued or running after this long has lost its worker and ends as failed.
RESOLUTE_RUN_TIMEOUT_SECONDS = env_int("RESOLUTE_RUN_TIMEOUT_SECONDS", 3600)

#: Each worker starts the daily work (resolute.web.notices: deadline warnings) when it starts
#: and then once a day; 0 leaves it to `manage.py daily_notices` (cron).
RESOLUTE_DAILY_TASKS = env_bool("RESOLUTE_DAILY_TASKS", True)

# E-mail (notices): the console by default (`make run` prints each e-mail); set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_* below to send.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "三个坚决台账与评估 <noreply@localhost>")
#: The address the links in e-mails start with.
RESOLUTE_SITE_URL = env_str("RESOLUTE_SITE_URL", "http://127.0.0.1:8000")

#: Writes through the API (every POST) per user: "N/min", "N/hour" … (resolute/web/api/limits.py).
RESOLUTE_API_WRITE_RATE = env_str("RESOLUTE_API_WRITE_RATE", "30/min")
#: The API's write counts in a database table, shared by every worker (``migrate`` creates it).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "resolute_ratelimit",
    },
}

SESSION_COOKIE_HTTPONLY = True
#: A session ends after this many seconds without a request (default 2 hours): a request
#: moves its expiry forward (at most once every RESOLUTE_SESSION_REFRESH_SECONDS, so that
#: pages are not database writes: resolute.web.front.middleware).
SESSION_COOKIE_AGE = env_int("RESOLUTE_SESSION_IDLE_SECONDS", 2 * 60 * 60)
RESOLUTE_SESSION_REFRESH_SECONDS = min(env_int("RESOLUTE_SESSION_REFRESH_SECONDS", 300),
                                       SESSION_COOKIE_AGE // 4)  # fmt: skip
SESSION_COOKIE_SECURE = env_bool("RESOLUTE_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
#: HTTPS: production redirects plain HTTP and sends HSTS (a year, with subdomains, preload).
SECURE_SSL_REDIRECT = env_bool("RESOLUTE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("RESOLUTE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RESOLUTE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("RESOLUTE_HSTS_PRELOAD", PRODUCTION)
if env_bool("RESOLUTE_BEHIND_HTTPS_PROXY", False):
    # A reverse proxy ends TLS and says so in X-Forwarded-Proto (it must set, not pass on).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    AXES_IPWARE_PROXY_COUNT = 1  # the client's address is the one the proxy adds
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

#: Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name,
#: or from one address, that name (address) cannot sign in for the cool-off time, whatever
#: the password; a success resets. Behind a proxy the address is the one it forwards.
AXES_FAILURE_LIMIT = env_int("RESOLUTE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("RESOLUTE_LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "resolute.web.front.views.locked_out"
AXES_VERBOSE = False

#: Content-Security-Policy (django-csp): scripts and styles only from this site's own files,
#: no inline script, no inline style, no plug-ins, no framing. Pages that embed a third
#: party's widget relax it for themselves only (see docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'self'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("RESOLUTE_LOG_LEVEL", "WARNING")},
}
