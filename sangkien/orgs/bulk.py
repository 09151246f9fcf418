"""Writing many units at once, for the importer.

Not bulk_create/bulk_update: Django compiles every value of a bulk_create in Python (about
0.2 ms a row here, 30 s for the national tree), and bulk_update's CASE WHEN grows with the
square of the batch. Instead: executemany on SQLite, which runs one prepared statement in C,
and COPY on PostgreSQL, where executemany still costs a round trip a row. Statements are
built from the model's own column names; values never enter the SQL text. Like bulk_create,
nothing here calls save(): callers fill derived columns (name_folded) themselves.
"""

from django.db import connection

from sangkien.core.bulk import insert_rows

from .models import Unit

BATCH = 2000
_TEMP_TABLE = "orgs_unit_import_changes"


def _columns(fields):
    return [connection.ops.quote_name(Unit._meta.get_field(name).column) for name in fields]


def insert_units(fields, rows):
    """INSERT `rows`, tuples of values in the order of `fields` (field names of Unit)."""
    insert_rows(Unit, fields, rows, batch=BATCH)


def update_units(fields, rows):
    """UPDATE by primary key; each row is (*values in the order of `fields`, id)."""
    if not rows:
        return
    table = connection.ops.quote_name(Unit._meta.db_table)
    columns = _columns(fields)
    pk = connection.ops.quote_name(Unit._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY the new values into a temporary table, then one UPDATE … FROM joins them in.
            temp = connection.ops.quote_name(_TEMP_TABLE)
            types = [Unit._meta.get_field(name).db_type(connection) for name in fields]
            definition = ", ".join(f"{c} {t}" for c, t in zip([*columns, pk], [*types, "bigint"], strict=True))
            cursor.execute(f"CREATE TEMPORARY TABLE {temp} ({definition}) ON COMMIT DROP")
            with cursor.cursor.copy(f"COPY {temp} ({', '.join([*columns, pk])}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            assignments = ", ".join(f"{c} = changes.{c}" for c in columns)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM {temp} AS changes "  # noqa: S608
                f"WHERE {table}.{pk} = changes.{pk}"
            )
            cursor.execute(f"DROP TABLE {temp}")
            return
        assignments = ", ".join(f"{c} = %s" for c in columns)
        sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start:start + BATCH])
