# Every target bootstraps its own virtual environment: `make site` and `make test` work on a
# fresh clone with nothing installed by hand (Chromium for browser tests: see .ci/run).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test check bench bench-serve bench-search bench-markdown update-cms audit clean smoke-properdocs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end checks from npm, pinned in package.json/package-lock.json (never sent to readers):
# axe-core for the accessibility browser tests (make test); Lighthouse, ~180 MB, for make audit only.
NPM      := npm
AXE      := node_modules/.axe-installed
AUDITORS := node_modules/.audit-installed

$(AXE): package.json package-lock.json
	$(NPM) ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $(AXE)

$(AUDITORS): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund --loglevel=error
	touch $(AXE) $(AUDITORS)

site: $(STAMP)  ## strict build of content/ into site/
	$(BIN)/exemplars build

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --livereload --dirty --no-strict --watch-theme

check: $(STAMP)  ## validate content/ only (FORMAT=github|gitlab|json for CI, see README)
	$(BIN)/exemplars check $(if $(FORMAT),--format $(FORMAT))

test: $(STAMP) $(AXE)  ## the whole test suite
	$(BIN)/python -m pytest -q

bench: $(STAMP)  ## build time: bare Material, ours serial, parallel, after one edit (N = 1000 10000; REPEAT=3; KINDS="bare,ours 1 edit")
	$(BIN)/python tests/benchmark.py $(N)

bench-serve: $(STAMP)  ## preview latency: edit one record, seconds until make serve shows it
	$(BIN)/python tests/bench_serve.py $(N)

bench-search: $(STAMP)  ## search on N records (default 10000): KB and ms to the first result
	$(BIN)/python tests/bench_search.py $(N)

smoke-properdocs: $(STAMP) .venv-properdocs/.installed  ## demo built with ProperDocs = built with MkDocs
	$(BIN)/python tests/smoke_properdocs.py .venv-properdocs/bin/properdocs $(BIN)/mkdocs

.venv-properdocs/.installed: pyproject.toml
	$(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/pip install --quiet --upgrade pip
	.venv-properdocs/bin/pip install --quiet -e '.[properdocs]'
	touch $@

update-cms: $(STAMP)  ## vendor Sveltia CMS from npm into theme/admin/: make update-cms VERSION=0.221.1
	$(if $(VERSION),,$(error VERSION is required, e.g. make update-cms VERSION=0.221.1 (npm view @sveltia/cms versions)))
	$(BIN)/python -m generator.cms_vendor $(VERSION)
	$(BIN)/exemplars cms

bench-markdown: $(STAMP)  ## seconds Python-Markdown takes on the worst stories the guard accepts
	$(BIN)/python tests/bench_markdown.py

audit: $(STAMP) $(AUDITORS)  ## Lighthouse (mobile) on home, a story, a list and the quota dashboard: scores
	$(BIN)/python tests/audit.py

clean:
	rm -rf site .site-* $(VENV) node_modules .venv-properdocs
