# lashou — set-up, the platform, demo and tests. Every target installs what it needs, once.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: setup browser run demo test test-fast bench lint clean

setup: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: install python3.11 and run make again."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed for the local node: install nodejs and npm, then run make again."; exit 1; }
	npm ci --silent --no-audit --no-fund
	touch $@

# The browser tests drive Debian's chromium through playwright (pinned in the [test] extras).
# A Chinese font (WenQuanYi Micro Hei) makes the zh-CN screenshots legible. Without root or
# apt the browser tests skip and say why; nothing else depends on the browser.
browser: setup
	@{ test -x $(CHROMIUM) && fc-list :lang=zh 2>/dev/null | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium fonts-wqy-microhei >/dev/null; \
	  else echo "chromium or a Chinese font is missing and cannot be installed here (needs root and apt-get): the browser tests will skip or show boxes for Chinese."; fi; }

run: setup
	$(BIN)/lashou serve --demo-data

demo: setup
	$(BIN)/lashou demo

# Style and types: ruff (lint and format) and mypy strict on src/.
lint: setup
	$(BIN)/python -m pip install -q -e ".[test,dev]"
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

test: setup browser
	$(BIN)/python -m pytest -n 2 --durations=10

test-fast: setup
	$(BIN)/python -m pytest -n 2 -m "not e2e"

bench: setup
	$(BIN)/python bench/gas.py

clean:
	rm -rf $(VENV) node_modules .lashou build
