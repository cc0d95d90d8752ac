# resolute — `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   := var/demo
LINES  ?= 3000

.PHONY: run test install lint typecheck format docs bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	@test -f $(DEMO)/台账.xlsx || $(BIN)/resolute demo-data --lines $(LINES) --seed 1 --out $(DEMO)/台账.xlsx
	$(BIN)/resolute assess $(DEMO)/台账.xlsx --format xlsx --out $(DEMO)/评估报告.xlsx

test: install lint typecheck
	$(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy resolute

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

docs: install
	$(BIN)/resolute rules --format markdown > docs/rules.md

bench: install
	$(BIN)/python benchmarks/assess.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
