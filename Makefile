# The two commands of the quick start, and the few a developer needs besides them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes run side by side (pytest-xdist); TEST_WORKERS=0 runs the tests in this process.
# A module marked xdist_group runs whole in one process, so its costly module-wide fixture (a
# served site, a backup under a crowd) is made once, not once in each process.
TEST_WORKERS ?= auto
export HOST PORT

.PHONY: run test lint format messages

$(BIN)/.installed: pyproject.toml
	@# A virtualenv for the project; pip installs the package in place with its test tools.
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	@# The page checkers the tests run (the Nu HTML checker, axe-core), at the versions the lock
	@# pins. --ignore-scripts: vnu-jar's install script would download a Java; Debian's runs it.
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## Set up, migrate, load the demo newsroom on an empty database, bake it, and serve on HOST:PORT.
## The demo adds a third, right-to-left edition (Uyghur); DATELINE_EXTRA_LANGUAGES= leaves it out.
run: export DATELINE_EXTRA_LANGUAGES ?= ug
run: $(BIN)/.installed
	$(BIN)/dateline migrate --noinput
	$(BIN)/dateline collectstatic --noinput --verbosity 0
	$(BIN)/dateline load_demo_newsroom --if-empty
	@# Bake the demo on first start (not with DATELINE_BAKE=0); the worker keeps it current.
	test "$${DATELINE_BAKE:-1}" = 0 || $(BIN)/dateline bake --if-missing
	$(BIN)/dateline serve --host $(HOST) --port $(PORT)

## Set up and run every test: unit, rendering, permissions and browser tests. The Debian packages
## they need (.ci/system-packages) are installed first when make runs as root or with passwordless
## sudo; otherwise it prints the command that installs them.
## PYTEST_ARGS passes options on, e.g. make test PYTEST_ARGS="tests/core -x"; the tests that
## restart PostgreSQL or fill a disk run only when asked: make test PYTEST_ARGS='-m disruptive'.
test: $(BIN)/.installed
	@.ci/system-packages
	@$(MAKE) --no-print-directory node_modules/.installed
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Refresh the Korean (and any other) message catalogues after changing user-facing strings.
messages: $(BIN)/.installed
	cd dateline && ../$(BIN)/dateline makemessages --all --no-location --ignore '*/tests/*'
	cd dateline && ../$(BIN)/dateline compilemessages
