"""Version numbers for the dashboard's cache (progress.models.Version).

`bump(ids)` is called inside the transaction of the write it stands for, so a reader that
sees the new figures also sees the new number: a cached region keyed by the old number is
never served again. No TTL stands in for exactness.
"""

from django.db import connection

from sangkien.core.db import cursor_for, hot_cursor

from .models import Version

GLOBAL = 0


def bump(unit_ids):
    """Add one to the numbers of `unit_ids` (one UPSERT, ids in order so writers lock alike)."""
    ids = sorted(set(unit_ids))
    if not ids:
        return
    q = connection.ops.quote_name
    table = q(Version._meta.db_table)
    for start in range(0, len(ids), 900):  # under SQLite's limit on bound parameters
        batch = ids[start:start + 900]
        sql = (
            f"INSERT INTO {table} ({q('unit_id')}, {q('n')}) VALUES "  # noqa: S608
            + ", ".join(["(%s, 1)"] * len(batch))
            + f" ON CONFLICT ({q('unit_id')}) DO UPDATE SET {q('n')} = {table}.{q('n')} + 1"
        )
        with cursor_for(len(batch)) as cursor:  # a move's few ids: prepared on PostgreSQL
            cursor.execute(sql, batch)


def bump_all():
    """Everything may have changed: targets, member totals, the tree, a recount."""
    bump([GLOBAL])


def of_code(code):
    """(unit id, global number, the unit's number) for the unit with `code`, or None: one query."""
    from sangkien.orgs.models import Unit

    table = Version._meta.db_table
    sql = (
        f"SELECT u.id, COALESCE((SELECT v.n FROM {table} v WHERE v.unit_id = %s), 0), "  # noqa: S608
        f"COALESCE((SELECT v.n FROM {table} v WHERE v.unit_id = u.id), 0) "
        f"FROM {Unit._meta.db_table} u WHERE u.code = %s"
    )
    with hot_cursor() as cursor:  # on every dashboard and list: prepared on PostgreSQL
        cursor.execute(sql, [GLOBAL, code])
        return cursor.fetchone()
