"""Django's PostgreSQL backend with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django asks a kept connection `SELECT 1` before the first query of
every request: one round trip more on each page (a signed-in dashboard made four, this one
of them). Here the check looks at the socket instead. An idle connection has nothing to
read; when the server has closed it (a restart, `pg_terminate_backend`, an idle timeout), its
goodbye or the end of the stream is waiting there, and only then is `SELECT 1` asked to
decide. A connection whose peer vanished without a word (a cut cable) is not seen by either
check until a query fails, as before.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        conn = self.connection
        if conn is None or conn.closed:
            return False
        try:
            waiting, _w, _x = select.select([conn.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        if waiting:  # nothing is due on an idle connection: ask the server properly
            return super().is_usable()
        return True
