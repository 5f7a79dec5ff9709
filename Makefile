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

.PHONY: run test test-dates lint format bench messages screenshots decree-pages clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sahih needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

run: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo
	$(RUN_ENV) $(BIN)/python manage.py signing_devca --if-missing
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The date-sensitive tests (marker `dates`, see DATE_SENSITIVE in tests/conftest.py) run again
# with the clock pinned on the calendar's awkward days: New Year's Day, early and late
# December (a TMT in the next year) and a leap day. On SQLite only, to keep CI short.
TEST_DAYS := 2027-01-01 2026-12-02 2026-12-31 2028-02-29

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2
	@if [ -z "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-dates; fi

test-dates: $(STAMP)
	@set -e; for day in $(TEST_DAYS); do \
		echo "== the date-sensitive tests on $$day"; \
		SAHIH_TEST_TODAY=$$day $(BIN)/python -m pytest -n 2 -m dates; \
	done

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

# The Indonesian catalogue: extract the msgids into locale/id/LC_MESSAGES/django.po (needs GNU
# gettext), translate what is new there, then run this again to compile the .mo. Commit both
# files: a fresh machine has no gettext tools. tests/test_translations.py extracts with the
# --ignore patterns of the makemessages line below.
messages: $(STAMP)
	$(RUN_ENV) $(BIN)/python manage.py makemessages --locale id --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'node_modules/*'
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --locale id --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
