"""Writing many counter rows at once (a recount, the member totals of a national tree)."""

import datetime

from django.db import connection


def insert_rows(model, fields, rows):
    """INSERT many rows: executemany on SQLite, COPY on PostgreSQL. Not bulk_create, which
    compiles every value in Python: a national recount writes millions of rows (weekly
    counters of every unit). Column names come from the model; values never enter the SQL."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ", ".join(q(model._meta.get_field(name.removesuffix("_id")).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, [[_adapt(v) for v in row] for row in rows[start:start + 5000]])


def _adapt(value):
    # Python's sqlite3 date adapter is deprecated; store dates as Django does (ISO text).
    return value.isoformat() if isinstance(value, datetime.date) else value
