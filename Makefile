# resolute — `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LINES  ?= 10000
PORT   ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export DJANGO_SETTINGS_MODULE := resolute.web.settings

.PHONY: run test test-fast test-sqlite test-postgres test-browser install lint typecheck format docs bench bench-web clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo --lines $(LINES)
	$(BIN)/python manage.py collectstatic --noinput -v0
	@echo "在浏览器中打开 http://127.0.0.1:$(PORT)/ （Ctrl+C 停止）"
	@# One background worker (assessments, reading uploads) beside gunicorn; Ctrl+C stops
	@# gunicorn, and leaving stops the worker (it finishes the task at hand first).
	@$(BIN)/python manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn resolute.web.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile -

test: install lint typecheck test-sqlite test-postgres test-browser

# Every test target passes -m "" so that the slow tests, which a bare `pytest` leaves out
# (pyproject.toml), run too: `make test` and CI run every test.
ALL := -m ""

# While working: the tests without the slow ones (servers, fuzzing, province-sized data, PDFs).
test-fast: install
	$(BIN)/pytest -n 2 -m "not slow" --ignore=tests/browser

# The browser tests need a live server and a browser of their own: not under xdist (below).
test-sqlite: install
	$(BIN)/pytest -n 2 $(ALL) --ignore=tests/browser

# The web tests again on PostgreSQL when one answers (CI always has one: there it must).
test-postgres: install
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 $(ALL) tests/web; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL at $(PG_URL) does not answer" >&2; exit 1; \
	else echo "PostgreSQL 不可达（$(PG_URL)），跳过 PostgreSQL 上的测试"; fi

# Chromium driven by Playwright against a live server, one test at a time (CI installs
# Chromium in .ci/run; elsewhere they skip without it). Screenshots: test-artifacts/browser/.
test-browser: install
	$(BIN)/pytest tests/browser -p no:xdist $(ALL)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run -v0

typecheck: install
	$(BIN)/mypy resolute

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs: install
	$(BIN)/resolute rules --format markdown > docs/rules.md
	$(BIN)/python -c "from resolute.docs import ledger_markdown; print(ledger_markdown(), end='')" > docs/ledger.md

bench: install
	$(BIN)/python benchmarks/assess.py

# Pages and API under 20 clients on PostgreSQL (DATABASE_URL, default …/resolute_bench,
# recreated): by hand only, several minutes.
bench-web: install
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
