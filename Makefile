# taxmap: the two everyday commands are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9

.PHONY: help install frontend system-packages demo test lint fmt typecheck unit integration db-up db-down clean lock bench-import bench-roll bench-engine bench-edits bench-tiles bench-load bench-notices bench-overlay

help:
	@echo "make demo   install, provision PostGIS, load the Bua Lai pilot, serve http://127.0.0.1:8000"
	@echo "make test   lint, type-check and run the whole test suite against a real PostGIS"

install: system-packages $(VENV)/.installed frontend

system-packages:
	@scripts/install-system-packages.sh

$(BIN)/uv:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/uv requirements.lock pyproject.toml
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

# The browser app: OpenLayers from the npm registry, bundled with esbuild into web/static/app/.
frontend: web/static/app/.built

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/static/app/.built: frontend/node_modules/.installed frontend/build.mjs $(wildcard frontend/src/*.js frontend/src/*/*.js frontend/src/*.css)
	cd frontend && npm run --silent build
	@touch $@

demo: install
	$(BIN)/taxmap demo run

test: install lint typecheck
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Fix what the linters can fix by themselves (import order, formatting).
fmt: $(VENV)/.installed
	$(BIN)/ruff format --quiet .
	-$(BIN)/ruff check --fix --quiet .
	$(BIN)/ruff format --quiet .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

unit: $(VENV)/.installed
	$(BIN)/python -m pytest -q tests/unit

integration: install
	$(BIN)/python -m pytest -q tests/integration

db-up: install
	$(BIN)/taxmap db up && $(BIN)/taxmap db migrate

db-down:
	$(BIN)/taxmap db down

# Benchmarks (numbers go in BENCHMARKS.md); not part of `make test`.
bench-import: install
	$(BIN)/python benchmarks/bench_import.py

bench-roll: install
	$(BIN)/python benchmarks/bench_roll.py $(ARGS)

bench-engine: install
	$(BIN)/python benchmarks/bench_engine.py

bench-edits: install
	$(BIN)/python benchmarks/bench_edits.py

bench-overlay: install
	$(BIN)/python benchmarks/bench_overlay.py

# 10,000 synthetic notices to PDF, one file each, then the print file (ARGS="--notices 1000").
bench-notices: install
	$(BIN)/python benchmarks/bench_notices.py $(ARGS)

bench-tiles: install
	$(BIN)/python benchmarks/bench_tiles.py $(ARGS)

# 50 map viewers and 5 editors for 2 minutes on the 1M-parcel LAO (loopback; ARGS="--seconds 30").
bench-load: install
	$(BIN)/python benchmarks/bench_load.py $(ARGS)

# Re-resolve the pinned dependencies after editing pyproject.toml.
lock: $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	-$(BIN)/taxmap db down
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
