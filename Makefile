# Two commands for a new user: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PROJECTS ?= 300
DEMO_SEED ?= 2026
PYTEST_ARGS ?=
KERN := static/vendor/kern/kern.min.css
HTMX := static/vendor/htmx/htmx.min.js
NODE_MODULES := node_modules/.package-lock.json

.PHONY: run test test-only install install-test install-load assets db demo lint format lock messages clean help bench bench-import bench-intake bench-synergies loadtest

# Production-like settings for measurements (never used to serve anything).
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=measure-only-$$(date +%s)-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost,testserver DJANGO_SECURE_SSL_REDIRECT=0

help:
	@echo "make run      serve the app with demo data on http://$(HOST):$(PORT)/"
	@echo "make test     install what the tests need and run the whole suite"
	@echo "make lint     ruff check and format check"
	@echo "make bench    page benchmark at 100, 5,000 and 50,000 projects on SQLite and PostgreSQL"
	@echo "make bench-import  spreadsheet import/export benchmark only (SQLite and PostgreSQL)"
	@echo "make bench-intake  intake progress view, comparison and exports at 60 offices (SQLite and PostgreSQL)"
	@echo "make bench-synergies  suggestions shown, full recomputation and title hint at 5,000 and 50,000 projects"
	@echo "make loadtest 50 users for 60 s against gunicorn + PostgreSQL on 127.0.0.1"
	@echo "make lock     regenerate requirements/constraints.txt from pyproject.toml"
	@echo "make messages update and compile the German translation"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==25.3"

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[test]"
	@touch $@

$(VENV)/.installed-load: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e ".[load]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-load: $(VENV)/.installed-load

# npm writes node_modules/.package-lock.json on every install: the stamp of `npm ci`.
$(NODE_MODULES): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the front-end assets (KERN, htmx)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(KERN): $(NODE_MODULES)
	rm -rf static/vendor/kern && mkdir -p static/vendor/kern
	cp -r node_modules/@kern-ux/native/dist/kern.min.css node_modules/@kern-ux/native/dist/fonts \
		node_modules/@kern-ux/native/LICENSE.md static/vendor/kern/
	@touch $@

# Its own target: a checkout that already has KERN gets htmx on the next `make`.
$(HTMX): $(NODE_MODULES)
	rm -rf static/vendor/htmx && mkdir -p static/vendor/htmx
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE static/vendor/htmx/
	@touch $@

assets: $(KERN) $(HTMX)

db: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference
	$(BIN)/python manage.py load_questionnaire
	$(BIN)/python manage.py load_handbook
	$(BIN)/python manage.py load_workshop_templates

demo: db
	$(BIN)/python manage.py seed_demo --projects $(DEMO_PROJECTS) --seed $(DEMO_SEED)

run: assets demo
	@echo "Serving on http://$(HOST):$(PORT)/ with the background worker (stop both with Ctrl+C)"
	BIN=$(BIN) scripts/run-dev.sh $(HOST):$(PORT)

test: install-test assets test-only

test-only:
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

bench: install assets
	scripts/postgres-up.sh
	$(PROD_ENV) $(BIN)/python bench/run.py $(BENCH_ARGS)
	$(PROD_ENV) IMPORT_MAX_FILE_SIZE=52428800 $(BIN)/python bench/imports.py
	$(PROD_ENV) $(BIN)/python -m bench.intake_compare --databases sqlite,postgres
	$(PROD_ENV) $(BIN)/python -m bench.synergies --databases sqlite,postgres

bench-synergies: install assets
	scripts/postgres-up.sh
	$(PROD_ENV) $(BIN)/python -m bench.synergies --databases sqlite,postgres

bench-intake: install assets
	scripts/postgres-up.sh
	$(PROD_ENV) $(BIN)/python -m bench.intake_compare --databases sqlite,postgres

bench-import: install assets
	scripts/postgres-up.sh
	$(PROD_ENV) IMPORT_MAX_FILE_SIZE=52428800 $(BIN)/python bench/imports.py

loadtest: install-load assets
	scripts/loadtest.sh

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: $(BIN)/python
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e ".[test,load]"
	(echo "# Exact versions of every package, direct and transitive, for reproducible installs."; \
	 echo "# Regenerate with \`make lock\` after changing pyproject.toml."; \
	 .lock-venv/bin/pip freeze --exclude-editable) > requirements/constraints.txt
	rm -rf .lock-venv

messages: install
	$(BIN)/python manage.py makemessages -l de --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(BIN)/python manage.py compilemessages -l de --ignore=.venv

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles .pytest_cache
