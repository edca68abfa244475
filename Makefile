# The only commands a newcomer needs. `make help` lists them.
# Everything bootstraps itself: a fresh Debian machine with Python 3.11 and Node 20 needs nothing else.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
# The path the site is published under: "/" (a domain's root) or e.g. /tbsc55/. Only the 404 pages depend on it.
BASE   ?= /

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

.PHONY: chromium
chromium: ## Install Debian's Chromium for the browser tests (never `playwright install`)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium (browser tests need it)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

.PHONY: nginx
nginx: ## Install Debian's nginx for the test of deploy/nginx.conf (tests/browser/test_nginx.py)
	@command -v nginx >/dev/null 2>&1 || { \
	  echo "Installing Debian's nginx (the host configuration's test needs it)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx; }

# From npm, pinned exactly in package.json and package-lock.json: Pyodide (the calculator), Pagefind (the search
# index, built by build_tools/pagefind_hook.py) and axe-core (the accessibility tests, tests/site/test_accessibility.py).
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

.PHONY: bootstrap
bootstrap: $(VENV)/.stamp node_modules/.stamp ## Create .venv and node_modules with the pinned tools

# --- the site --------------------------------------------------------------------------------------------
.PHONY: site
site: bootstrap node_modules/.stamp ## Build both languages of the site into site/ (strict; BASE=/sub/path/ to publish there)
	rm -rf site
	TBSC55_BASE='$(BASE)' NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict -f mkdocs.yml
	TBSC55_BASE='$(BASE)' NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict -f mkdocs.en.yml

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
	node_modules/.bin/tsc --noEmit -p tsconfig.json

.PHONY: test
test: bootstrap chromium nginx lint site ## Bootstrap, then run the whole suite
	$(PY) -m pytest -n 2

.PHONY: fuzz
fuzz: bootstrap ## Fuzz every entry point with random seeds (FUZZ_EXAMPLES per entry point, default 5000)
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} $(PY) -m pytest tests/fuzz -n 2 -p no:cacheprovider

.PHONY: bench
bench: bootstrap ## Run the benchmarks (figures go to stdout)
	$(PY) -m benchmarks.bench_engine
	$(PY) -m benchmarks.bench_limits
	$(PY) -m benchmarks.bench_batch
	$(PY) -m benchmarks.bench_calculator

.PHONY: clean
clean: ## Remove build output (keeps .venv)
	rm -rf site build *.egg-info .pytest_cache .mypy_cache .ruff_cache
