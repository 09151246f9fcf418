"""The SQLite backend's writer lock (core/db/sqlite3): each transaction first takes an flock
on `<database file>-writer`, so the next writer goes on as soon as the last one commits
instead of after SQLite's busy handler has slept.

Each thread here has its own connection (Django's connections are per thread), as two
request threads or two processes would.
"""

import fcntl
import os
import threading
import time
from contextlib import contextmanager, suppress

import pytest
from django.db import connection, transaction
from django.db.utils import load_backend

from sangkien.accounts.models import User

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's backend"),
    pytest.mark.django_db(transaction=True),  # each thread sees only what was committed
]

WAIT = 10  # seconds: far beyond any wait here, only so a broken test fails instead of hanging


def writer_lock_path(conn=connection):
    return f"{conn.settings_dict['NAME']}-writer"


@contextmanager
def own_descriptor(conn=connection):
    """The writer lock file opened apart from every connection: an flock here is another
    holder, as another process's would be."""
    fd = os.open(writer_lock_path(conn), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        yield fd
    finally:
        os.close(fd)


def hold(fd):
    """Takes the writer lock on `fd`, failing (not hanging) if something never lets it go."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            assert time.monotonic() < deadline, "the writer lock was never let go"
            time.sleep(0.01)
        else:
            return


def writer_lock_is_free(conn=connection):
    if not os.path.exists(writer_lock_path(conn)):
        return True  # no writer yet (and none made here: only the backend makes the file)
    with own_descriptor(conn) as fd:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True


class InThread(threading.Thread):
    """Runs `work` on a connection of its own, closed at the end; keeps what it raised."""

    def __init__(self, work):
        super().__init__(daemon=True)
        self.work, self.error = work, None

    def run(self):
        try:
            self.work()
        except BaseException as error:  # noqa: BLE001 (handed to the test thread)
            self.error = error
        finally:
            connection.close()

    def finish(self):
        self.join(WAIT)
        assert not self.is_alive(), "the thread is still waiting"
        if self.error is not None:
            raise self.error


def rename(pk, name):
    User.objects.filter(pk=pk).update(full_name=name)


@pytest.fixture
def person(user_factory):
    return user_factory(full_name="trước")


# ---- (a) the next writer goes on as soon as the last one commits -----------------------


def test_a_second_writer_waits_for_the_first_and_goes_on_as_soon_as_it_commits(person):
    first_wrote, let_first_commit, second_done = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with transaction.atomic():
            rename(person.pk, "người thứ nhất")
            first_wrote.set()
            assert let_first_commit.wait(WAIT)
            seen["first asked to commit"] = time.monotonic()
        seen["first committed"] = time.monotonic()
        # Stay connected until the second is done: only the lock hand-over is measured.
        assert second_done.wait(WAIT)

    def second():
        # No sleeping in SQLite's busy handler on this connection: had this writer reached
        # BEGIN while the first still held SQLite's lock, it would fail at once. So it can only
        # go on by having waited on the file lock.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 0")
        seen["second asked"] = time.monotonic()
        try:
            with transaction.atomic():
                seen["second went on"] = time.monotonic()
                rename(person.pk, "người thứ hai")
        finally:
            second_done.set()

    one = InThread(first)
    one.start()
    assert first_wrote.wait(WAIT)
    two = InThread(second)
    two.start()
    # Long enough for a waiter whose pauses kept growing to be well into a long sleep.
    time.sleep(0.45)
    assert "second went on" not in seen, "the second writer did not wait for the first"
    let_first_commit.set()
    one.finish()
    two.finish()

    assert seen["second went on"] > seen["first asked to commit"]
    assert seen["second went on"] - seen["first committed"] < 0.2
    assert User.objects.get(pk=person.pk).full_name == "người thứ hai"


# ---- (b) the lock is held for the transaction and let go at its end, whatever the end ---


class Boom(Exception):
    pass


def test_the_lock_beside_the_database_is_held_only_inside_a_transaction(person):
    assert writer_lock_is_free()
    with transaction.atomic():
        rename(person.pk, "trong giao dịch")
        assert os.path.exists(writer_lock_path())
        assert not writer_lock_is_free()
    assert writer_lock_is_free()
    rename(person.pk, "ngoài giao dịch")  # autocommit: no file lock, SQLite's own suffices
    assert writer_lock_is_free()


def test_the_lock_is_let_go_after_a_rollback(person):
    with pytest.raises(Boom), transaction.atomic():
        rename(person.pk, "bỏ đi")
        assert not writer_lock_is_free()
        raise Boom

    assert writer_lock_is_free()
    assert User.objects.get(pk=person.pk).full_name == "trước"


@pytest.fixture
def other(tmp_path):
    """A connection of this backend to a throwaway database of its own: a lock that a broken
    close() leaves held stays there instead of stalling every later transaction here."""
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "other.sqlite3")}
    conn = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="other")
    with conn.cursor() as cursor:
        cursor.execute("CREATE TABLE note (body TEXT)")
    yield conn
    conn.close()


def begin(conn):
    """What transaction.atomic() does on entering, for a connection outside `connections`."""
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def note_count(conn):
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM note")
        return cursor.fetchone()[0]


def descriptors_on(path):
    """How many of this process's file descriptors are open on `path`."""
    found = 0
    for fd in os.listdir("/proc/self/fd"):
        with suppress(FileNotFoundError):  # the listing's own descriptor, gone by now
            found += os.readlink(f"/proc/self/fd/{fd}") == path
    return found


def test_the_lock_is_let_go_when_the_connection_closes_inside_a_transaction(other):
    begin(other)
    with other.cursor() as cursor:
        cursor.execute("INSERT INTO note VALUES ('mất kết nối')")
    assert not writer_lock_is_free(other)

    other.close()

    assert writer_lock_is_free(other)
    assert note_count(other) == 0  # rolled back by SQLite itself


def test_a_connection_that_closes_gives_back_its_lock_file(other):
    for body in ("một", "hai"):
        begin(other)
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES (%s)", [body])
        other.commit()
        other.set_autocommit(True)
    assert descriptors_on(writer_lock_path(other)) == 1  # one per connection, kept between transactions

    other.close()

    assert descriptors_on(writer_lock_path(other)) == 0
    assert writer_lock_is_free(other) and note_count(other) == 2


# ---- (c) a lock held too long: SQLite's own busy handling decides -----------------------


def test_a_writer_that_cannot_have_the_lock_within_its_timeout_goes_on_to_sqlite(person):
    took = {}

    def write_with_a_short_timeout():
        options = {**connection.settings_dict["OPTIONS"], "timeout": 0.2}
        connection.settings_dict = {**connection.settings_dict, "OPTIONS": options}  # this thread's only
        start = time.monotonic()
        with transaction.atomic():
            rename(person.pk, "không chờ mãi")
        took["seconds"] = time.monotonic() - start

    with own_descriptor() as fd:
        hold(fd)  # as "another process" would, the whole time
        writing = InThread(write_with_a_short_timeout)
        try:
            writing.start()
            writing.join(WAIT)
            still_waiting = writing.is_alive()
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)  # so a writer that never gives up still ends
    writing.finish()

    assert not still_waiting, "the writer waited on the file lock past its timeout"
    assert 0.2 <= took["seconds"] < 5
    assert User.objects.get(pk=person.pk).full_name == "không chờ mãi"


