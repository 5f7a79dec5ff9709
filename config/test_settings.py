"""Settings for the test suite: the production settings with fast, isolated parts."""

import os
import tempfile

# Tests run with DEBUG off, as production does, so they need a non-development secret.
os.environ.setdefault("SECRET_KEY", "sahih-test-suite-secret-key-0123456789abcdef")
os.environ.setdefault("SAHIH_VAR_DIR", tempfile.mkdtemp(prefix="sahih-test-"))

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    "default": {"BACKEND": "config.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Off by default: every test reuses sequence numbers (its transaction rolls back), so one
# shared witness log would contradict itself. The ledger's tests give each test its own.
SAHIH_LEDGER_WITNESS_DIR = None
