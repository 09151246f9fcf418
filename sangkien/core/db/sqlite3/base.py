"""Django's SQLite backend, with writers queued by the kernel instead of SQLite's sleeps.

SQLite has one writer at a time. A second `BEGIN IMMEDIATE` finds the database locked and
SQLite's busy handler retries it after sleeping 1, 2, 5, 10, 15, 20, 25… ms, however soon
the first writer is done: with two workers confirming entries, most of a move's time was
spent asleep (104–128 moves/s for ~5 ms of work each, docs/benchmarks.md).

Here each transaction first takes an exclusive `flock` on a file beside the database
(`<name>-writer`), held until its COMMIT or ROLLBACK. A waiting writer polls it every
50–500 µs, so the next one starts right after the last one commits. Processes and threads
alike queue there: each connection opens the file itself. A process that dies holding it
loses it with its file descriptor. After the connection's `timeout` (20 s in settings) the
writer stops waiting here and goes on to `BEGIN IMMEDIATE`, where SQLite's own timeout
decides as before. Statements outside a transaction (autocommit) do not take the file lock;
they are single short writes and SQLite's busy handler still covers them.
"""

import fcntl
import os
import time
from contextlib import suppress

from django.db.backends.sqlite3 import base, creation

# SQLite copies the WAL back into the database (a checkpoint) inside the COMMIT that takes it
# past `wal_autocheckpoint` pages (1,000 by default: every ~45 workflow moves), so that commit
# held the writer lock through the copy and its fsyncs, and every other writer waited:
# ~0.5 ms of each move's 0.8 ms COMMIT on the 1M-entry bench. Here each connection runs
# the checkpoint itself every CHECKPOINT_EVERY of its commits, after releasing the lock;
# SQLite's own stays as a backstop for writes that do not come through here (autocommit
# statements, other programs).
CHECKPOINT_EVERY = 32
CHECKPOINT_BACKSTOP_PAGES = 8000


class DatabaseCreation(creation.DatabaseCreation):
    def _destroy_test_db(self, test_database_name, verbosity):
        super()._destroy_test_db(test_database_name, verbosity)
        if test_database_name and not self.is_in_memory_db(test_database_name):
            with suppress(FileNotFoundError):
                os.remove(f"{test_database_name}-writer")


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
    _writer_fd = None
    _writer_held = False
    _commits = 0  # since this connection's last checkpoint

    def _writer_lock_path(self):
        name = self.settings_dict["NAME"]
        if self.is_in_memory_db():
            return None
        return f"{name}-writer"

    def _take_writer_lock(self):
        path = self._writer_lock_path()
        if path is None:
            return
        if self._writer_fd is None:
            self._writer_fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 5))
        pause = 0.00005
        while True:
            try:
                fcntl.flock(self._writer_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return  # SQLite's own busy timeout decides from here
                time.sleep(pause)
                pause = min(pause * 2, 0.0005)
            else:
                self._writer_held = True
                return

    def _release_writer_lock(self):
        if self._writer_held:
            self._writer_held = False
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        self._take_writer_lock()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_writer_lock()
            raise

    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            # The backstop only: checkpoints are run below, once the writer lock is free.
            conn.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_BACKSTOP_PAGES}")
        self._commits = 0
        return conn

    def _commit(self):
        try:
            super()._commit()
        finally:
            released = self._writer_held
            self._release_writer_lock()
        if released:
            self._commits += 1
            if self._commits >= CHECKPOINT_EVERY:
                self._commits = 0
                self._checkpoint()

    def _checkpoint(self):
        # PASSIVE: copies what no reader still needs, never waits for anyone, and lets
        # writers go on meanwhile. A failure here loses nothing (the WAL holds every commit);
        # the next checkpoint, or SQLite's own backstop, catches up.
        with suppress(Exception):
            self.connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _rollback(self):
        try:
            super()._rollback()
        finally:
            self._release_writer_lock()

    def _close(self):
        try:
            super()._close()
        finally:
            self._release_writer_lock()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None
