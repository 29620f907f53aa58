# Quick start: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit browser-deps bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/storyfold brief examples/harbor-bridge/ --format md
	@mkdir -p out
	@$(BIN)/storyfold brief examples/harbor-bridge/ --format html -q -o out/harbor-bridge.html 2>/dev/null
	@echo "In a browser: open file://$$(pwd)/out/harbor-bridge.html (works offline), or run $(BIN)/storyfold ingest examples/harbor-bridge/ --db out/demo.db && $(BIN)/storyfold serve --db out/demo.db and open http://127.0.0.1:8000/"

# Chromium drives the HTML brief in a real browser; Debian's package, never a download
# of Playwright's own browser. Tests that need it skip with a reason where it is absent.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: browser tests will be skipped"; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: $(STAMP) browser-deps lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/brief_speed.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
