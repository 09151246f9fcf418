# The README's commands. Only Python 3.11+ and make are needed on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The demo runs with DEBUG off, like production; its secret key is made once and kept in var/.
RUN_ENV := DEBUG=0 SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: run test check lint messages bench clean demo

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

var/secret_key:
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key

run: $(STAMP) var/secret_key
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

check: lint test

# Needs GNU gettext; the compiled catalogues are committed so a fresh machine needs none.
messages: $(STAMP)
	$(PY) manage.py makemessages -l en --ignore ".venv/*" --ignore "bench/*" --ignore "*/tests/*" --ignore "staticfiles/*"
	$(PY) manage.py makemessages -d djangojs -l en --ignore ".venv/*" --ignore "staticfiles/*"
	$(PY) manage.py compilemessages --ignore ".venv/*"

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var staticfiles
