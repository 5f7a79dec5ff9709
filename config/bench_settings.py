"""Settings for make bench: the test settings plus the bench app (the bare viewflow flow)."""

from config.test_settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
