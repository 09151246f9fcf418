"""The PostgreSQL backend's health check (core/db/postgresql): no round trip on a sound
connection, and a connection the server closed is replaced before a request uses it."""

import select

import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_base
from django.db.utils import load_backend

from sangkien.core.db.postgresql import base as pg_backend

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend")


@pytest.fixture
def kept():
    """A second connection to the test database, kept between "requests" with health checks on."""
    settings_dict = {**connection.settings_dict, "CONN_HEALTH_CHECKS": True, "CONN_MAX_AGE": 60}
    other = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="kept")
    other.ensure_connection()
    yield other
    other.close()


def asked(monkeypatch):
    """Counts the `SELECT 1` checks Django's own backend would make."""
    calls = []
    real = django_base.DatabaseWrapper.is_usable

    def counting(self):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(django_base.DatabaseWrapper, "is_usable", counting)
    return calls


def next_request(conn):
    """What Django does at the start of a request, then the request's first query."""
    conn.close_if_unusable_or_obsolete()
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_settings_use_this_backend():
    assert connection.settings_dict["ENGINE"] == "sangkien.core.db.postgresql"
    assert isinstance(connections["default"], pg_backend.DatabaseWrapper)


@pytest.mark.django_db
def test_a_sound_connection_is_kept_without_asking_the_server(kept, monkeypatch):
    calls = asked(monkeypatch)
    first = next_request(kept)

    assert next_request(kept) == first
    assert next_request(kept) == first
    assert calls == []


@pytest.mark.django_db
def test_a_connection_the_server_closed_is_replaced_before_the_next_query(kept, monkeypatch):
    calls = asked(monkeypatch)
    first = next_request(kept)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [first])
    select.select([kept.connection.fileno()], [], [], 5)  # the server's goodbye reaches the socket

    second = next_request(kept)  # would raise OperationalError on the dead connection

    assert second != first
    assert calls, "the server is asked when something waits on the socket"


# ---- prepared statements (prepared_cursor, core.db.hot_cursor) -------------------------


def prepared_texts(conn):
    with conn.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)  # so the connection may be closed and opened afresh
def test_the_queries_of_every_request_are_prepared_once_and_djangos_own_are_not(user_factory):
    from sangkien.accounts.consent import user_with_consent
    from sangkien.orgs.models import Unit

    user = user_factory()
    connection.close()  # a fresh connection: nothing prepared yet
    assert user_with_consent(user.pk).pk == user.pk
    assert user_with_consent(user.pk).pk == user.pk
    Unit.objects.filter(code="X").count()

    texts = prepared_texts(connection)
    assert len([t for t in texts if "consent_current_notice" in t]) == 1  # once for both
    assert not [t for t in texts if '"__count" FROM "orgs_unit"' in t]


@pytest.mark.django_db(transaction=True)
def test_prepared_statements_can_be_switched_off(user_factory, monkeypatch):
    from sangkien.accounts.consent import user_with_consent

    user = user_factory()
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "prepared_statements", False)
    connection.close()
    assert user_with_consent(user.pk).pk == user.pk
    assert not [t for t in prepared_texts(connection) if "consent_current_notice" in t]


@pytest.mark.django_db
def test_a_sound_connection_on_a_high_descriptor_is_kept(kept, monkeypatch):
    """select.select() refuses descriptors >= FD_SETSIZE (1024) with ValueError; is_usable()
    then says False and Django reconnects on every request of a process with many files open."""
    import os

    kept.close()
    fillers = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        kept.ensure_connection()
        assert kept.connection.fileno() >= 1024
        calls = asked(monkeypatch)
        first = next_request(kept)
        assert next_request(kept) == first, "a sound connection was dropped and replaced"
        assert calls == []
    finally:
        for fd in fillers:
            os.close(fd)
