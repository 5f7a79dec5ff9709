"""Sahih settings.

Everything is read from the environment and has a safe default, so `manage.py` runs with no
environment at all (SQLite under var/, DEBUG off). The README's "Configuration" table lists
every variable. Production differs only in the environment, never in code.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAHIH_VAR_DIR", BASE_DIR / "var"))


DEBUG = env_bool("DEBUG", False)
# `make run`: the product's own 403/404/500 pages although DEBUG is on (config/middleware.py).
SAHIH_ERROR_PAGES_IN_DEBUG = env_bool("SAHIH_ERROR_PAGES_IN_DEBUG", False)


def local_secret(path: Path) -> str:
    """A random secret kept in var/ for a single machine that was given none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# The development secret is public (it is in this file): accepted only with DEBUG on. With
# DEBUG off and no SECRET_KEY, a single machine still runs, on a random secret kept in var/;
# several app servers must share one SECRET_KEY (README, "Configuration").
DEVELOPMENT_SECRET_KEY = "sahih-development-only-not-a-secret"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY") or (
    DEVELOPMENT_SECRET_KEY if DEBUG else local_secret(VAR_DIR / "secret_key")
)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the public development key while DEBUG is off. "
        "Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value, or set DEBUG=1 for "
        "development."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SAHIH_PUBLIC_URL = env_str("SAHIH_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "guardian",
    "rest_framework",
    "rest_framework.authtoken",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "viewflow",
    "viewflow.workflow",
    "config",
    "audit",
    "personnel",
    "decisions",
    "workflows",
    "web",
    "inspection",
    "public",
    "placement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (static files come pre-compressed from whitenoise, above). Django pads
    # compressed responses at random against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ProductErrorPagesMiddleware",
    # Last: turns a login refused for a locked account into config.auth.locked_out's answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.region",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sahih.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the development server read while a command writes; the busy timeout turns
    # "database is locked" into a short wait.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if env_bool("DATABASE_SHORT_QUERIES", True):
        # PostgreSQL for the pages' short, index-driven queries (docs/benchmarks.md, "City
        # scale"): no JIT (compiling a plan cost 50-100 ms per statement over 100,000 cases and
        # saved nothing), and random reads priced as what they are on SSDs, so index probes
        # win. Set DATABASE_SHORT_QUERIES=0 to keep the server's own settings.
        options["options"] = "-c jit=off -c random_page_cost=1.1"
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters bound by the server instead of inlined by psycopg, and psycopg's automatic
        # prepared statements: a statement run prepare_threshold times on one connection is
        # prepared, and PostgreSQL stops planning it anew once its generic plan is no dearer
        # than the custom ones (an approval's server time about halved; docs/benchmarks.md,
        # "Approvals"). Prepared statements live in the server session: they pay off only
        # with persistent connections (DATABASE_CONN_MAX_AGE), and a pooler must keep them
        # (pgbouncer's transaction pooling from 1.21 with max_prepared_statements; before,
        # session pooling only). DATABASE_PREPARED_STATEMENTS=0 is Django's default.
        options["server_side_binding"] = True
        options["prepare_threshold"] = env_int("DATABASE_PREPARE_THRESHOLD", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account before any password is checked (config/auth.py).
    "config.auth.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "config.storage.PrivateStorage"},
    # collectstatic writes every file under a versioned name (sahih.css -> sahih.3f2a9c1e.css),
    # gzipped beside it; whitenoise serves those compressed and, as the name changes with the
    # content, cacheable for a year. With DEBUG on, Django hands out the plain names, so
    # development needs no collectstatic (the tests use plain storage: config/test_settings.py).
    "staticfiles": {"BACKEND": "config.storage.StaticFiles"},
}
# Serve app static files straight from their apps in development (an edit shows at once);
# production runs collectstatic and whitenoise serves STATIC_ROOT. `make run` collects too and
# turns this off, so the demo is served compressed, as production is.
WHITENOISE_USE_FINDERS = env_bool("SAHIH_STATIC_FROM_APPS", DEBUG)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("REDIS_URL"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=1.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload is on in production so `check --deploy` is clean; a domain whose subdomains cannot
# all serve HTTPS turns it off (SECURE_HSTS_PRELOAD=0) before submitting to any preload list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Nothing is framed by default; a view our own pages must frame (an attachment preview) opts
# in with django.views.decorators.clickjacking.xframe_options_sameorigin.
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# API tokens expire like a session: seconds from issue (POST /api/auth/token/); revoked by
# POST /api/auth/logout/ or by an administrator (admin, "Tokens").
SAHIH_API_TOKEN_TTL = env_int("SAHIH_API_TOKEN_TTL", SESSION_COOKIE_AGE)

# Brute force (django-axes, counted in the database so every app server shares the count):
# after AXES_FAILURE_LIMIT failed logins for a username, that username is locked for
# AXES_COOLOFF_MINUTES on the web login, the admin login and the API token endpoint.
# Locking by username, not address: the offices of a region share a few NAT addresses.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The lockout runs from the failure that reached the limit, so its end can be told.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "config.auth.locked_out"
AXES_VERBOSE = False
# axes.W006 asks for the address among the lockout parameters; locking addresses would lock
# whole offices behind one NAT address, and a username is locked whatever the address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if not env_str("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sahih <sahih@localhost>")

# Background work: Celery on Redis when CELERY_BROKER_URL is set, otherwise in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "workflow-deadlines": {"task": "workflows.tasks.run_deadlines", "schedule": timedelta(minutes=15)},
    "apply-due-decisions": {"task": "decisions.tasks.apply_due", "schedule": timedelta(hours=1)},
    "audit-checkpoint": {"task": "audit.tasks.checkpoint", "schedule": timedelta(hours=1)},
    "feedback-deadlines": {"task": "public.tasks.run_feedback_deadlines", "schedule": timedelta(minutes=15)},
    # Before the cached figures expire (SAHIH_STATISTICS_CACHE_SECONDS, an hour by default).
    "statistics-refresh": {"task": "public.tasks.refresh_statistics", "schedule": timedelta(minutes=45)},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: an anonymous call then gets 401 with "WWW-Authenticate: Token".
        "config.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "web.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sahih API",
    "DESCRIPTION": "Personnel decisions: cases, approvals, decrees (SK) and the audit ledger.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI's files come from the instance (drf-spectacular-sidecar): no page loads
    # anything from another host.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.add_error_responses",
    ],
    # One name per choice set, however many fields use it.
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "decisions.models.CaseKind",
        "CaseStatusEnum": "decisions.models.Case.Status",
        "AttachmentKindEnum": "decisions.models.Attachment.Kind",
    },
}

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: the public sees only /v/<token>

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Sahih: the region and its offices ------------------------------------------------
SAHIH_REGION = {
    "kind": env_str("SAHIH_REGION_KIND", "Kota"),
    "name": env_str("SAHIH_REGION_NAME", "Tanjungbalai"),
    "province": env_str("SAHIH_REGION_PROVINCE", "Sumatera Utara"),
    "head_title": env_str("SAHIH_REGION_HEAD_TITLE", "Wali Kota"),
    "capital": env_str("SAHIH_REGION_CAPITAL", "Tanjungbalai"),
    # The Garuda Pancasila as an image file (PNG/JPG): a regional head's decree carries the
    # state emblem in its heading (UU 24/2009 Pasal 52 huruf a, Pasal 54 ayat (1) huruf i).
    # Without one a placeholder is drawn and marked as such on every decree, and
    # `manage.py check --deploy` reports it (sahih.E001).
    "emblem": env_str("SAHIH_REGION_EMBLEM", ""),
    # What every decree of the region cites first in Mengingat, each with its gazette numbers:
    # the law that formed the region and its Perda on the perangkat daerah (docs/decrees.md).
    # Tanjungbalai was formed as a kota kecil by UU Darurat 9/1956 (cited with LN 1956/60,
    # TLN 1092 in PP 20/1987, which changed its boundaries). The Perda on its perangkat daerah
    # could not be confirmed from an official source [R]: the region's legal section adds it
    # here; `check --deploy` warns while no Peraturan Daerah is listed (sahih.W002).
    "legal_bases": [
        env_str(
            "SAHIH_REGION_FORMATION_LAW",
            "Undang-Undang Nomor 9 Drt. Tahun 1956 tentang Pembentukan Daerah Otonom Kota-Kota Kecil dalam "
            "Lingkungan Daerah Propinsi Sumatera Utara (Lembaran Negara Republik Indonesia Tahun 1956 Nomor 60, "
            "Tambahan Lembaran Negara Republik Indonesia Nomor 1092)",
        ),
        *filter(None, [env_str("SAHIH_REGION_PERDA_PERANGKAT_DAERAH", "")]),
    ],
}
# Which organisational units play which part in every route (unit codes of the registry).
SAHIH_OFFICES = {
    "personnel_agency": env_str("SAHIH_PERSONNEL_AGENCY_UNIT", "BKPSDM"),
    "secretariat": env_str("SAHIH_SECRETARIAT_UNIT", "SETDA"),
    "inspectorate": env_str("SAHIH_INSPECTORATE_UNIT", "INSPEKTORAT"),
    "regional_head_position": env_str("SAHIH_REGIONAL_HEAD_POSITION", "WALIKOTA"),
}

