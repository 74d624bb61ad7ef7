# Quick start: `make run` serves the site on SQLite with demo data; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1:8000
# The links in emails follow the address served, unless SITE_URL says otherwise (a public name, a proxy in front),
# in the environment or in .env.
SITE_URL ?= $(or $(shell sed -n 's/^SITE_URL=//p' .env 2>/dev/null),http://$(HOST))

.PHONY: install run test lint format worker beat bench bench-national cluster-test

# The environment is marked with the hash of the pinned requirements, not their date: a virtual environment kept from an
# earlier checkout (a cache, a copy) is brought up to date as soon as the pins differ.
REQUIREMENTS_HASH := $(shell cat requirements/base.txt requirements/dev.txt | sha256sum | cut -c1-16)
INSTALLED := $(VENV)/.installed-$(REQUIREMENTS_HASH)

$(INSTALLED): requirements/base.txt requirements/dev.txt
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --requirement requirements/base.txt --requirement requirements/dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# The local OpenID Connect provider that the tests log in with, set up like ProConnect: Node packages from its lock file.
OIDC_PROVIDER := tests/oidc_provider
$(OIDC_PROVIDER)/node_modules/.package-lock.json: $(OIDC_PROVIDER)/package-lock.json
	npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund

install: $(INSTALLED) $(OIDC_PROVIDER)/node_modules/.package-lock.json

run: export SITE_URL := $(SITE_URL)
run: $(INSTALLED)
	$(MANAGE) migrate --no-input
	$(MANAGE) import_communes
	$(MANAGE) load_demo
	@echo "La Boussole des jeunes tourne sur http://$(HOST)/"
	DEBUG=true $(MANAGE) runserver $(HOST)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_sizes.py
	$(BIN)/djlint --check templates
	$(BIN)/djlint --lint templates
	$(MANAGE) makemigrations --check --dry-run

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint --reformat templates

worker: $(INSTALLED)
	$(BIN)/celery --app boussole worker --loglevel INFO

beat: $(INSTALLED)
	$(BIN)/celery --app boussole beat --loglevel INFO

BENCH_SQLITE_URL ?= sqlite:///$(CURDIR)/.bench/bench.sqlite3
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/boussole_bench

# Only the tables: no email bodies, task or library logs in between.
BENCH_ENV = LOG_LEVEL=ERROR EMAIL_PROVIDER=locmem

bench: $(INSTALLED)
	mkdir -p .bench
	$(BENCH_ENV) DATABASE_URL=$(BENCH_SQLITE_URL) $(MANAGE) bench
	createdb --host 127.0.0.1 --username postgres $(notdir $(BENCH_POSTGRES_URL)) 2>/dev/null || true
	$(BENCH_ENV) DATABASE_URL=$(BENCH_POSTGRES_URL) $(MANAGE) bench
	$(BENCH_ENV) DATABASE_URL=$(BENCH_POSTGRES_URL) $(MANAGE) bench_http

# The production topology on this machine, with real hosts (network namespaces), broken on purpose under load: see
# "Le test de grappe" in the README. As root; HAProxy comes from Debian.
cluster-test: $(INSTALLED)
	command -v haproxy >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends haproxy; }
	$(BIN)/python -m tests.cluster.run

# A year of a national service (45 territories, 1,000,000 requests, 10,000,000 searches), on its own PostgreSQL
# database: loaded once (minutes), kept for the next runs.
BENCH_NATIONAL_URL ?= postgres://postgres@127.0.0.1:5432/boussole_national

bench-national: $(INSTALLED)
	createdb --host 127.0.0.1 --username postgres $(notdir $(BENCH_NATIONAL_URL)) 2>/dev/null || true
	$(BENCH_ENV) DATABASE_URL=$(BENCH_NATIONAL_URL) $(MANAGE) bench_national
