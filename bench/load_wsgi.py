"""gunicorn's entry point in the load test (bench/load.py).

``SAHIH_LOAD_LEDGER=noop`` replaces the ledger append with nothing, to measure what the ledger
costs under load (issue 15 §5). Nothing is left of the append: not the head's lock, the
canonical body, the SHA-256, the row or the witness line -- what ``record()`` does before it
(checking the action, normalising the data) still runs. That is a fair "without the ledger"
because no request of the load reads the events it would have written: the signing reads the
ledger's length from its high-water mark (which then stays put), and the inspectors read
timelines of effective cases, nearly all made effective before the run (one that became
effective during it has a shorter timeline here: a bias that makes the ledger look costlier,
not cheaper). The ledger checkpoint must refuse such a
ledger, so bench/load_settings.py leaves it out of this variant's beat. It lives here, in the bench package, and is read only when
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