# Attachments: what may be uploaded.
SAHIH_ATTACHMENT_MAX_BYTES = env_int("SAHIH_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)

# The ledger's signing key and where checkpoints are written (outside the database).
SAHIH_LEDGER_KEY_FILE = Path(env_str("SAHIH_LEDGER_KEY_FILE", str(VAR_DIR / "keys" / "ledger.pem")))
SAHIH_CHECKPOINT_DIR = Path(env_str("SAHIH_CHECKPOINT_DIR", str(VAR_DIR / "checkpoints")))
# The witness log: each event's sequence number and hash, appended after its commit
# (audit/witness.py). Like the checkpoints, keep it where the database's administrators
# cannot write; empty turns it off.
SAHIH_LEDGER_WITNESS_DIR = env_str("SAHIH_LEDGER_WITNESS_DIR", str(VAR_DIR / "witness")) or None
# Processes that verify a large ledger in parallel (0: one per CPU); see docs/ledger.md.
SAHIH_LEDGER_VERIFY_WORKERS = env_int("SAHIH_LEDGER_VERIFY_WORKERS", 0)
# The most cases one evidence bundle of the inspector workspace holds; see docs/inspection.md.
SAHIH_INSPECT_EXPORT_MAX_CASES = env_int("SAHIH_INSPECT_EXPORT_MAX_CASES", 200)

# Decree signing (PAdES). Development certificates come from `manage.py signing_devca`.
SAHIH_SIGNING = {
    "backend": env_str("SAHIH_SIGNING_BACKEND", "decisions.signing.LocalPadesSigner"),
    "key_file": env_str("SAHIH_SIGNING_KEY_FILE", str(VAR_DIR / "keys" / "signer-key.pem")),
    "cert_file": env_str("SAHIH_SIGNING_CERT_FILE", str(VAR_DIR / "keys" / "signer-cert.pem")),
    "ca_cert_file": env_str("SAHIH_SIGNING_CA_FILE", str(VAR_DIR / "keys" / "ca-cert.pem")),
    "key_passphrase": env_secret("SAHIH_SIGNING_KEY_PASSPHRASE"),
    "tsa_url": env_str("SAHIH_SIGNING_TSA_URL"),
    # The numbering slot a signing holds while the signer signs (decisions/issuing.py): a claim
    # older than this many seconds is stale and rolled back (0: derived from the BSrE timeouts);
    # a signing of the same numbering waits this long at most for the slot (empty: as long).
    "claim_seconds": env_int("SAHIH_SIGNING_CLAIM_SECONDS", 0),
    "slot_wait": env_int("SAHIH_SIGNING_SLOT_WAIT", None),
    # What the verification page and the validation endpoint trust, by kind: "bsre" is a PEM
    # bundle of the certified chain (Root CA Indonesia, the BSrE CA, the BSSN timestamp root;
    # docs/signing.md says where to get it); "local" is the instance's own CA (empty: the CA
    # file above).
    "trust_roots": {
        "bsre": env_str("SAHIH_SIGNING_TRUST_BSRE"),
        "local": env_str("SAHIH_SIGNING_TRUST_LOCAL"),
    },
    # BSrE's esign client service (decisions.signing.bsre.BsreSigner), used when
    # SAHIH_SIGNING_BACKEND names it. The client id and secret are the HTTP Basic credentials
    # made on the esign client for this application. TLS is always verified; a private CA
    # goes in SAHIH_BSRE_CA_BUNDLE.
    "bsre": {
        "base_url": env_str("SAHIH_BSRE_URL"),
        "client_id": env_secret("SAHIH_BSRE_CLIENT_ID"),
        "client_secret": env_secret("SAHIH_BSRE_CLIENT_SECRET"),
        "connect_timeout": env_int("SAHIH_BSRE_CONNECT_TIMEOUT", 5),
        "read_timeout": env_int("SAHIH_BSRE_READ_TIMEOUT", 60),
        "ca_bundle": env_str("SAHIH_BSRE_CA_BUNDLE"),
    },
}

# Rate limit of the public verification page, per client address.
SAHIH_VERIFY_RATE = env_str("SAHIH_VERIFY_RATE", "30/m")

# Working days each stage may take before it is late ("default" for stages not named).
# The APS decision deadline of 14 working days is the law's (PP 11/2017); the others are
# the region's service standards [R].
SAHIH_STAGE_DEADLINES = {
    "default": env_int("SAHIH_DEADLINE_DEFAULT", 5),
    "revision": env_int("SAHIH_DEADLINE_REVISION", 10),
    "verification": env_int("SAHIH_DEADLINE_VERIFICATION", 5),
    "pertek": env_int("SAHIH_DEADLINE_PERTEK", 15),
    "signing": env_int("SAHIH_DEADLINE_SIGNING", 3),
}
# A reminder goes out this many working days before a task is due.
SAHIH_REMINDER_DAYS_BEFORE = env_int("SAHIH_REMINDER_DAYS_BEFORE", 1)

# Public feedback (public/): working days for each step of its route [R: the region's service
# standard for complaints], and the rate at which one address may send feedback or look up a
# tracking code. The limits are counted in the cache: with REDIS_URL set, across every app server.
SAHIH_FEEDBACK_DEADLINES = {
    "feedback_triage": env_int("SAHIH_FEEDBACK_DEADLINE_TRIAGE", 3),
    "feedback_unit_response": env_int("SAHIH_FEEDBACK_DEADLINE_UNIT", 10),
    "feedback_closure": env_int("SAHIH_FEEDBACK_DEADLINE_CLOSURE", 3),
}
SAHIH_FEEDBACK_RATE = env_str("SAHIH_FEEDBACK_RATE", "5/h")
SAHIH_FEEDBACK_TRACK_RATE = env_str("SAHIH_FEEDBACK_TRACK_RATE", "30/m")
# Open statistics: every published cell counts at least this many people; the figures are
# cached this many seconds.
SAHIH_STATISTICS_MIN_CELL = env_int("SAHIH_STATISTICS_MIN_CELL", 5)
SAHIH_STATISTICS_CACHE_SECONDS = env_int("SAHIH_STATISTICS_CACHE_SECONDS", 3600)

from .placement import SAHIH_PLACEMENT  # noqa: E402,F401  (a setting)

# Policy rule parameters: the defaults, each with its legal basis, are the rules' own
# (decisions/policy/defaults.py); a key set here replaces the default of that key.
SAHIH_POLICY = {
    # Regions that adopted the I-MUT practice make "less than two years in post" binding.
    "time_in_post_blocks": env_bool("SAHIH_TIME_IN_POST_BLOCKS", False),
    # A rank outside the position's range blocks instead of warning.
    "rank_range_blocks": env_bool("SAHIH_RANK_RANGE_BLOCKS", False),
}

# Decrees (SK): numbering per kind (classification code / sequence / unit / year), legal
# bases per kind (empty: the defaults in decisions/documents/texts/), citations that replace
# the built-in ones (texts/laws.py, by key), and the first copies (Tembusan) every decree
# carries, in the order of the hierarchy. Numbers are gapless per pattern and year.
SAHIH_DECREE = {
    "numbering": {
        "default": env_str("SAHIH_DECREE_NUMBER_PATTERN", "800.1.3.3/{seq:04d}/BKPSDM/{year}"),
        "dismissal_retirement": "800.1.6.6/{seq:04d}/BKPSDM/{year}",
        "dismissal_own_request": "800.1.6.3/{seq:04d}/BKPSDM/{year}",
        "dismissal_death": "800.1.6.3/{seq:04d}/BKPSDM/{year}",
        "dismissal_unfit": "800.1.6.3/{seq:04d}/BKPSDM/{year}",
        "dismissal_discipline": "800.1.6.2/{seq:04d}/BKPSDM/{year}",
    },
    "legal_bases": {},
    # e.g. {"PP 94/2021": "Peraturan Pemerintah Nomor 94 Tahun 2021 ... (Lembaran Negara ...)"}
    "citations": {},
    "copies_before": [
        "Gubernur Sumatera Utara di Medan",
        "Kepala Kantor Regional VI Badan Kepegawaian Negara di Medan",
    ],
    # The PT TASPEN office that pays the region's pensions: a copy of every dismissal [R: which
    # branch serves Tanjungbalai is not confirmed].
    "taspen_office": env_str("SAHIH_TASPEN_OFFICE", "Kepala Kantor Cabang Utama PT TASPEN (Persero) Medan"),
    # Who issues the BKN technical approval (pertek) when the recorded pertek names nobody:
    # for Kota Tanjungbalai the regional office in Medan (Kanreg VI BKN).
    "pertek_issuer": env_str("SAHIH_PERTEK_ISSUER", "Kepala Kantor Regional VI Badan Kepegawaian Negara"),
    # Who certifies a PETIKAN as a true extract: the head of this office (SAHIH_OFFICES), titled so.
    "extract_certifier": {
        "office": "personnel_agency",
        "title": "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    },
    # The pension a retirement decree states (decisions/pension.py): a remainder of six months or
    # more of service counts as a year [R: practice, not confirmed in the law's text]; the floor is
    # the lowest basic salary of the salary regulation (UU 11/1969 Pasal 11 ayat (1) huruf c)
    # unless set here (PP 8/2024 sets Rp1.748.100 as the lowest pension of existing pensioners;
    # whether it binds a new pension is [R]).
    "pension": {"round_half_year_up": True, "minimum": None},
}
