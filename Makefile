# One command to run the service, one to run the tests; each sets up what it needs.
# (The editable install's notices about its build folder are setuptools' own: silenced.)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup run test migrate lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	PYTHONWARNINGS=ignore::UserWarning $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

run: setup          ## start the service on an embedded PostgreSQL in .data/
	$(BIN)/claims run

test: setup         ## the whole suite (embedded PostgreSQL, and 127.0.0.1:5432 when one answers), then integration/ and api/ encrypted (embedded)
	$(BIN)/pytest
	@echo "--- again, the PostgreSQL tiers with the events encrypted at rest (CLAIMS_TEST_CIPHER=1)"
	CLAIMS_TEST_CIPHER=1 CLAIMS_TEST_EXTERNAL_PG=off $(BIN)/pytest tests/integration tests/api

migrate: setup
	$(BIN)/claims migrate

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/pytest tests/benchmarks -s -q --benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
