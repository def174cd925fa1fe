# Zicht: `make run` starts the app on SQLite, `make test` runs every check on SQLite and PostgreSQL.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= zicht.web.settings
# Debian's Chromium for the browser tests; tests/browser/conftest.py reads the same variable.
export ZICHT_CHROMIUM ?= /usr/bin/chromium
PG_START := pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n1) main start

.PHONY: venv run test test-sqlite test-postgres postgres chromium pango

venv: pango $(VENV)/.installed

# Re-installs only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: venv
	mkdir -p var
	$(BIN)/python -m django migrate --noinput
	if $(BIN)/zicht --help | grep -qw demo; then $(BIN)/zicht demo; fi
	ZICHT_DEBUG=$${ZICHT_DEBUG:-1} $(BIN)/python -m django runserver 127.0.0.1:8000

test: venv chromium
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory postgres
	$(MAKE) --no-print-directory test-postgres

test-sqlite: venv
	$(BIN)/pytest

test-postgres: venv
	ZICHT_DB=postgres $(BIN)/pytest

# Starts the local PostgreSQL cluster when it is down (needs root, as on CI).
postgres:
	@pg_isready -q -h 127.0.0.1 || { \
	  if [ "$$(id -u)" = 0 ]; then $(PG_START); else \
	    echo "PostgreSQL draait niet op 127.0.0.1:5432; start het en probeer opnieuw." >&2; exit 1; fi; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 && exit 0; sleep 1; done; exit 1; }

# The browser tests (tests/browser, marker `browser`) drive Debian's Chromium through Playwright;
# installs it when missing (needs root, as on CI). Playwright's own browser download is not used.
chromium:
	@test -x $(ZICHT_CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; else \
	    echo "Chromium ontbreekt ($(ZICHT_CHROMIUM)); installeer het als root: apt-get install chromium" >&2; \
	    exit 1; fi; }

# WeasyPrint (the case documents) draws text with Debian's pango; installs it when missing
# (needs root, as on CI).
pango:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; else \
	    echo "Pango ontbreekt (voor WeasyPrint); installeer het als root: apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2; \
	    exit 1; fi; }
