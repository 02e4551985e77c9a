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

.PHONY: run test test-only install install-test assets db demo lint format lock messages clean help

help:
	@echo "make run      serve the app with demo data on http://$(HOST):$(PORT)/"
	@echo "make test     install what the tests need and run the whole suite"
	@echo "make lint     ruff check and format check"
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

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(KERN): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the KERN design system assets"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor/kern && mkdir -p static/vendor/kern
	cp -r node_modules/@kern-ux/native/dist/kern.min.css node_modules/@kern-ux/native/dist/fonts \
		node_modules/@kern-ux/native/LICENSE.md static/vendor/kern/
	@touch $@

assets: $(KERN)

db: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference

demo: db
	$(BIN)/python manage.py seed_demo --projects $(DEMO_PROJECTS) --seed $(DEMO_SEED)

run: assets demo
	@echo "Serving on http://$(HOST):$(PORT)/ (stop with Ctrl+C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install-test assets test-only

test-only:
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

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
