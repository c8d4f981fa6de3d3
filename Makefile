# One command to run the service, one to run the tests; each sets up what it needs.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup run test migrate lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

setup: $(BIN)/.installed

run: setup          ## start the service on an embedded PostgreSQL in .data/
	$(BIN)/claims run

test: setup         ## the whole suite: embedded PostgreSQL, and 127.0.0.1:5432 when one answers
	$(BIN)/pytest

migrate: setup
	$(BIN)/claims migrate

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/pytest tests/benchmarks -s -q --benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
