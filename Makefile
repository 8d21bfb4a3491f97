# Build the paper: `make` (HTML and PDF), `make test`. See README.md.
#
# Sphinx's "make mode" (-M) does the builder work; this file only adds the
# bootstrap: system packages, then a virtual environment from pinned
# requirements, both created on first use.

SOURCEDIR   = source
BUILDDIR    = _build
VENV        = .venv
PYTHON      = $(VENV)/bin/python
# Strict (-W --keep-going -n): every warning is an error, every reference
# must resolve, and all problems are reported before the build stops. The
# options live in scripts/paperbuild.py, which the tests and the benchmark
# build with too. O= adds options, such as O="-D html_baseurl=https://example.org/paper/"
SPHINXOPTS ?= $(shell python3 scripts/paperbuild.py strict-options)
SPHINX      = $(PYTHON) -m sphinx -M
# Each builder keeps an environment of its own, under $(DOCTREES)/<builder>: a
# document read again by one builder is then still new to the next (paper.rebuilds).
DOCTREES    = $(BUILDDIR)/doctrees
# $(call build,TARGET,BUILDER): Sphinx's make mode with the builder's own environment.
build       = $(SPHINX) $(1) $(SOURCEDIR) $(BUILDDIR) -c . -d $(DOCTREES)/$(2) $(SPHINXOPTS) $(O)

# Reproducible output: dates in the HTML and PDF come from the last commit,
# not from the clock (honoured by Sphinx, Matplotlib and pdfTeX).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
export FORCE_SOURCE_DATE = 1
# Every output names the commit it was built from (the paper_commit option, source/_ext/paper/config.py).
PAPER_COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
export PAPER_COMMIT

# The official JATS DTDs, from npm at the version package-lock.json pins.
JATS_DTDS   = node_modules/@jats4r/dtds/schema/catalog.xml

.DEFAULT_GOAL := all
.PHONY: all help html singlehtml preview latexpdf tagpdf epub jats meca linkcheck release test check check-edits bench audit clean distclean system venv test-venv

all: html  ## build the PDFs and the single page, then the HTML site with them in it

help:  ## list the targets
	@grep -E '^[a-z][a-z -]*:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

system:  ## install missing system packages (TeX Live, Graphviz, Poppler)
	@scripts/ensure-system-packages

# Quick to set up: the environment gets no pip of its own (installing pip
# into it took 3 s); the system's pip installs into it. pip byte-compiles
# what it installs (some seconds, once): where PYTHONDONTWRITEBYTECODE is set,
# as on the development machine, Python never saves what it compiles, and
# every build compiled Sphinx afresh (0.4 s more to start; README, "Performance").
PIP = python3 -m pip --python $(PYTHON) install --quiet --disable-pip-version-check

# The paper extension is installed from this checkout in editable mode, as
# another project would install it (pyproject.toml): edits to it need no reinstall.
# pip compiles no editable sources, so they are compiled here as the rest of the
# environment is, else every build compiles the extension afresh where
# PYTHONDONTWRITEBYTECODE is set (0.05 s; an edited module is compiled in memory).
$(VENV)/.installed: requirements.txt pyproject.toml
	python3 -m venv --without-pip $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps --editable .
	$(PYTHON) -m compileall -q $(SOURCEDIR)/_ext
	touch $@

$(VENV)/.tests-installed: $(VENV)/.installed requirements-test.txt
	$(PIP) -r requirements-test.txt
	touch $@

venv: system $(VENV)/.installed  ## create .venv from requirements.txt (what a build needs)

test-venv: venv $(VENV)/.tests-installed  ## add requirements-test.txt (what the checks need)

$(JATS_DTDS): package.json package-lock.json
	@scripts/ensure-system-packages --with-npm
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The site links to the PDF, the accessible PDF and the whole paper on one page
# and carries a copy of each, so `make html` builds them first. Sphinx decides what each
# build must read and write again (paper.rebuilds) and latexmk whether the PDF
# must be typeset again; when nothing changed, neither writes anything new.
PAPER_BASENAME := $(shell sed -n 's/^paper_basename = "\(.*\)"/\1/p' conf.py)
PDF         = $(BUILDDIR)/latex/$(PAPER_BASENAME).pdf

html: venv latexpdf tagpdf singlehtml  ## build _build/html/index.html, with both PDFs and the single page in it
	$(call build,html,html)

