# The two commands of the README: `make lab` and `make test`.
# Everything is installed into .venv from pinned requirements; a stamp keyed on
# their hash makes a second run skip the install.

SHELL   := /bin/bash
.SHELLFLAGS := -o pipefail -ec
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
REQS    := binder/requirements.txt
TREQS   := tests/requirements.txt
HASH    := $(shell cat $(REQS) pyproject.toml | sha256sum | cut -c1-16)
THASH   := $(shell cat $(REQS) $(wildcard $(TREQS)) pyproject.toml | sha256sum | cut -c1-16)
STAMP   := $(VENV)/.stamp-$(HASH)
TSTAMP  := $(VENV)/.stamp-test-$(THASH)
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
START   := course/00-resources/00-start-here.ipynb
PYTEST  := $(BIN)/python -m pytest
# pip warns about local mirror folders this machine's pip.conf names; that is noise here.
QUIET   := 2>&1 | { grep -v 'is ignored: it is neither a file nor a directory' || true; }

.PHONY: lab test bench lint setup setup-test system-packages clean

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(START)

setup: $(STAMP)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip $(QUIET)

$(STAMP): $(REQS) pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r $(REQS) $(QUIET)
	$(BIN)/python -m pip install --quiet --no-deps -e . $(QUIET)
	# Every kernel in this environment loads the course's kernel extension.
	mkdir -p $(VENV)/etc/ipython
	cp binder/ipython_kernel_config.py $(VENV)/etc/ipython/ipython_kernel_config.py
	rm -f $(VENV)/.stamp-*
	touch $@

setup-test: $(TSTAMP) system-packages

# The hub test's proxy comes from npm; it lands in .venv/bin, so `make clean` removes it.
$(TSTAMP): $(STAMP) $(TREQS)
	$(BIN)/python -m pip install --quiet -r $(TREQS) $(QUIET)
	npm install --global --prefix $(VENV) --no-audit --no-fund --loglevel=error \
	  configurable-http-proxy@5.2.0 >/dev/null
	touch $@

# Debian packages the tests need, installed only when missing: Chromium for the browser
# tests (with a CJK font so Chinese labels render) and bubblewrap for the grading sandbox.
system-packages:
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/bwrap ] && fc-list :lang=zh | grep -q . || \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install \
	  -y -qq chromium fonts-wqy-zenhei bubblewrap >/dev/null; }
	@/usr/bin/chromium --version 2>/dev/null

lint: $(TSTAMP)
	$(BIN)/ruff check ledgerkit tests autograder binder/hub tools

test: setup-test lint
	$(PYTEST) -n 2 -m "not ui" --doctest-modules tests ledgerkit autograder tools
	$(PYTEST) -m ui tests

bench: setup-test
	$(BIN)/python tests/bench/run.py

clean:
	rm -rf $(VENV) tests/artifacts
