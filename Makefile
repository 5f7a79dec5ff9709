# Two commands matter: `make run` (demo on http://127.0.0.1:$(PORT)) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
# The demo runs with DEBUG on so the development secret is accepted; production sets
# SECRET_KEY and leaves DEBUG off (see README, "Configuration").
# SAHIH_ERROR_PAGES_IN_DEBUG: the demo shows the product's own 403/404/500 pages, not Django's.
RUN_ENV := DEBUG=1 SAHIH_ERROR_PAGES_IN_DEBUG=1
# `make run SIGNING=standin` signs through the local stand-in for BSrE (development only, never
# BSrE): the signing page asks for the passphrase, "rahasia" (docs/signing.md, "The stand-in").
SIGNING ?= local
STANDIN_PORT ?= 8765
ifeq ($(SIGNING),standin)
RUN_ENV += SAHIH_SIGNING_BACKEND=decisions.signing.bsre.BsreSigner \
	SAHIH_BSRE_URL=http://127.0.0.1:$(STANDIN_PORT) SAHIH_BSRE_CLIENT_ID=sahih \
	SAHIH_BSRE_CLIENT_SECRET=sahih-standin SAHIH_SIGNING_TRUST_BSRE=$(CURDIR)/var/bsre-standin/ca-cert.pem
endif

.PHONY: run test test-dates lint format layers bench bench-pages bench-scale bench-load messages screenshots decree-pages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sahih needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

# axe-core (package.json, pinned in package-lock.json) is injected into pages by the browser
# tests' accessibility check; without npm that test fails, saying how to install it.
$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt package-lock.json
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm is missing: install Node.js 20 for the accessibility test (axe-core)"; fi
	@touch $(STAMP)

run: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py signing_devca --if-missing
	$(RUN_ENV) $(BIN)/python manage.py seed_public_demo
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
ifeq ($(SIGNING),standin)
	$(RUN_ENV) $(BIN)/python manage.py bsre_standin --port $(STANDIN_PORT) & standin=$$!; \
	trap 'kill $$standin' EXIT INT TERM; \
	$(RUN_ENV) SAHIH_STATIC_FROM_APPS=0 $(BIN)/python manage.py runserver --nostatic 127.0.0.1:$(PORT)
else
	$(RUN_ENV) SAHIH_STATIC_FROM_APPS=0 $(BIN)/python manage.py runserver --nostatic 127.0.0.1:$(PORT)
endif

# The date-sensitive tests (marker `dates`, see DATE_SENSITIVE in tests/conftest.py) run again
# with the clock pinned on the calendar's awkward days: New Year's Day, early and late
# December (a TMT in the next year) and a leap day. On SQLite only, to keep CI short; for the
# same reason the browser tests (the pages, whatever the database) run on SQLite only.
TEST_DAYS := 2027-01-01 2026-12-02 2026-12-31 2028-02-29

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2 $(if $(DATABASE_URL),-m "not browser")
	@if [ -z "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-dates; fi

test-dates: $(STAMP)
	@set -e; for day in $(TEST_DAYS); do \
		echo "== the date-sensitive tests on $$day"; \
		SAHIH_TEST_TODAY=$$day $(BIN)/python -m pytest -n 2 -m dates; \
	done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# docs/layers.svg, the picture of docs/architecture.md, from the imports the code has
# (tests/test_layers.py fails when it is out of date).
layers: $(STAMP)
	$(BIN)/python docs/layers.py

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The user guide's pictures: the browser tests, saving their screenshots into docs/.
screenshots: $(STAMP)
	SAHIH_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/browser -m browser -p no:xdist

# The page images of docs/decrees.md: one signed page of each kind of SK.
decree-pages: $(STAMP)
	SAHIH_DECREE_PAGES=$(CURDIR)/docs/decrees $(BIN)/python -m pytest tests/decisions/test_decree_pages.py -p no:xdist

bench: $(STAMP)
	$(BIN)/python -m bench

# The weight of every role's pages, first and repeat load, in a production-like server
# (DEBUG off, collected static files); rewrites only its section of docs/benchmarks.md
# (`make bench` runs it too, with everything else).
bench-pages: $(STAMP)
	$(BIN)/python -m bench.pages --write

# Issue 15 §4: the pages at 1,000 and 100,000 generated cases (bench/scale.py), each timed and
# its statements counted, the two sizes measured in turns; needs PostgreSQL (DATABASE_URL; the
# cities go into test_<name>_1000 and test_<name>_100000, made and dropped); about half an hour.
# Rewrites only its section of docs/benchmarks.md; not part of `make bench`.
SCALE_SIZES ?= 1000 100000
bench-scale: $(STAMP)
	$(BIN)/python -m bench --scale $(SCALE_SIZES) --paired 5 --repeat 2 --write

# Issue 15 §5: Locust against gunicorn (1 and 2 workers, and with a no-op ledger append) on
# PostgreSQL at 127.0.0.1, with the Celery worker and beat on Redis (bench/load.py). Its own
# databases (sahih_perf_load*), Redis databases 11 and 12; every process it starts is ended,
# also on failure. Rewrites only its section of docs/benchmarks.md.
bench-load: $(STAMP)
	$(BIN)/python -m bench.load --write

# The Indonesian catalogue: extract the msgids into locale/id/LC_MESSAGES/django.po (needs GNU
# gettext), translate what is new there, then run this again to compile the .mo. Commit both
# files: a fresh machine has no gettext tools. tests/test_translations.py extracts with the
# --ignore patterns of the makemessages line below.
messages: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py makemessages --locale id --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'node_modules/*'
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --locale id --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
