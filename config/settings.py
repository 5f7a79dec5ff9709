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

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAHIH_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = env_bool("DEBUG", False)


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
    "viewflow",
    "viewflow.workflow",
    "config",
    "audit",
    "personnel",
    "decisions",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve app static files straight from their apps in development; production runs
# collectstatic and whitenoise serves STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
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
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: an anonymous call then gets 401 with "WWW-Authenticate: Token".
        "config.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.api.BoundedJSONParser",
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
    # An image file (PNG/JPG) for the decree heading and the UI; empty draws a neutral
    # placeholder emblem.
    "emblem": env_str("SAHIH_REGION_EMBLEM", ""),
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

# Policy rule parameters (reference/domain.md §6). The administrator may override any key
# in the app (decisions.PolicyParameter; a dotted key such as "override_roles.vacancy" sets
# one entry of a nested parameter); each change makes a new rule-set version. Figures the
# domain brief marks [R] (from memory, unconfirmed) are flagged below: check them with the
# region's legal office before relying on them.
_JF_LEVELS = [
    "pemula",
    "terampil",
    "mahir",
    "penyelia",
    "ahli_pertama",
    "ahli_muda",
    "ahli_madya",
    "ahli_utama",
]
_ANY_POST = ["pelaksana", "pengawas", "administrator", "jpt_pratama", "fungsional"]
SAHIH_POLICY = {
    # Rule 11 (Peraturan BKN 5/2019): 2 to 5 years in a post.
    "min_years_in_post": 2,
    "max_years_in_post": 5,  # at or past this, the report flags "overdue for rotation"
    # Regions that adopted the I-MUT practice make "less than two years in post" binding.
    "time_in_post_blocks": env_bool("SAHIH_TIME_IN_POST_BLOCKS", False),
    # Rule 7: PP 11/2017 sets no rank floor, so a rank outside the range only warns unless
    # the region makes it binding. Default ranges per kind (golongan codes) follow the
    # PP 13/2002 eselon table: JPT pratama II.b-II.a, administrator III.b-III.a, pengawas
    # IV.b-IV.a. A position's own min/max rank takes precedence.
    "rank_range_blocks": env_bool("SAHIH_RANK_RANGE_BLOCKS", False),
    "rank_ranges": {"jpt_pratama": [42, 44], "administrator": [34, 42], "pengawas": [32, 34]},
    # Rule 5: minimum education where the position names none (PP 11/2017; PermenPANRB
    # 1/2023). JF by track: keahlian (ahli_*) and keterampilan.
    "education_minimum": {
        "jpt_pratama": "S1",
        "administrator": "S1",
        "pengawas": "D3",
        "keahlian": "S1",
        "keterampilan": "SLTA",
    },
    # Rule 6: experience, as cumulative years in the posts listed ("fungsional" is any JF
    # level, "fungsional:ahli_muda" one level). JF equivalents follow PermenPANRB 28/2019
    # (pengawas = ahli muda, administrator = ahli madya) [R]. "Related" experience for JPT
    # cannot be judged from the registry: every post counts there.
    "experience": {
        "administrator": [
            {
                "years": 3,
                "posts": [
                    "pengawas",
                    "administrator",
                    "jpt_pratama",
                    "fungsional:ahli_muda",
                    "fungsional:ahli_madya",
                    "fungsional:ahli_utama",
                ],
            }
        ],
        "pengawas": [{"years": 4, "posts": _ANY_POST}],
        "jpt_pratama": [
            {"years": 5, "posts": _ANY_POST},
            {
                "years": 2,
                "posts": ["administrator", "jpt_pratama", "fungsional:ahli_madya", "fungsional:ahli_utama"],
            },
        ],
        "functional_transfer": [{"years": 2, "posts": _ANY_POST}],
        "functional_transfer_restructuring": [{"years": 1, "posts": _ANY_POST}],
    },
    # Rule 8: SKP "baik" or better for the last 2 years; 1 year for a JF first appointment.
    "skp_years": 2,
    "skp_years_first_functional": 1,
    # Rule 3: warn when the TMT pensiun falls within this many months of the effective date
    # (the 12 months are [R]).
    "retirement_warning_months": 12,
    # Rules 3 and 21 (UU 20/2023 Ps. 55): BUP 58; 60 for JPT and JF ahli madya; 65 for JF
    # ahli utama. JFs with their own law (teachers, lecturers) keep theirs [R]: add them here.
    "bup_ages": {
        "default": 58,
        "jpt_pratama": 60,
        "ahli_madya": 60,
        "ahli_utama": 65,
    },
    # Rule 4 (PP 17/2020): a JPT pratama is at most 56 (completed years) at inauguration.
    "jpt_max_age": 56,
    # Rule 12 (UU 5/2014 Ps. 116; whether UU 20/2023 keeps it is [R]).
    "jpt_protection_years": 2,
    # Rule 15: the selection panel sends the best three per post (PP 11/2017 Ps. 127).
    "pansel_shortlist_size": 3,
    # Rule 16: leadership training per post, in increasing order; a higher one counts. The
    # time allowed to complete it after appointment is [R].
    "leadership_training": {"pengawas": "pkp", "administrator": "pka", "jpt_pratama": "pkn2"},
    "leadership_training_order": ["pkp", "pka", "pkn2"],
    "leadership_training_due_months": 12,
    # Rule 17 (PermenPANRB 1/2023): age caps for moving into a JF, by target level; ahli
    # utama is 60 from a JPT post and 63 between ahli utama JFs.
    "functional_transfer_max_age": {
        **{level: 53 for level in _JF_LEVELS[:6]},
        "ahli_madya": 55,
        "ahli_utama": 60,
        "ahli_utama_from_ahli_utama": 63,
    },
    # Rule 13 (UU 10/2016 Ps. 71, 162): the freeze runs from 6 months before the candidates
    # are set to the end of the term, and 6 months after an inauguration; a replacement
    # approved by the Minister is reported within 7 working days. Posts of a JF with an
    # additional leadership task (Kepala Puskesmas, Kepala Sekolah) are listed by code.
    "election_freeze_months_before": 6,
    "election_freeze_months_after": 6,
    "election_report_working_days": 7,
    "election_freeze_position_codes": [],
    # Rule 18 (SE Kepala BKN 3/SE/VIII/2019): the file of an inter-region transfer, by
    # attachment kind and how many of each.
    "external_transfer_file": {
        "request_letter": 1,
        "consent_letter": 1,
        "release_letter": 1,
        "job_analysis": 1,
        "clearance": 1,
        "no_discipline": 1,
        "no_study_leave": 1,
        "skp": 2,
    },
    # Rule 19: the kinds whose SK needs BKN's pertek before signing. Regions whose internal
    # transfers go through I-MUT add "transfer".
    "pertek_required_kinds": [
        "appointment_structural",
        "appointment_functional",
        "appointment_jpt",
        "transfer_in",
        # Not transfer_out: the city's release comes first; BKN's pertek goes to the receiving
        # side, whose Governor or Minister issues the final SK (SE Kepala BKN 3/SE/VIII/2019).
        "dismissal_retirement",
    ],
    # Rule 20 (PP 11/2017 Ps. 238-240): decide an APS within 14 working days; postpone it
    # by at most a year.
    "aps_decision_working_days": 14,
    "aps_max_postponement_years": 1,
    # Rule 23: who may sign besides the regional head in office. Acting officials by kind
    # (whether a Plh may sign personnel decisions is disputed [R]); delegates as
    # {"position": "SEKDA", "kinds": ["transfer"], "decree": "Perwali ..."} ("a.n.").
    "acting_may_sign": ["plt", "plh"],
    "signing_delegates": [],
    # Rule 26: the region's caps on incoming transfers (Pemprov Jatim: age 40, III/c,
    # teachers and health staff exempt); off while both caps are null.
    "incoming_transfer_caps": {"max_age": None, "max_rank": None, "exempt_units": [], "severity": "block"},
    # A block is overridden with a written justification of at least this many characters.
    "override_min_chars": 30,
    # Who may override a blocking finding, by rule; a rule not named here allows nobody.
    # Warnings need no role: the approver acknowledges them (or justifies, where required).
    "override_roles": {
        "time_in_post": ["official", "signer"],
        "rank_range": ["official", "signer"],
        "vacancy": ["signer"],
        "regional_caps": ["signer"],
        "retirement_age": [],
        "education": [],
    },
}

# Decrees (SK): numbering per kind (classification code / sequence / unit / year), legal
# bases per kind (empty: the defaults in decisions/documents/compose.py), and the first
# copies (Tembusan) every decree carries. Numbers are gapless per pattern and year.
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
    "copies_before": [
        "Kepala Kantor Regional VI Badan Kepegawaian Negara di Medan",
        "Gubernur Sumatera Utara di Medan",
    ],
}
