# dipkg: the two commands a newcomer runs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: bench-quick wdi test-slow help install vendor demo test docs lint clean bench debian-test-packages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The SPARQL editor's files (YASGUI) come from their npm package, checked against its pinned
# integrity; without network the install goes on and the editor falls back to a plain form.
VENDOR = $(BIN)/python -m kg.web.vendor || echo "  (run make vendor when you are online)"

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(VENDOR)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(VENDOR)
	touch $@ $(VENV)/.installed $(VENV)/.installed-all

# every extra (reason, docs, plot, xlsx): what `make docs` and `make bench` use
$(VENV)/.installed-all: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[all]'
	$(VENDOR)
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install dipkg into it

vendor: | $(BIN)/python ## Fetch the SPARQL editor's files (YASGUI) from npm, if they are not there
	$(BIN)/python -m kg.web.vendor

demo: $(VENV)/.installed ## Build the graph from data/ and print the recognition timeline
	$(BIN)/dipkg build
	$(BIN)/dipkg query recognition-timeline

WDI ?= ../shared/reference/wdi

wdi: $(VENV)/.installed ## Import the World Bank series in $(WDI) (2000 on) into .dipkg/store (after make demo)
	@test -d "$(WDI)" || { echo "no $(WDI): set WDI=folder of World Bank data packages (<series>/data.csv)"; exit 2; }
	for f in $(WDI)/*/data.csv; do $(BIN)/dipkg import indicators "$$f" --since 2000 --replace || exit 1; done

# Debian packages the tests use: Virtuoso (`dipkg push` against it), headless Chromium and its
# driver (the query page of `dipkg serve`), and a Java runtime (HermiT and Pellet, `dipkg reason`).
DEBIAN_TEST_PACKAGES := virtuoso-opensource chromium chromium-driver default-jre-headless

debian-test-packages:
	@{ command -v virtuoso-t && command -v chromium && command -v chromedriver && command -v java; } >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_TEST_PACKAGES); \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_TEST_PACKAGES); fi; }

test: $(VENV)/.installed-test debian-test-packages ## Install the test tools and run the test suite
	$(BIN)/python -m pytest

test-slow: $(VENV)/.installed-test debian-test-packages ## The test suite with the slow tests and a ten times longer fuzz run
	$(BIN)/python -m pytest --slow

docs: $(VENV)/.installed-all ## Regenerate docs/ontology (pyLODE) and docs/queries from the ontology and queries/
	$(BIN)/dipkg docs --out docs

bench-quick: $(VENV)/.installed-all debian-test-packages ## The benchmark at 100k triples only (a few minutes), into /tmp/dipkg-bench-quick
	$(BIN)/python bench/run.py --sizes 100000 --rdflib --repeat 3 --work /tmp/dipkg-bench-quick --results /tmp/dipkg-bench-quick/results
	@echo "results in /tmp/dipkg-bench-quick/results (bench/results and bench/README.md are left as they are)"

bench: $(VENV)/.installed-all debian-test-packages ## Benchmarks on synthetic graphs (bench/README.md); takes minutes
	$(BIN)/python bench/run.py --sizes 100000 1000000 10000000 --rdflib 100000
	$(BIN)/python bench/report.py
	$(BIN)/python bench/reasoners.py --sizes 100000 1000000 10000000
	$(BIN)/python bench/cli.py

lint: $(VENV)/.installed-test ## ruff and mypy
	$(BIN)/ruff check kg tests bench
	$(BIN)/mypy kg

clean: ## Remove .venv and the default store
	rm -rf $(VENV) .dipkg
