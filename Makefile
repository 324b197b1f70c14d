# The portal's commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test test-fast regressions lint audit format bench flood two-servers soak lighthouse check-deploy clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: $(STAMP) .env ## Create .venv with every runtime and test dependency (locked, hashed)

$(STAMP): requirements.lock
	@scripts/system-deps.sh build
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

.env:
	@echo "Writing .env with a new random SECRET_KEY (edit it for your deployment)"
	@printf '# Local settings; see .env.example for every variable.\nSECRET_KEY=%s\n' \
		"$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

run: install ## Set up and serve the demo on http://127.0.0.1:$(PORT) (SQLite, DEBUG on)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm is missing: axe-core and the HTML checker cannot be installed (those tests will be skipped)."; \
	fi

test: install ## Run the whole suite, browser tests included
	@scripts/system-deps.sh browser || echo "Browser tests will be reported as skipped."
	@$(MAKE) --no-print-directory node_modules/.installed
	$(PY) manage.py makemigrations --check --dry-run --settings=portal.settings_test > /dev/null
	@scripts/pytest.sh

test-fast: install ## Run the suite without the browser tests
	$(PY) -m pytest -m "not browser" -n auto -q

regressions: install ## Break the code on purpose (tests/README.md) and check that tests fail
	$(PY) scripts/regressions.py

lint: install ## ruff check and format check; import-linter (portal never imports news); the audit
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	@PYTHON=$(PYTHON) scripts/audit.sh

audit: ## Known vulnerabilities in the locked packages (pip-audit; says so when it cannot look)
	@PYTHON=$(PYTHON) scripts/audit.sh

format: install ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install ## Speed against the targets: cached, uncached (× Wagtail), weight, 100k articles on PostgreSQL (N=20000 for a quick run)
	@scripts/system-deps.sh bench
	N=$(N) $(PY) scripts/bench.py

flood: install ## Flood the citizens' forms on loopback (gunicorn, SMTP) and check nothing passes the limits
	$(PY) scripts/flood.py

two-servers: install ## Two gunicorn servers on one PostgreSQL and one Redis: what A does, B shows
	@scripts/system-deps.sh servers || echo "PostgreSQL or Redis is missing: the run will say so."
	$(PY) scripts/two_servers.py

DURATION ?= 60
soak: install ## 64 clients for DURATION s (60) a phase: load, PostgreSQL restarted, Redis stopped; nothing lost
	@scripts/system-deps.sh servers || echo "PostgreSQL or Redis is missing: the run will say so."
	$(PY) -u scripts/soak.py --duration $(DURATION)

lighthouse: install ## Lighthouse (mobile) scores of every kind of public page
	@scripts/system-deps.sh browser
	@scripts/lighthouse.sh

check-deploy: install ## manage.py check --deploy with production settings
	DEBUG=0 HTTPS=1 ALLOWED_HOSTS=portal.example.gov.vn SITE_URL=https://portal.example.gov.vn \
		EMAIL_HOST=$${EMAIL_HOST:-smtp.example.gov.vn} \
		SECRET_KEY="$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		$(PY) manage.py check --deploy --fail-level WARNING

clean: ## Remove the environment, caches and collected static files
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
