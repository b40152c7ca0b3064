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

STEP := scripts/step
# Tools' output goes to this log; each step prints one line, and a failed step points here.
LOA_SETUP_LOG ?= var/setup.log
export LOA_SETUP_LOG

.PHONY: run setup banner apt venv node db demo test check lint typecheck format bench clean clone-check

run: demo ## set everything up, load the demo and serve the web desk
	@echo "Xem nhanh dữ liệu / a tour: $(BIN)/loa tour — dừng / stop: Ctrl+C"
	@$(BIN)/loa serve

setup: apt venv node

banner:
	@echo "Loa: chuẩn bị / setting up (chi tiết / details: $(LOA_SETUP_LOG))"

apt: banner ## install missing Debian packages (needs root or sudo; otherwise says what to install)
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -z "$$missing" ]; then echo "  • Gói Debian / Debian packages … đã có / present"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else \
	  echo "Thiếu gói Debian / missing Debian packages:$$missing"; \
	  echo "Cài bằng / install with: sudo apt-get install$$missing"; exit 1; fi; \
	$(STEP) "Gói Debian:$$missing" "Debian packages:$$missing" -- \
	  sh -c "$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q$$missing"

venv: banner
	@if [ -f $(VENV)/.installed ] && [ $(VENV)/.installed -nt pyproject.toml ] && [ $(VENV)/.installed -nt constraints.txt ]; then \
	  echo "  • Môi trường Python / Python environment ($(VENV)) … đã có / present"; \
	else \
	  $(STEP) "Môi trường Python" "Python environment ($(VENV))" -- \
	    sh -c '$(PYTHON) -m venv $(VENV) && $(BIN)/pip install -c constraints.txt -e ".[dev]" && touch $(VENV)/.installed'; \
	fi

node: banner ## npm packages the browser tests use (axe-core)
	@if [ -f node_modules/.installed ] && [ node_modules/.installed -nt package-lock.json ]; then \
	  echo "  • Gói npm / npm packages … đã có / present"; \
	else \
	  $(STEP) "Gói npm cho kiểm thử trình duyệt" "npm packages for the browser tests" -- \
	    sh -c 'npm ci --no-audit --no-fund && touch node_modules/.installed'; \
	fi

db: apt venv ## create or upgrade the embedded database (var/loa.db) and load the directory
	@$(STEP) "Cơ sở dữ liệu và danh mục hành chính" "database and administrative directory" -- $(BIN)/loa init

demo: db ## load the Bắc Giang demonstration (shipped inside the package)
	@$(STEP) --show "Dữ liệu trình diễn Bắc Giang" "Bắc Giang demonstration data" -- $(BIN)/loa demo --quiet

test: setup ## run the suite on SQLite and PostgreSQL, one worker per CPU (pytest-xdist)
	$(BIN)/pytest -n auto

clone-check: ## clone into an empty folder, install from it and run loa init, demo and tour there
	bash scripts/clone-check

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

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
