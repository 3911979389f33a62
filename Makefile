# 绿色工厂平台 — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := gettext fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 chromium
PG_PACKAGES := postgresql
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help demo test test-fast test-pg lint format messages messages-update system-packages pg-packages serve worker clean

help:
	@echo "make demo   install, migrate, load the demo data, serve on http://127.0.0.1:$(PORT) with the task worker"
	@echo "make test   the whole test suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)"

# ---- installation -------------------------------------------------------------------------
system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

pg-packages:
	@dpkg -s $(PG_PACKAGES) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(PG_PACKAGES); }

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

messages: $(BIN)/.installed
	@cd src/greenfactory && DJANGO_ENV=test ../../$(BIN)/django-admin compilemessages --settings=greenfactory.settings --pythonpath=.. -v0

messages-update: $(BIN)/.installed
	cd src/greenfactory && DJANGO_ENV=test ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --no-location --settings=greenfactory.settings --pythonpath=.. -v0

# ---- the two commands ---------------------------------------------------------------------
# Certificate QR codes and e-mail links point at the port the demo is served on.
demo: export PLATFORM_URL ?= http://127.0.0.1:$(PORT)
demo: system-packages $(BIN)/.installed messages
	DJANGO_ENV=demo $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_ENV=demo $(BIN)/python manage.py createcachetable
	DJANGO_ENV=demo $(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops the server and the task worker)"
	@DJANGO_ENV=demo $(BIN)/python manage.py db_worker --queue-name '*' & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	DJANGO_ENV=demo $(BIN)/gunicorn greenfactory.wsgi --config python:greenfactory.gunicorn_conf --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - --chdir src

# The current second-factor code of a demo officer or administrator: make code LOGIN=city
.PHONY: code
code:
	@DJANGO_ENV=demo $(BIN)/python manage.py totp_code $(LOGIN)

# The suite keeps Python's compiled files (and pytest's rewritten test modules): compiling
# and rewriting every module again costs each worker about 10 s (docs/decisions.md §88).
test: system-packages $(BIN)/.installed messages
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no test: failing"; exit 1; fi; exit $$status

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var/ test-artifacts/

# The long schemathesis run of the API (docs/security.md): API_FUZZ_EXAMPLES examples per
# operation, mode and persona; the normal suite runs 2.
API_FUZZ_EXAMPLES ?= 40
.PHONY: api-fuzz
api-fuzz: $(BIN)/.installed messages
	API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) $(BIN)/python -m pytest -n 2 -s \
	  tests/api/test_schemathesis.py

# Benchmarks on generated provinces (kept in var/bench/; delete it to regenerate); writes
# docs/benchmarks.md. One section: make bench BENCH_ARGS="--only queries --sizes 10,1000"
.PHONY: bench
bench: $(BIN)/.installed messages
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }
	DJANGO_ENV=demo $(BIN)/python manage.py run_benchmarks $(BENCH_ARGS)
