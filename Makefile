# Build the paper: `make` (HTML and PDF), `make test`. See README.md.
#
# Sphinx's "make mode" (-M) does the builder work; this file only adds the
# bootstrap: system packages, then a virtual environment from pinned
# requirements, both created on first use.

SOURCEDIR   = source
BUILDDIR    = _build
VENV        = .venv
PYTHON      = $(VENV)/bin/python
# Strict: every warning is an error, every reference must resolve, and all
# problems are reported before the build stops.
SPHINXOPTS ?= -W --keep-going -n
SPHINX      = $(PYTHON) -m sphinx -M

# Reproducible output: dates in the HTML and PDF come from the last commit,
# not from the clock (honoured by Sphinx, Matplotlib and pdfTeX).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
export FORCE_SOURCE_DATE = 1
# Every output names the commit it was built from (source/_ext/paper/versions.py).
PAPER_COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
export PAPER_COMMIT

# The official JATS DTDs, from npm at the version package-lock.json pins.
JATS_DTDS   = node_modules/@jats4r/dtds/schema/catalog.xml

.DEFAULT_GOAL := all
.PHONY: all help html latexpdf epub jats release test bench clean distclean system venv

all: latexpdf html  ## build the PDF, then the HTML site with the PDF in it

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

system:  ## install missing system packages (TeX Live, Graphviz, Poppler)
	@scripts/ensure-system-packages

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv: system $(VENV)/.installed  ## create .venv from requirements.txt

$(JATS_DTDS): package.json package-lock.json
	@scripts/ensure-system-packages --with-npm
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

html epub: venv  ## build _build/html/index.html (or _build/epub)
	$(SPHINX) $@ $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS)

latexpdf: venv  ## build _build/latex/amcenestrant.pdf
	$(SPHINX) $@ $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS)

jats: venv $(JATS_DTDS)  ## build _build/jats/amcenestrant.xml (JATS Archiving 1.4, validated by its DTD)
	$(SPHINX) $@ $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS)

release: venv $(JATS_DTDS)  ## publish CITATION.cff's version into _build/site/v/<version>/ (README, "Releases")
	$(PYTHON) scripts/release

test: venv $(JATS_DTDS) check-citation  ## build everything in a temporary folder and check it
	@scripts/ensure-system-packages --with-browser --with-java
	$(PYTHON) -m pytest

bench: venv  ## time the builds, weigh the output (README, "Performance")
	$(PYTHON) scripts/bench.py

.PHONY: check-citation
check-citation: venv  ## validate CITATION.cff against the CFF 1.2.0 schema
	$(PYTHON) scripts/check-citation

clean:  ## remove build outputs
	rm -rf $(BUILDDIR)

distclean: clean  ## also remove the virtual environment and the npm packages
	rm -rf $(VENV) node_modules
