"""Writing many rows of one table at once (the unit import, a national recount, the bench).

Not bulk_create: Django compiles every value of a bulk_create in Python (about 0.2 ms a row
here, 30 s for the national tree). Instead: executemany on SQLite, which runs one prepared
statement in C, and COPY on PostgreSQL, where executemany still costs a round trip a row.
Statements are built from the model's own column names; values never enter the SQL text.
Like bulk_create, nothing here calls save(): callers fill derived columns themselves.
"""

import datetime

from django.db import connection

BATCH = 5000


def insert_rows(model, fields, rows, *, batch=BATCH):
    """INSERT `rows`, tuples of values in the order of `fields` (field names or attnames of
    `model`, e.g. "kind" or "unit_id")."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns = ", ".join(q(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, [[_adapt(v) for v in row] for row in rows[start:start + batch]])


def _adapt(value):
    # Python's sqlite3 date adapter is deprecated; store a date as Django does (ISO text).
    # Datetimes go through unchanged, as they always have.
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return value
