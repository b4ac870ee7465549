# Fail Forward — the two commands: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8866
BIN    := $(VENV)/bin

.PHONY: serve test install install-test check lint clean prove-hub

# Create the virtualenv if it's missing.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install (again) only when the project's metadata changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## serve: start Voila on the course at 127.0.0.1:$(PORT) and print the welcome lesson's URL
serve: install
	PORT=$(PORT) $(BIN)/fail-forward serve $(SERVE_ARGS)

## test: install the test extra and run every test (unit, notebooks, browser)
test: install-test
	$(BIN)/ruff check widgets tests benchmarks
	$(BIN)/fail-forward check
	$(BIN)/python -m pytest

check: install
	$(BIN)/fail-forward check

## prove-hub: the course on JupyterHub, end to end on 127.0.0.1 (not part of `make test`)
prove-hub: install-test
	deploy/prove-local-hub.sh

lint: install-test
	$(BIN)/ruff check widgets tests benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
