# Two commands: `make run` serves the demo, `make test` runs the whole suite (SQLite, then PostgreSQL).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := seminar
# `make run PORT=5001` when port 5000 is taken; HOST=0.0.0.0 to reach it from another machine.
PORT ?= 5000
HOST ?= 127.0.0.1

.PHONY: run test install install-test translations lint unit test-sqlite test-postgres bench extract-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	bash scripts/system-deps.sh run
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed package.json
	bash scripts/system-deps.sh test
	$(BIN)/pip install -q -e '.[test]'
	npm install --no-audit --no-fund --ignore-scripts --silent
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	@for po in $$(find seminar -path '*/es/LC_MESSAGES/messages.po'); do \
	  $(BIN)/pybabel compile --statistics -d $${po%/es/LC_MESSAGES/messages.po} || exit 1; done

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask load-demo
	bash scripts/serve.sh $(HOST) $(PORT)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy seminar

# The two-node cluster tests need PostgreSQL and Redis: they run in the PostgreSQL pass only.
test-sqlite: install-test
	$(BIN)/pytest --ignore=tests/cluster $(PYTEST_ARGS)

test-postgres: install-test
	bash scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

test: lint test-sqlite test-postgres

bench: install-test
	$(BIN)/python bench/run.py

extract-messages: install
	$(BIN)/pybabel -q extract --ignore-dirs='.*' -F babel.cfg -k _l -k lazy_gettext -o seminar/translations/messages.pot .
	$(BIN)/pybabel -q update -i seminar/translations/messages.pot -d seminar/translations --no-fuzzy-matching

clean:
	rm -rf $(VENV) node_modules artifacts
