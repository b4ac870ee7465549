# Fail Forward — the two commands: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8866
BIN    := $(VENV)/bin
CHROMIUM_BIN ?= /usr/bin/chromium

.PHONY: serve test install install-test check lint types browser clean prove-hub

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

## test: install the test extra and Chromium, then run every check and test (lint, types, content, unit, notebooks, browser)
test: install-test browser
	$(BIN)/ruff check widgets tests benchmarks
	$(BIN)/mypy
	$(BIN)/fail-forward check
	$(BIN)/python -m pytest

## browser: make sure the browser tests have Chromium (Debian's package, installed here when we can)
browser:
	@if [ -n "$$CHROMIUM" ] && [ -x "$$CHROMIUM" ]; then exit 0; fi; \
	if [ -x $(CHROMIUM_BIN) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make test: installing Debian's chromium for the browser tests"; \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "make test: the browser tests need Chromium: install Debian's package (sudo apt-get install chromium) or set CHROMIUM to a Chromium binary, then run make test again."; \
		exit 1; \
	fi

check: install
	$(BIN)/fail-forward check

## prove-hub: the course on JupyterHub, end to end on 127.0.0.1 (not part of `make test`)
prove-hub: install-test
	deploy/prove-local-hub.sh

lint: install-test
	$(BIN)/ruff check widgets tests benchmarks

types: install-test
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .pytest_cache
