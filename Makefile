# The README's commands. Only Python 3.11+ and make are needed on the machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Where `make run` serves the demo: `make run PORT=8001` when 8000 is taken.
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs with DEBUG off, like production; its secret key is made once and kept in var/.
RUN_ENV := DEBUG=0 SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=$(HOST),127.0.0.1,localhost

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
	@echo "Sáng kiến: http://$(HOST):$(PORT)/  (Ctrl+C để dừng)"
	$(RUN_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest -q $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

check: lint test

# Extracts the Vietnamese source strings into locale/en/LC_MESSAGES/django.po and compiles
# the .mo catalogues. Needs GNU gettext (apt-get install gettext); the compiled .mo files are
# committed, so running the site on a fresh machine needs none.
# locale/vi completes Wagtail's small Vietnamese admin catalogue; it is edited by hand, not by this target.
MESSAGE_IGNORES := --ignore ".venv/*" --ignore "bench/*" --ignore "*/tests/*" --ignore "staticfiles/*" --ignore "var/*" --ignore "test-artifacts/*"
messages: $(STAMP)
	@command -v xgettext >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext"; exit 1; }
	mkdir -p locale
	DEBUG=1 $(PY) manage.py makemessages -l en --add-location file --no-obsolete $(MESSAGE_IGNORES)
	# msgmerge's guesses for new strings are marked fuzzy; leave them untranslated instead.
	msgattrib --clear-fuzzy --empty --clear-previous -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	DEBUG=1 $(PY) manage.py compilemessages -l en --ignore ".venv/*"

# `make bench BENCH_ARGS="--db sqlite --units 2000 --initiatives 5000"` for a quick run; see bench/run.py.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
