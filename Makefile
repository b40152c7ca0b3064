# Loa: `make run` sets everything up and runs the demo; `make test` sets up and runs the suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
# Debian packages Loa needs: OCR for scanned dispatches (Vietnamese model), fonts for documents,
# Vietnamese speech (espeak-ng) and MP3 encoding (lame) for loudspeaker audio; Chromium for the
# browser tests. Node.js with npm (for axe-core) is installed from Debian only when no `npm` is
# on the PATH, so a Node.js from elsewhere is left alone.
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie fonts-liberation2 fonts-dejavu-core espeak-ng lame \
	chromium
# PostgreSQL used by the suite next to SQLite (trust auth on this machine and in CI).
LOA_TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export LOA_TEST_PG_URL

.PHONY: run setup apt venv node db demo test check lint typecheck format bench clean

run: demo ## set everything up, load the demo, show the tour and serve the web desk
	$(BIN)/loa tour
	$(BIN)/loa serve

setup: apt venv node

node: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

apt: ## install missing Debian packages (needs root or sudo; otherwise says what to install)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else \
	    echo "Thiếu gói Debian / missing Debian packages:$$missing (apt-get install$$missing)"; exit 1; fi; \
	  echo "apt-get install$$missing"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

db: setup ## create or upgrade the embedded database (var/loa.db) and load the directory
	$(BIN)/loa init

demo: db ## load the Bắc Giang demonstration
	$(BIN)/loa demo

test: setup ## run the suite on SQLite and PostgreSQL
	$(BIN)/pytest

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

check: setup lint typecheck test ## ruff, mypy (strict) and the tests

format:
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: setup ## print the performance figures (see bench/README.md and docs/performance.md)
	$(BIN)/python bench/directives_eval.py
	$(BIN)/python bench/situation.py
	$(BIN)/python bench/bulletins.py
	$(BIN)/python bench/listening_eval.py
	$(BIN)/python bench/listening.py
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .mypy_cache .ruff_cache