# The whole paper on one page (Sphinx's singlehtml builder), which the HTML
# build then puts in the site as $(PAPER_BASENAME).html, beside the PDF it links to.
singlehtml: venv latexpdf tagpdf  ## build _build/singlehtml/index.html, the whole paper on one page
	$(call build,singlehtml,singlehtml)

# For authors: the site served on the loopback interface, rebuilt strictly
# (the same options as every build) whenever a source is saved, and reloaded
# in the browser (sphinx-autobuild). Once the pages are served, `make html`
# brings the PDF and the single page up to date and puts them in the site.
PREVIEW_PORT ?= 8000
PREVIEW_WATCH = conf.py CITATION.cff references.bib _static

preview: venv  ## serve the site on http://127.0.0.1:8000/ (PREVIEW_PORT=), rebuilt and reloaded at every save
	$(PYTHON) -m sphinx_autobuild $(SOURCEDIR) $(BUILDDIR)/html -d $(DOCTREES)/html -c . $(SPHINXOPTS) $(O) \
		--host 127.0.0.1 --port $(PREVIEW_PORT) $(addprefix --watch ,$(PREVIEW_WATCH)) --re-ignore '/__pycache__/' \
		--post-build "$(MAKE) --no-print-directory -o venv html"

epub: venv  ## build _build/epub/amcenestrant.epub
	$(call build,epub,epub)

linkcheck: venv  ## check that every web address of the references still answers (needs the network)
	$(call build,linkcheck,linkcheck)

latexpdf: venv  ## build _build/latex/amcenestrant.pdf
	$(call build,latexpdf,latex)

# The accessible PDF: tagged, PDF/UA-1, typeset by Typst from the same sources
# (paper.typst). `make latexpdf` stays the print PDF.
TAGGED_PDF  = $(BUILDDIR)/typst/$(PAPER_BASENAME)-tagged.pdf

tagpdf: venv  ## build _build/typst/amcenestrant-tagged.pdf, the accessible PDF (tagged, PDF/UA-1)
	$(call build,typst,typst)

jats: venv $(JATS_DTDS)  ## build _build/jats/amcenestrant.xml (JATS Archiving 1.4, validated by its DTD)
	$(call build,jats,jats)

MECA = $(BUILDDIR)/meca/$(PAPER_BASENAME)-meca.zip

meca: jats latexpdf  ## write _build/meca/amcenestrant-meca.zip: the MECA submission bundle (manifest, JATS, PDF, figures)
	$(PYTHON) scripts/meca.py $(BUILDDIR)/jats/$(PAPER_BASENAME).xml $(PDF) $(MECA)

release: venv $(JATS_DTDS)  ## publish CITATION.cff's version into _build/site/v/<version>/ (README, "Releases")
	$(PYTHON) scripts/release

test: test-venv $(JATS_DTDS) check-citation  ## build everything in a temporary folder and check it
	@scripts/ensure-system-packages --with-browser --with-java
	$(PYTHON) -m pytest

check: test-venv  ## the fast tier only: tiny projects built in-process, seconds (tests/fast)
	$(PYTHON) -m pytest tests/fast -m "not edits"

check-edits: test-venv $(JATS_DTDS)  ## the differential tier: edited trees against clean builds, both tiers (minutes)
	$(PYTHON) -m pytest -m edits

bench: test-venv  ## time the builds, weigh the output (README, "Performance")
	@scripts/ensure-system-packages --with-browser
	$(PYTHON) scripts/bench.py

LIGHTHOUSE = scripts/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE): scripts/lighthouse/package-lock.json
	@scripts/ensure-system-packages --with-npm
	npm ci --prefix scripts/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

audit: test-venv all $(LIGHTHOUSE)  ## Lighthouse and the Nu Html Checker on every page (README, "Audit")
	@scripts/ensure-system-packages --with-browser --with-java
	$(PYTHON) scripts/audit.py

.PHONY: check-citation
check-citation: test-venv  ## validate CITATION.cff against the CFF 1.2.0 schema
	$(PYTHON) scripts/check-citation

clean:  ## remove build outputs
	rm -rf $(BUILDDIR)

distclean: clean  ## also remove the virtual environment and the npm packages
	rm -rf $(VENV) node_modules scripts/lighthouse/node_modules
