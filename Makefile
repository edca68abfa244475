# The only commands a newcomer needs. `make help` lists them.
# Everything bootstraps itself: a fresh Debian machine with Python 3.11 and Node 20 needs nothing else.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# The path the site is published under: "/" (a domain's root) or e.g. /tbsc55/. Only the 404 pages depend on it.
BASE   ?= /
# The origin the site is published at (https://example.org): only the changelog's Atom feeds need absolute URLs.
SITE_URL ?= http://127.0.0.1:$(PORT)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

# --- bootstrap -------------------------------------------------------------------------------------------
$(VENV)/.stamp: requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Debian's packages the browser tests need, installed when missing (never `playwright install`, which downloads a
# browser and fails on a closed network): Chromium; nginx, for the test of deploy/nginx.conf; the Noto CJK fonts,
# because the pages are Chinese and a reader's machine has a Chinese font (without one, every Chinese glyph of a
# screenshot is a box, and the calculator's targets are measured under it too: tests/browser/test_targets.py).
SYSTEM_PACKAGES := chromium nginx fonts-noto-cjk
# What the site's build needs from Debian, for the PDFs (build_tools/pdf_hook.py, WeasyPrint from PyPI): Pango and
# HarfBuzz's subsetter (WeasyPrint's documented libraries for Debian) and the Noto CJK fonts the PDFs embed.
SITE_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Install the Debian packages named in $(1) that are missing (one apt-get run, only when something is missing).
define debian_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

.PHONY: system
system: ## Install Debian's chromium, nginx and fonts-noto-cjk when missing (the browser tests need them)
	$(call debian_install,$(SYSTEM_PACKAGES))

.PHONY: site-system
site-system: ## Install Debian's Pango and Noto CJK fonts when missing (the site's PDFs need them)
	$(call debian_install,$(SITE_PACKAGES))

.PHONY: chromium nginx
chromium nginx: system

# From npm, pinned exactly in package.json and package-lock.json: Pyodide (the calculator), Pagefind (the search
# index, built by build_tools/pagefind_hook.py) and axe-core (the accessibility tests, tests/site/test_accessibility.py).
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: bootstrap
bootstrap: $(VENV)/.stamp node_modules/.stamp ## Create .venv and node_modules with the pinned tools

# --- the site --------------------------------------------------------------------------------------------
.PHONY: site
site: bootstrap node_modules/.stamp site-system ## Build both languages of the site into site/ (strict; BASE=/sub/path/ and SITE_URL=https://host to publish there)
	rm -rf site
	TBSC55_BASE='$(BASE)' TBSC55_SITE_URL='$(SITE_URL)' NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict -f mkdocs.yml
	TBSC55_BASE='$(BASE)' TBSC55_SITE_URL='$(SITE_URL)' NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict -f mkdocs.en.yml

.PHONY: serve
serve: site ## Build, then serve the site at http://127.0.0.1:$(PORT)$(BASE)
	@echo "Serving http://127.0.0.1:$(PORT)$(BASE) (中文 zh/, English en/); Ctrl-C stops"
	$(PY) -m build_tools.serve --port $(PORT) --base '$(BASE)' site

# --- checks ----------------------------------------------------------------------------------------------
.PHONY: lint
lint: bootstrap ## ruff, mypy --strict on scoring/ and build_tools/, and TypeScript's check of the calculator's JavaScript
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check scoring tests benchmarks build_tools
	$(VENV)/bin/mypy
	$(PY) -m build_tools.words
	node_modules/.bin/tsc --noEmit -p tsconfig.json

.PHONY: test
# Two workers that take tests from each other's queues once their own is empty (worksteal): with xdist's default
# scheduling, one worker was left with the slow browser tests queued while the other stood idle (measured: 593 s
# against 227 s of work).
# The set-up steps two at a time (each mostly one core: Debian's packages beside the Python and npm ones, then the
# checks beside the site's build).
test: ## Bootstrap, then run the whole suite
	$(MAKE) --no-print-directory -j2 system bootstrap
	$(MAKE) --no-print-directory -j2 lint site
	$(PY) -m pytest -n 2 --dist worksteal

.PHONY: fuzz
fuzz: bootstrap system site ## Fuzz every entry point (FUZZ_EXAMPLES each, default 5000) and the stored evaluations' model (STORE_MODEL_EXAMPLES, default 200)
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} $(PY) -m pytest tests/fuzz -n 2 -p no:cacheprovider
	HYPOTHESIS_PROFILE=fuzz STORE_MODEL_EXAMPLES=$${STORE_MODEL_EXAMPLES:-200} $(PY) -m pytest tests/browser/test_store_model.py -p no:cacheprovider

.PHONY: bench
bench: bootstrap ## Run the benchmarks (figures go to stdout)
	$(PY) -m benchmarks.bench_engine
	$(PY) -m benchmarks.bench_limits
	$(PY) -m benchmarks.bench_batch
	$(PY) -m benchmarks.bench_calculator
	$(PY) -m benchmarks.bench_library

.PHONY: clean
clean: ## Remove build output (keeps .venv)
	rm -rf site build *.egg-info .pytest_cache .mypy_cache .ruff_cache
