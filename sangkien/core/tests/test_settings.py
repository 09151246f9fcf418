"""The settings module, started the way a server starts it: in a fresh interpreter.

Each test runs `django.setup()` in a subprocess with a clean environment (no pytest in
sys.modules, so no test-only defaults) and reads back what the environment selected.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]

PROBE = """
import json, os
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "sangkien.settings"
django.setup()
from django.conf import settings
print(json.dumps({
    "secret_key": settings.SECRET_KEY,
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "test_name": settings.DATABASES["default"].get("TEST", {}).get("NAME"),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "session_engine": settings.SESSION_ENGINE,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def start(tmp_path, **environ):
    """Run the settings in a fresh interpreter with only `environ` (plus PATH) set."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        # Never touch the developer's var/ database, even by creating its directory.
        "SQLITE_PATH": str(tmp_path / "probe.sqlite3"),
        **environ,
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def started(tmp_path, **environ):
    result = start(tmp_path, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = start(tmp_path, DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_refuses_an_empty_secret_key_too(tmp_path):
    result = start(tmp_path, DEBUG="0", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_it_starts_with_a_secret_key_when_debug_is_off(tmp_path):
    settings = started(tmp_path, DEBUG="0", SECRET_KEY="a-real-secret-from-the-environment")

    assert settings["debug"] is False
    assert settings["secret_key"] == "a-real-secret-from-the-environment"
    # No host is trusted by default in production.
    assert settings["allowed_hosts"] == []


def test_it_reads_the_secret_key_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("secret-kept-in-a-file\n", encoding="utf-8")

    settings = started(tmp_path, DEBUG="0", SECRET_KEY_FILE=str(secret))

    assert settings["secret_key"] == "secret-kept-in-a-file"


def test_debug_mode_starts_without_a_secret_key(tmp_path):
    settings = started(tmp_path, DEBUG="1")

    assert settings["debug"] is True
    assert settings["secret_key"]


def test_it_uses_the_embedded_sqlite_database_by_default(tmp_path):
    settings = started(tmp_path, DEBUG="1")

    assert settings["engine"] == "sangkien.core.db.sqlite3"
    assert settings["db_name"] == str(tmp_path / "probe.sqlite3")
    assert settings["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["session_engine"] == "sangkien.accounts.sessions"


def test_database_url_selects_postgresql(tmp_path):
    settings = started(
        tmp_path, DEBUG="1", DATABASE_URL="postgres://app@db.example:5432/sangkien",
        DATABASE_TEST_NAME="test_sangkien_42",
    )

    assert settings["engine"] == "sangkien.core.db.postgresql"  # Django's, with a cheaper health check
    assert settings["db_name"] == "sangkien"
    assert settings["test_name"] == "test_sangkien_42"


def test_redis_url_selects_the_redis_cache_and_sessions_stay_beside_their_users(tmp_path):
    settings = started(tmp_path, DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/3")

    assert settings["cache"] == "django_redis.cache.RedisCache"
    assert settings["cache_location"] == "redis://127.0.0.1:6379/3"
    # one query reads the session and its user (accounts/sessions.py), with Redis or without
    assert settings["session_engine"] == "sangkien.accounts.sessions"


@pytest.mark.parametrize("value", ["false", "off"])
def test_debug_is_off_unless_switched_on(tmp_path, value):
    settings = started(tmp_path, DEBUG=value, SECRET_KEY="k" * 50)

    assert settings["debug"] is False


@pytest.mark.parametrize("database_url", ["", "postgres://someone@db.example:5432/sangkien"])
def test_connections_persist_with_a_health_check_on_both_databases(tmp_path, database_url):
    settings = started(tmp_path, DEBUG="1", DATABASE_URL=database_url)

    assert settings["conn_max_age"] == 60
    assert settings["conn_health_checks"] is True


def test_db_conn_max_age_sets_how_long_a_connection_lives(tmp_path):
    settings = started(tmp_path, DEBUG="1", DB_CONN_MAX_AGE="0")

    assert settings["conn_max_age"] == 0
