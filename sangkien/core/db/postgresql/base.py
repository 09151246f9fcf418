"""Django's PostgreSQL backend with two savings on the queries every request makes.

The health check costs no round trip. With CONN_HEALTH_CHECKS, Django asks a kept connection
`SELECT 1` before the first query of every request: one round trip more on each page. Here
the check looks at the socket instead. An idle connection has nothing to read; when the
server has closed it (a restart, `pg_terminate_backend`, an idle timeout), its goodbye or the
end of the stream is waiting there, and only then is `SELECT 1` asked to decide. A connection
whose peer vanished without a word (a cut cable) is not seen by either check until a query
fails, as before.

The few queries of every request are prepared. `prepared_cursor()` (through
`sangkien.core.db.hot_cursor`) gives a cursor that sends its parameters apart from the text,
so the server parses and plans the same text once per connection and then only runs it: the
session-and-user query took ~0.25 ms to plan and ~0.05 ms to run. Django's own cursors stay
as they are (client-side binding, never prepared). DB_PREPARED_STATEMENTS=0 turns this off,
behind a transaction-pooling PgBouncer that does not keep prepared statements (before 1.21,
or with its `max_prepared_statements` at 0, the default).
"""

import select

from django.db.backends.postgresql import base, operations
from psycopg import errors


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        """The query as logged (DEBUG, tests), values in place: a prepared_cursor() keeps its
        values apart from the text, as Django's server-side binding does."""
        if isinstance(cursor, base.ServerBindingCursor):
            try:
                return self.compose_sql(sql, params)
            except errors.DataError:
                return None
        return super().last_executed_query(cursor, sql, params)


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _prepared_next = False

    @property
    def prepares(self):
        return self.settings_dict["OPTIONS"].get("prepared_statements", True)

    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("prepared_statements", None)  # ours, not psycopg's
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        if self.prepares:
            # Only the server-binding cursors of prepared_cursor() use it: Django's client-side
            # binding cursors never prepare.
            connection.prepare_threshold = 0
        return connection

    def prepared_cursor(self):
        """A cursor whose queries are prepared on this connection the first time they run."""
        self._prepared_next = self.prepares
        try:
            return self.cursor()
        finally:
            self._prepared_next = False

    def create_cursor(self, name=None):
        if not self._prepared_next or name:
            return super().create_cursor(name)
        connection = self.connection
        factory = connection.cursor_factory
        connection.cursor_factory = base.ServerBindingCursor
        try:
            return super().create_cursor(name)
        finally:
            connection.cursor_factory = factory

    def is_usable(self):
        conn = self.connection
        if conn is None or conn.closed:
            return False
        try:
            # poll(), not select(): a busy process's descriptors may pass select's 1024 limit.
            probe = select.poll()
            probe.register(conn.fileno(), select.POLLIN | select.POLLPRI)
            waiting = probe.poll(0)
        except (OSError, ValueError, errors.Error):
            return False
        if waiting:  # nothing is due on an idle connection: ask the server properly
            return super().is_usable()
        return True
