"""Settings for the green factory platform, driven by environment variables.

DJANGO_ENV chooses the safety level: ``production`` (the default) refuses to start without a
SECRET_KEY and ALLOWED_HOSTS and turns every HTTPS protection on; ``demo`` and ``test`` fill safe
local defaults. Every value read here fails loudly when it cannot be parsed.
"""

import hashlib
import os
import shlex
import shutil
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: bool) -> bool:
    """Read a boolean; anything but a clear yes or no is a configuration error."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def envint(name: str, default: int) -> int:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from exc


DJANGO_ENV = env.str("DJANGO_ENV", default="production")
if DJANGO_ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}: use production, demo or test.")
LOCAL = DJANGO_ENV in {"demo", "test"}
TESTING = DJANGO_ENV == "test"

DEBUG = envbool("DEBUG", default=False)
if LOCAL:
    SECRET_KEY = env.str("SECRET_KEY", default="local-only-insecure-key-for-demo-and-tests")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if LOCAL else []
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) the platform is served on.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "greenfactory.core",
    "greenfactory.notifications",
    "greenfactory.accounts",
    "greenfactory.programme",
    "greenfactory.applications",
    "greenfactory.reviews",
    "greenfactory.titles",
    "greenfactory.recognition",
    "greenfactory.filings",
    "greenfactory.cultivation",
    "greenfactory.supervision",
    "greenfactory.rewards",
    "greenfactory.outreach",
    "greenfactory.dashboards",
    "greenfactory.api",
]
# Demo data and benchmarks are not product code: installed in demo and test settings only (the
# benchmark's own processes use ``greenfactory.bench.settings``, which adds ``bench``).
if LOCAL:
    INSTALLED_APPS += ["greenfactory.demo", "greenfactory.bench"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "greenfactory.core.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "greenfactory.accounts.middleware.AuthenticationMiddleware",
    "greenfactory.core.middleware.MessageMiddleware",
    "greenfactory.accounts.middleware.SessionLifetimeMiddleware",
    "greenfactory.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "greenfactory.core.csp.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "greenfactory.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "greenfactory.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "greenfactory.urls"
WSGI_APPLICATION = "greenfactory.wsgi.application"

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
                "greenfactory.core.context_processors.i18n",
                "greenfactory.core.context_processors.platform",
                "greenfactory.core.context_processors.navigation",
                "greenfactory.notifications.context_processors.unread",
            ],
        },
    },
]

# Plain widgets written in Python, the others through their templates (core/form_renderer.py).
FORM_RENDERER = "greenfactory.core.form_renderer.WidgetRenderer"

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # A file, not memory, so tests of two officers acting at once can use two connections.
    # One file per test run, so that two runs on one machine never share a database.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        VAR_DIR / f"test-{os.getpid()}.sqlite3"
    )
# Connections are kept between requests (on SQLite too: opening one and setting its pragmas
# cost a few milliseconds per request), and checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and TESTING:
    # The suite commits thousands of throw-away transactions; waiting for each one's WAL
    # flush is most of a transactional test's cost. Only the tests' own sessions do this.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c synchronous_commit=off"
    )
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Only the reads compiled once per connection are prepared (core.compiled_reads, each
    # asking for it): Django's own cursors bind on the client, which never prepares; psycopg
    # prepares nothing at all while the threshold is None, Django's default (decisions §112).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "greenfactory.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing is not under test in most tests; Argon2 is checked explicitly where it is.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {
        "NAME": "greenfactory.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "greenfactory.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
# 等保 8.1.4.1 a) asks for periodic change; 0 turns expiry off (docs/decisions.md §41).
PASSWORD_MAX_AGE_DAYS = envint("PASSWORD_MAX_AGE_DAYS", 90)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "dashboards:home"

# Lockout by username only: on a government LAN many users share one address.
# Rate limits (django-ratelimit) count in a database cache table, so every server process and
# every server behind a load balancer shares the same counters (`manage.py createcachetable`).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "greenfactory_ratelimit",
    },
}
RATELIMIT_USE_CACHE = "ratelimit"
# Computed pages kept in the default cache (per process): the dashboard's figures per role,
# region and district, and the public factory list's body per filter and language. 0 = off,
# the default under test: a test that changes titles reads the list at once; the caches' own
# tests turn them on.
DASHBOARD_CACHE_SECONDS = envint("DASHBOARD_CACHE_SECONDS", 0 if TESTING else 120)
# The header's unread count per user (invalidated in the process that changes it).
UNREAD_COUNT_SECONDS = envint("UNREAD_COUNT_SECONDS", 0 if TESTING else 5)
PUBLIC_LIST_CACHE_SECONDS = envint("PUBLIC_LIST_CACHE_SECONDS", 0 if TESTING else 60)
# An expert scoring sheet's table as read (not after a refused save), under a key holding
# everything it shows (reviews.domain.expert_queries.sheet_stamp). Off under test unless a
# test turns it on, like the page caches above.
SCORE_SHEET_CACHE_SECONDS = envint("SCORE_SHEET_CACHE_SECONDS", 0 if TESTING else 600)
# An application's self score from its stored answers, per application and revision (a save
# counts the revision up, so a kept score is never out of date). On under test as well.
SELF_SCORE_CACHE_SECONDS = envint("SELF_SCORE_CACHE_SECONDS", 600)
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
# Counted per client address as the audit trail sees it (behind TRUSTED_PROXIES, the forwarded one).
RATELIMIT_IP_META_KEY = "greenfactory.core.ratelimits.client_address"
RATELIMIT_VIEW = "greenfactory.core.ratelimits.rate_limited"
# Generous: django-axes locks a login name after 5 failures; these only stop floods. Raise the
# per-address rate where a whole bureau reaches the platform through one address.
RATELIMIT_LOGIN_PER_ADDRESS = env.str("RATELIMIT_LOGIN_PER_ADDRESS", default="30/m")
RATELIMIT_LOGIN_PER_NAME = env.str("RATELIMIT_LOGIN_PER_NAME", default="10/m")
RATELIMIT_EXPORTS = env.str("RATELIMIT_EXPORTS", default="20/h")
RATELIMIT_REGISTRATION = env.str("RATELIMIT_REGISTRATION", default="10/h")

AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 30 minutes from the fifth failure; attempts during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "greenfactory.accounts.views.public.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False
# axes.W006 asks for lockout by IP too; on a government LAN hundreds of users share one address,
# so an IP lockout would shut out a whole bureau (docs/decisions.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Database sessions whose row names its account, read with it in one query (accounts.sessions).
SESSION_ENGINE = "greenfactory.accounts.sessions"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
# A session ends this long after login even while in use (accounts.middleware).
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
# Second factor (TOTP) of officers and administrators: the pending login of step 1 lasts this
# long; wrong codes count as login failures for django-axes, which locks the login name.
SECOND_FACTOR_PENDING_SECONDS = envint("SECOND_FACTOR_PENDING_SECONDS", 5 * 60)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="绿色工厂平台")
OTP_TOTP_THROTTLE_FACTOR = 0
# The idle timeout runs from the session's last save; a request saves it only when this many
# seconds have passed since the last one (accounts.middleware), not on every request.
SESSION_TOUCH_SECONDS = envint("SESSION_TOUCH_SECONDS", 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = envbool("HTTPS", default=not LOCAL)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=HTTPS)
if envbool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses of reverse proxies whose X-Forwarded-For is believed for the audit trail's client IP.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "gf_language"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = LOCAL
# Demo and tests serve static files straight from the apps (WHITENOISE_USE_FINDERS).
STATIC_ROOT = None if LOCAL else env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# Uploads are private: they are served only through permission-checked views, never MEDIA_URL.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if LOCAL
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# With S3_BUCKET set, uploads go to S3-compatible object storage (MinIO, Ceph, a cloud's S3 API)
# through django-storages, shared by every web process and worker (docs/decisions.md §43). The
# objects are private; signed URLs are never given to browsers: downloads still go through the
# permission-checked views, which read the object from the storage. Without keys, boto3 finds
# credentials itself (its environment variables, an instance role).
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    S3_ADDRESSING_STYLE = env.str("S3_ADDRESSING_STYLE", default="path")
    if S3_ADDRESSING_STYLE not in {"path", "virtual", "auto"}:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE={S3_ADDRESSING_STYLE!r}: use path, virtual or auto."
        )
    _S3_KEYS = (
        env.str("S3_ACCESS_KEY_ID", default=""),
        env.str("S3_SECRET_ACCESS_KEY", default=""),
    )
    if bool(_S3_KEYS[0]) != bool(_S3_KEYS[1]):
        raise ImproperlyConfigured("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or none.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": _S3_KEYS[0] or None,
            "secret_key": _S3_KEYS[1] or None,
            "addressing_style": S3_ADDRESSING_STYLE,
            "signature_version": "s3v4",
            "location": env.str("S3_PREFIX", default="").strip("/"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            # A name in use gets a suffix, as on the file system: never overwrite a stored file.
            "file_overwrite": False,
        },
    }

# Dynamic management (动态管理): a revoked title bars the enterprise from applying for so many
# years; spot checks (抽检) look at titles not checked for so many years.
REVOCATION_BAR_YEARS = envint("REVOCATION_BAR_YEARS", 3)
SPOT_CHECK_COHORT_YEARS = envint("SPOT_CHECK_COHORT_YEARS", 3)

UPLOAD_MAX_FILE_BYTES = envint("UPLOAD_MAX_FILE_MB", 20) * 1024 * 1024
UPLOAD_MAX_APPLICATION_BYTES = envint("UPLOAD_MAX_APPLICATION_MB", 300) * 1024 * 1024
UPLOAD_MAX_UNPACKED_BYTES = envint("UPLOAD_MAX_UNPACKED_MB", 200) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Larger uploads go to a temporary file without a name, which a killed process cannot leave
# behind (core.upload_handlers).
FILE_UPLOAD_HANDLERS = [
    "greenfactory.core.upload_handlers.LargeChunkMemoryFileUploadHandler",
    "greenfactory.core.upload_handlers.AnonymousTemporaryFileUploadHandler",
]
# Virus scan of every upload (core.scanning): "clamav" runs clamdscan (the daemon's client,
# preferred) or clamscan. By default on when clamdscan is installed, or clamscan with Debian's
# signature files (a ClamAV without signatures would refuse every upload); off in tests, which
# scan where they mean to. UPLOAD_SCANNER_COMMAND replaces the program, e.g.
# "clamscan --database=/srv/clamav". UPLOAD_SCANNER_REQUIRED refuses uploads while no scanner is
# available (production should set it with UPLOAD_SCANNER=clamav).
_CLAMAV_USABLE = bool(shutil.which("clamdscan")) or bool(
    shutil.which("clamscan") and any(Path("/var/lib/clamav").glob("*.c[lvu]d"))
)
UPLOAD_SCANNER = env.str(
    "UPLOAD_SCANNER", default="clamav" if _CLAMAV_USABLE and not TESTING else "none"
)
if UPLOAD_SCANNER not in {"none", "clamav"}:
    raise ImproperlyConfigured(f"UPLOAD_SCANNER={UPLOAD_SCANNER!r}: use none or clamav.")
UPLOAD_SCANNER_COMMAND = shlex.split(env.str("UPLOAD_SCANNER_COMMAND", default=""))
UPLOAD_SCANNER_TIMEOUT = envint("UPLOAD_SCANNER_TIMEOUT", 60)
UPLOAD_SCANNER_REQUIRED = envbool("UPLOAD_SCANNER_REQUIRED", default=False)
# `check --deploy` warns while uploads are not scanned (core/checks.py), unless this says that
# the installation knowingly does without (e.g. a gateway scans every file before the platform).
UPLOAD_SCANNER_WAIVED = envbool("UPLOAD_SCANNER_WAIVED", default=False)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The audit trail's keyed seal and its daily anchor (core/domain/audit.py, docs/decisions.md §55).
# The key lives outside the database: in a file (AUDIT_SEAL_KEY_FILE, readable by the platform's
# user only) or the environment; whoever can write the database but not read the key cannot
# re-seal a rewritten chain. The demo and the tests derive a key from their SECRET_KEY.
_audit_key_file = env.str("AUDIT_SEAL_KEY_FILE", default="")
AUDIT_SEAL_KEY = (
    Path(_audit_key_file).read_text(encoding="utf-8").strip()
    if _audit_key_file
    else env.str("AUDIT_SEAL_KEY", default="")
)
if not AUDIT_SEAL_KEY and LOCAL:
    AUDIT_SEAL_KEY = hashlib.sha256(f"audit-seal:{SECRET_KEY}".encode()).hexdigest()
if AUDIT_SEAL_KEY and len(AUDIT_SEAL_KEY) < 32:
    raise ImproperlyConfigured("AUDIT_SEAL_KEY must hold at least 32 random characters.")
# The bureau's certificate signing pair (titles/domain/certificate_signing.py, docs/decisions.md
# §60): certificate PDFs are signed (PAdES) with this key so that a bank or a province can check
# offline that a certificate is genuine and unchanged. Production: the bureau's own key and
# certificate as PEM files (the key readable by the platform's user only); without them
# certificates are unsigned and `check --deploy` warns (greenfactory.W006). The demo and the tests
# make a self-signed pair under var/signing/ on first use and say so on the verification page.
CERTIFICATE_SIGNING_KEY_FILE = env.str("CERTIFICATE_SIGNING_KEY_FILE", default="")
CERTIFICATE_SIGNING_CERT_FILE = env.str("CERTIFICATE_SIGNING_CERT_FILE", default="")
CERTIFICATE_SIGNING_KEY_PASSPHRASE = env.str("CERTIFICATE_SIGNING_KEY_PASSPHRASE", default="")
CERTIFICATE_SIGNING_SELF_SIGNED = LOCAL and not (
    CERTIFICATE_SIGNING_KEY_FILE or CERTIFICATE_SIGNING_CERT_FILE
)
if CERTIFICATE_SIGNING_SELF_SIGNED:
    CERTIFICATE_SIGNING_KEY_FILE = str(VAR_DIR / "signing" / "demo-signing-key.pem")
    CERTIFICATE_SIGNING_CERT_FILE = str(VAR_DIR / "signing" / "demo-signing-cert.pem")
# A certificate PDF uploaded to the public verification page: at most this many MB.
CERTIFICATE_UPLOAD_MAX_BYTES = envint("CERTIFICATE_UPLOAD_MAX_MB", 5) * 1024 * 1024
# The file that `manage.py anchor_audit_log` appends the chain's head to every day, on a volume
# the database's owner cannot rewrite (append-only: chattr +a, or a mount of another host);
# `manage.py verify_audit_log` checks the chain against every line of it.
AUDIT_ANCHOR_PATH = env.str("AUDIT_ANCHOR_PATH", default="")
# An anchor older than this many hours is reported by verify_audit_log (cron runs it daily).
AUDIT_ANCHOR_MAX_AGE_HOURS = envint("AUDIT_ANCHOR_MAX_AGE_HOURS", 48)
# The deepest nesting of arrays and objects an API request body may have (api/parsers.py).
API_JSON_MAX_DEPTH = 32

# The REST API (greenfactory.api): hashed tokens for programs, the session for the browser (with
# DRF's CSRF check on writes), JSON in and out, one error shape (docs/decisions.md).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "greenfactory.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["greenfactory.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "greenfactory.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "绿色工厂平台 API",
    "DESCRIPTION": "Errors: {code, message: {zh-hans, en}, detail}. Lists are paged by cursor.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStateEnum": "greenfactory.applications.enums.ApplicationState",
        "BatchStateEnum": "greenfactory.programme.enums.BatchState",
        "CarbonStatusEnum": "greenfactory.applications.enums.CarbonStatus",
        "CandidacyStateEnum": "greenfactory.titles.enums.CandidateState",
        "CandidacyStageEnum": "greenfactory.titles.enums.ProvinceStage",
        "CandidacyStageResultEnum": "greenfactory.titles.enums.StageResult",
        "EvidenceKindEnum": "greenfactory.applications.enums.EvidenceKind",
        "NoticeStateEnum": "greenfactory.recognition.enums.NoticeState",
        "ObjectionStateEnum": "greenfactory.recognition.enums.ObjectionState",
        "SpotCheckStateEnum": "greenfactory.supervision.enums.CheckState",
        "SpotCheckKindEnum": "greenfactory.supervision.enums.SampleKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "greenfactory.api.schema.add_error_responses",
    ],
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend",
    }
}

# Tests keep e-mails in memory; the demo writes each to a file under var/mail/ (so its hundreds
# of e-mails do not flood the terminal); production names its backend, console by default.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default={
        "test": "django.core.mail.backends.locmem.EmailBackend",
        "demo": "django.core.mail.backends.filebased.EmailBackend",
    }.get(DJANGO_ENV, "django.core.mail.backends.console.EmailBackend"),
)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@greenfactory.local")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured(
        "EMAIL_USE_TLS (STARTTLS, usually port 587) and EMAIL_USE_SSL (implicit TLS, usually "
        "port 465) exclude each other: set one."
    )
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
# The address the public reaches the platform at: links in e-mails and the QR codes on
# certificates are built from it, since background tasks have no request to take a host from.
PLATFORM_URL = env.str("PLATFORM_URL", default="http://127.0.0.1:8000" if LOCAL else "").rstrip("/")
if not PLATFORM_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("PLATFORM_URL must be the platform's address, http(s)://….")

# The platform's own jurisdiction: the region code of the bureau that runs it.
PLATFORM_REGION_CODE = env.str("PLATFORM_REGION_CODE", default="320400")
PLATFORM_NAME = _("Green Factory Platform")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
