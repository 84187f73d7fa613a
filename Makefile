# make build: set up .venv when needed and build the publication into build/.
# make test:  install the test tools and run the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test bench clean lowest fonts

build: fonts $(VENV)/.installed
	$(BIN)/mieux-pub build

test: fonts $(VENV)/.installed-test
	$(BIN)/pytest

# make bench: the full run takes about 20 minutes; make bench BENCH_ARGS=--quick about 2 (see bench/run.py).
BENCH_ARGS ?=
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# make lowest: install the lowest versions pyproject.toml allows in a throwaway venv and run the fast tests.
lowest:
	PYTHON=$(PYTHON) .ci/lowest

# The PDFs' fonts for every script beyond Latin (mieux_pub/fonts.py): Noto from Debian, about 70 MB to download.
FONTS := fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji

fonts:
	dpkg -s $(FONTS) >/dev/null 2>&1 || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(FONTS))

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The site checks also need the Nu HTML Checker and axe-core (package.json) and Debian's chromium.
$(VENV)/.installed-test: $(VENV)/.installed package.json package-lock.json
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --ignore-scripts
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	touch $@

clean:
	rm -rf build $(VENV) .pytest_cache node_modules
	find . -name __pycache__ -prune -exec rm -rf {} +
