# Zicht: `make run` starts the app on SQLite, `make test` runs every check on SQLite and PostgreSQL.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= zicht.web.settings
# Debian's Chromium for the browser tests; tests/browser/conftest.py reads the same variable.
export ZICHT_CHROMIUM ?= /usr/bin/chromium
PG_START := pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | sort -V | tail -n1) main start

.PHONY: venv run test test-sqlite test-postgres postgres chromium pango spectral

venv: pango $(VENV)/.installed

# Re-installs only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Development: ZICHT_DEBUG=1 unless set, so the public development keys apply (production fails
# closed without ZICHT_SECRET_KEY and ZICHT_KETEN_SLEUTELS).
run: export ZICHT_DEBUG ?= 1
run: venv
	mkdir -p var
	$(BIN)/python -m django migrate --noinput
	if $(BIN)/zicht --help | grep -qw demo; then $(BIN)/zicht demo; fi
	# Web server, worker and scheduler together; when one stops (or Ctrl-C), all three stop.
	trap 'trap - EXIT INT TERM; kill $$(jobs -p) 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/python -m django db_worker --no-reload & \
	$(BIN)/python -m django planner & \
	$(BIN)/python -m django runserver 127.0.0.1:8000 & \
	wait -n

test: venv chromium pango spectral
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory postgres
	$(MAKE) --no-print-directory test-postgres

# Spectral (npm) lints the served OpenAPI documents with the NL API Design Rules (tests/api);
# installed from the committed lock file, again only when that changes.
SPECTRAL := tools/spectral/node_modules/.bin/spectral
spectral: $(SPECTRAL)

$(SPECTRAL): tools/spectral/package-lock.json
	npm ci --prefix tools/spectral --no-audit --no-fund --loglevel=error
	touch $@

test-sqlite: venv
	$(BIN)/pytest

# PostgreSQL as in production (issue #16): a fresh test database owned by zicht_eigenaar, which
# migrates it; the tests run as zicht_app, which owns nothing and may only read and append to
# the events and the access log. What only the owner may (the suite's flush, a DBA's tampering,
# the fast rebuild's DDL, restore) runs as ZICHT_PG_TEST_EIGENAAR (zicht.vertrouwen.rollen).
PG_TESTDB := test_$(or $(ZICHT_PG_NAME),zicht)
PG_BEHEER := -h 127.0.0.1 -U postgres
PG_INRICHTEN := ZICHT_DEBUG=1 ZICHT_DB=postgres ZICHT_PG_NAME=$(PG_TESTDB)

test-postgres: venv
	dropdb $(PG_BEHEER) --if-exists --force $(PG_TESTDB)
	createdb $(PG_BEHEER) $(PG_TESTDB)
	$(PG_INRICHTEN) $(BIN)/zicht db-rollen
	$(PG_INRICHTEN) ZICHT_PG_USER=zicht_eigenaar $(BIN)/zicht beheer migrate --noinput -v 0
	$(PG_INRICHTEN) $(BIN)/zicht db-rollen --alleen-rechten
	ZICHT_DB=postgres ZICHT_PG_USER=zicht_app ZICHT_PG_TEST_EIGENAAR=zicht_eigenaar \
	  $(BIN)/pytest --reuse-db

# Starts the local PostgreSQL cluster when it is down (needs root, as on CI).
postgres:
	@pg_isready -q -h 127.0.0.1 || { \
	  if [ "$$(id -u)" = 0 ]; then $(PG_START); else \
	    echo "PostgreSQL draait niet op 127.0.0.1:5432; start het en probeer opnieuw." >&2; exit 1; fi; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 && exit 0; sleep 1; done; exit 1; }

# The browser tests (tests/browser, marker `browser`) drive Debian's Chromium through Playwright;
# installs it, with its Dutch language pack (date and time fields as in the Netherlands), when
# missing (needs root, as on CI). Playwright's own browser download is not used.
chromium:
	@test -x $(ZICHT_CHROMIUM) && test -f /usr/lib/chromium/locales/nl.pak || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-l10n; else \
	    echo "Chromium of zijn Nederlandse taal ontbreekt ($(ZICHT_CHROMIUM)); installeer als root: apt-get install chromium chromium-l10n" >&2; \
	    exit 1; fi; }

# WeasyPrint (the regie's yearly report as PDF) needs Debian's Pango; installs it when missing
# (needs root, as on CI).
pango:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core; else \
	    echo "Pango ontbreekt (WeasyPrint); installeer als root: apt-get install libpango-1.0-0 libpangoft2-1.0-0" >&2; \
	    exit 1; fi; }
