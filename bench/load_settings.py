"""Settings of the load test's processes (gunicorn, the Celery worker and beat): production's
settings, plus the bench app and a beat that fires within a one-minute run. Only `make
bench-load` names this module; production runs config.settings."""

import os
from datetime import timedelta

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
# Plain HTTP on 127.0.0.1: no redirect to HTTPS, cookies without the Secure flag.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# The deadlines and the ledger checkpoint every 20 seconds instead of every 15 minutes or
# hour, so that the worker really runs them during the load.
CELERY_BEAT_SCHEDULE = {
    name: {**entry, "schedule": timedelta(seconds=20)}
    for name, entry in CELERY_BEAT_SCHEDULE.items()  # noqa: F405
}
# The load is the API's: static files straight from the apps, under their plain names, instead
# of a collectstatic that compresses every file (minutes on a busy machine) before each run.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Warnings and errors to stderr, which bench/load.py keeps as each process's log: without a
# handler Django's request errors (the traceback of a 500) went nowhere.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
if os.environ.get("SAHIH_LOAD_LEDGER") == "noop":
    # With the ledger append a no-op (bench/load_wsgi.py) the checkpoint refuses, as it must:
    # the decisions of the run have no events. That refusal is not an error of the load, so
    # the variant's beat does not schedule it.
    CELERY_BEAT_SCHEDULE.pop("audit-checkpoint", None)
