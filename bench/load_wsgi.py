"""gunicorn's entry point in the load test (bench/load.py).

``SAHIH_LOAD_LEDGER=noop`` replaces the ledger append with nothing, to measure what the ledger
costs under load (issue 15 §5). It lives here, in the bench package, and is read only when
DJANGO_SETTINGS_MODULE is the load test's own settings -- production serves config.wsgi, which
never looks at it: a ledger that silently records nothing must not be one environment
variable away in production.
"""

import os

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

if os.environ.get("SAHIH_LOAD_LEDGER") == "noop":
    if os.environ.get("DJANGO_SETTINGS_MODULE") != "bench.load_settings":
        raise RuntimeError("SAHIH_LOAD_LEDGER=noop is for the load test's settings only")
    from audit import services

    def _no_append(events):
        for pending in events:
            pending.appended = True

    services._append = _no_append
