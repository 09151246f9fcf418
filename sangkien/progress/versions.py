"""Version numbers for the dashboard's cache (progress.models.Version).

`bump(ids)` is called inside the transaction of the write it stands for, so a reader that
sees the new figures also sees the new number: a cached region keyed by the old number is
never served again. No TTL stands in for exactness.
"""

import functools

from django.db import connection

from sangkien.core.ahead import Ahead
from sangkien.core.db import cursor_for, hot_cursor

from .models import Version

GLOBAL = 0


def bump(unit_ids):
    """Add one to the numbers of `unit_ids` (one UPSERT, ids in order so writers lock alike)."""
    ids = sorted(set(unit_ids))
    if not ids:
        return
    for start in range(0, len(ids), 900):  # under SQLite's limit on bound parameters
        batch = ids[start:start + 900]
        with cursor_for(len(batch)) as cursor:  # a move's few ids: prepared on PostgreSQL
            cursor.execute(_bump_sql(len(batch), connection.vendor), batch)


@functools.lru_cache(maxsize=64)
def _bump_sql(rows, vendor):
    """bump's statement for `rows` ids, built once per process for each count."""
    q = connection.ops.quote_name
    table = q(Version._meta.db_table)
    return (
        f"INSERT INTO {table} ({q('unit_id')}, {q('n')}) VALUES "  # noqa: S608
        + ", ".join(["(%s, 1)"] * rows)
        + f" ON CONFLICT ({q('unit_id')}) DO UPDATE SET {q('n')} = {table}.{q('n')} + 1"
    )


def bump_all():
    """Everything may have changed: targets, member totals, the tree, a recount."""
    bump([GLOBAL])


def of_code(code, *, ahead=None):
    """(unit id, global number, the unit's number) for the unit with `code`, or None: one query.

    `ahead`: `request.read_ahead` of a view marked `@reads_ahead(ahead_for_code)` (or
    `ahead_for_unit_param`): the same three values, read with the session (core.ahead), used
    when they are for this same code."""
    if ahead is not None and ahead[0] == code:
        values = ahead[1]
    else:
        with hot_cursor() as cursor:  # on every dashboard and list: prepared on PostgreSQL
            cursor.execute(f"SELECT {_ahead_columns()}", [code, GLOBAL, code])
            values = cursor.fetchone()
    return None if values[0] is None else tuple(values)


def _unit_table():
    from sangkien.orgs.models import Unit

    return Unit._meta.db_table


def _ahead(code):
    """of_code's three values as scalar subqueries, to be read with the session: the same
    select list of_code reads on its own."""
    return Ahead(columns=_ahead_columns(), params=[code, GLOBAL, code], width=3, key=code)


@functools.cache
def _ahead_columns():
    """The unit's id (NULL for no such code), the global number and the unit's number: three
    parameters, the code, GLOBAL and the code."""
    table = Version._meta.db_table
    unit = f"(SELECT w.id FROM {_unit_table()} w WHERE w.code = %s)"  # noqa: S608
    return (f"{unit}, COALESCE((SELECT v.n FROM {table} v WHERE v.unit_id = %s), 0), "  # noqa: S608
            f"COALESCE((SELECT v.n FROM {table} v WHERE v.unit_id = {unit}), 0)")


def ahead_for_code(request, code, **_kwargs):
    """core.ahead's `want` for a view whose address holds the unit's code."""
    return _ahead(code)


def ahead_for_unit_param(request, **_kwargs):
    """core.ahead's `want` for a view given the unit's code as ?unit=."""
    code = request.GET.get("unit", "").strip()
    return _ahead(code) if code else None