# ---- (d) the lock file goes with the test database ---------------------------------------


def test_destroying_a_test_database_removes_its_writer_lock_file(tmp_path):
    name = tmp_path / "throwaway.sqlite3"
    name.write_bytes(b"")
    lock = tmp_path / "throwaway.sqlite3-writer"
    lock.write_bytes(b"")

    connection.creation._destroy_test_db(str(name), verbosity=0)

    assert not name.exists()
    assert not lock.exists()


def test_destroying_a_test_database_without_a_writer_lock_file_succeeds(tmp_path):
    name = tmp_path / "never-written.sqlite3"
    name.write_bytes(b"")

    connection.creation._destroy_test_db(str(name), verbosity=0)

    assert not name.exists()


# ---- (d) checkpoints run once the lock is let go -----------------------------------------


def rows_in_the_database_file(conn):
    """Rows of `note` in the database file itself, without the WAL's: what checkpoints copied."""
    import sqlite3

    uri = f"file:{conn.settings_dict['NAME']}?immutable=1"
    with sqlite3.connect(uri, uri=True) as plain:
        return plain.execute("SELECT count(*) FROM note").fetchone()[0]


def test_the_wal_is_copied_back_after_every_few_commits_with_the_lock_free(other):
    from sangkien.core.db.sqlite3.base import CHECKPOINT_BACKSTOP_PAGES, CHECKPOINT_EVERY

    calls = []
    checkpoint = other._checkpoint

    def watched():
        calls.append(writer_lock_is_free(other))
        checkpoint()

    other.ensure_connection()
    other._checkpoint = watched
    with other.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == CHECKPOINT_BACKSTOP_PAGES  # SQLite's own, far later
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the table itself into the file
    assert rows_in_the_database_file(other) == 0
    for n in range(CHECKPOINT_EVERY):
        begin(other)
        with other.cursor() as cursor:
            cursor.execute("INSERT INTO note VALUES (%s)", [f"ghi chú {n}"])
        other.commit()
        other.set_autocommit(True)
        if n < CHECKPOINT_EVERY - 1:
            assert calls == [] and rows_in_the_database_file(other) == 0  # all still in the WAL

    assert calls == [True]  # once, after the writer lock was let go
    assert rows_in_the_database_file(other) == CHECKPOINT_EVERY
    assert note_count(other) == CHECKPOINT_EVERY
