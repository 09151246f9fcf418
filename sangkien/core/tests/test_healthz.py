"""/healthz: what a load balancer asks before sending traffic to this process."""

import socket

import pytest
from django.db import connection
from django.db.utils import load_backend

from sangkien.core import views


def closed_port():
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_database(tmp_path, monkeypatch):
    """A database connection that really fails: a closed port, or a file that cannot exist."""
    settings_dict = {**connection.settings_dict}
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
        settings_dict["OPTIONS"] = {**settings_dict.get("OPTIONS", {}), "connect_timeout": 2}
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="broken")
    monkeypatch.setattr(views, "connection", broken)
    yield broken
    broken.close()


def test_it_answers_200_after_a_database_round_trip(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_does_not_answer(client, db, unreachable_database):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert "no-cache" in response["Cache-Control"]


def test_it_needs_no_login_and_no_consent(client, db, user_factory):
    # A signed-in user who has not agreed to the privacy notice is redirected everywhere
    # else; a health probe with a session cookie must still get the real answer.
    client.force_login(user_factory())

    response = client.get("/healthz")

    assert response.status_code == 200
