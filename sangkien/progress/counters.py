"""Exact counters over the union tree, kept in step with the records.

Every write that changes what an initiative contributes (a workflow move, an edit of an
entry in a counted state, an import, a deletion) calls `counters_apply(before=…, after=…)`
with snapshots of the entry before and after, inside the same transaction. The difference
is added to the rows of the entry's CĐCS and every ancestor in one UPSERT per table, in path
order so concurrent writers lock rows in the same order.

Recount from scratch: `recount.py` / `manage.py recount_progress`.
"""

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from sangkien.core.db import cursor_for, hot_cursor
from sangkien.core.text import fold
from sangkien.initiatives.models import Phase, Status
from sangkien.orgs.models import Unit

from . import versions

# Drafts are the author's own work in progress; every other state is counted.
COUNTED_STATUSES = frozenset(s for s in Status.values if s != Status.DRAFT)
# A person takes part once one of their entries has been confirmed by the CĐCS.
PEOPLE_STATUSES = frozenset({Status.CONFIRMED, Status.APPROVED, Status.NOMINATED, Status.HONOURED})
# What counts toward targets (PRODUCT.md §4: approved by the level above, and beyond).
TARGET_STATUSES = (Status.APPROVED, Status.NOMINATED, Status.HONOURED)
# "Confirmed entries" for cluster leaders: confirmed by the CĐCS and beyond.
CONFIRMED_STATUSES = (Status.CONFIRMED, Status.APPROVED, Status.NOMINATED, Status.HONOURED)


@dataclass(frozen=True)
class Snapshot:
    unit_path: str
    campaign_id: int
    phase_no: int
    status: str
    benefit: int
    people: frozenset


def author_key(user_id, full_name, birth_year):
    if user_id:
        return f"u{user_id}"
    return f"n:{fold(full_name)}:{birth_year or ''}"[:220]


_phase_numbers = {}


def phase_number(phase_id):
    if not phase_id:
        return 0
    if phase_id not in _phase_numbers:
        _phase_numbers[phase_id] = Phase.objects.values_list("number", flat=True).get(pk=phase_id)
    return _phase_numbers[phase_id]


def snapshot(initiative, authors=None):
    if authors is None:
        authors = initiative.authors.all()
    return Snapshot(
        unit_path=initiative.unit_path,
        campaign_id=initiative.campaign_id,
        phase_no=phase_number(initiative.phase_id),
        status=initiative.status,
        benefit=initiative.benefit_vnd or 0,
        people=frozenset(author_key(a.user_id, a.full_name, a.birth_year) for a in authors),
    )


def ancestor_paths(path):
    step = Unit.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def unit_ids(unit_path):
    """{path: id} of the unit at `unit_path` and every ancestor: one indexed read."""
    return {path: unit_id for path, unit_id, _name in ancestors(unit_path)}


def ancestors(unit_path):
    """[(path, id, name)] of the unit at `unit_path` and every ancestor: one indexed read, in
    plain SQL (once per workflow move, where building the ORM query cost more than running it)."""
    paths = ancestor_paths(unit_path)
    table = connection.ops.quote_name(Unit._meta.db_table)
    with hot_cursor() as cursor:  # prepared on PostgreSQL: once per move
        cursor.execute(f"SELECT path, id, name FROM {table} WHERE path IN ({', '.join(['%s'] * len(paths))})",  # noqa: S608
                       paths)
        return cursor.fetchall()


def contributions(*, before=(), after=()):
    """What replacing `before` by `after` (each a Snapshot or a list of them) adds to the
    counters, changes that cancel out left out:
    ({(path, campaign, phase, status): [count, benefit]}, {(CĐCS path, campaign, key): refs})."""
    before = [before] if isinstance(before, Snapshot) else [s for s in before if s]
    after = [after] if isinstance(after, Snapshot) else [s for s in after if s]
    counts = defaultdict(lambda: [0, 0])
    refs = defaultdict(int)
    for sign, snaps in ((-1, before), (1, after)):
        for snap in snaps:
            if snap.status in COUNTED_STATUSES:
                for path in ancestor_paths(snap.unit_path):
                    cell = counts[(path, snap.campaign_id, snap.phase_no, snap.status)]
                    cell[0] += sign
                    cell[1] += sign * snap.benefit
            if snap.status in PEOPLE_STATUSES:
                for key in snap.people:
                    refs[(snap.unit_path, snap.campaign_id, key)] += sign
    return {k: v for k, v in counts.items() if v != [0, 0]}, {k: v for k, v in refs.items() if v}


def counters_apply(*, before=(), after=(), ids=None, bump=True):
    """Add `after`'s contributions and take away `before`'s. Each is a Snapshot or a list of them.

    `ids` ({path: unit id}) may hold the units already read by the caller (a workflow move
    reads its entry's ancestors once for everything it writes). With `bump=False` the
    dashboard versions are left to the caller, who bumps the returned unit ids in the same
    transaction. Returns the ids of the units whose rows changed.
    """
    counts, refs = contributions(before=before, after=after)
    if not counts and not refs:
        return set()
    paths = {k[0] for k in counts} | {p for k in refs for p in ancestor_paths(k[0])}
    if ids is None or not paths <= ids.keys():
        ids = dict(Unit.objects.filter(path__in=paths).values_list("path", "id"))
    touched = {ids[p] for p in paths}
    if counts:
        rows = [(ids[p], c, ph, st, n, b) for (p, c, ph, st), (n, b) in sorted(counts.items())]
        _upsert_counters(rows)
    if refs:
        people = _apply_refs(refs, ids)
        if people:
            _upsert_people(sorted(people.items()), ids)
    if bump:
        versions.bump(touched)
    return touched


def _upsert(table, keys, adds, rows, returning=False):
    """INSERT … ON CONFLICT (keys) DO UPDATE SET add = add + excluded.add, for both databases.

    Only the constant table and column names of this module are put into the SQL; every
    value goes through parameters.
    """
    results = []
    # Batches keep every statement under SQLite's limit on bound parameters.
    for start in range(0, len(rows), _BATCH):
        batch = rows[start:start + _BATCH]
        sql = _upsert_sql(table, tuple(keys), tuple(adds), len(batch), returning, connection.vendor)
        with cursor_for(len(batch)) as cursor:
            cursor.execute(sql, [v for row in batch for v in row])
            if returning:
                results.extend(cursor.fetchall())
    return results


_BATCH = 1000


@functools.lru_cache(maxsize=256)
def _upsert_sql(table, keys, adds, rows, returning, vendor):
    """The text of _upsert's statement, built once per process for each shape (every move
    writes the same few: quoting its names cost more than sending it)."""
    q = connection.ops.quote_name
    columns = [*keys, *adds]
    sql = (
        f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES "  # noqa: S608
        + ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * rows)
        + f" ON CONFLICT ({', '.join(q(c) for c in keys)}) DO UPDATE SET "
        + ", ".join(f"{q(c)} = {q(table)}.{q(c)} + excluded.{q(c)}" for c in adds)
    )
    if returning:
        sql += f" RETURNING {', '.join(q(c) for c in columns)}"
    return sql


def _upsert_counters(rows):
    _upsert("progress_counter", ["unit_id", "campaign_id", "phase_no", "status"], ["count", "benefit"], rows)


def _apply_refs(refs, ids):
    """Update per-CĐCS author references; return the change in people per (path, campaign)."""
    rows = [(ids[p], c, key, d) for (p, c, key), d in sorted(refs.items())]
    returned = _upsert("progress_authorref", ["unit_id", "campaign_id", "key"], ["refs"], rows, returning=True)
    path_of = {v: k for k, v in ids.items()}
    people = defaultdict(int)
    for unit_id, campaign_id, key, new in returned:
        path = path_of[unit_id]
        old = new - refs[(path, campaign_id, key)]
        if old <= 0 < new:
            people[(path, campaign_id)] += 1
        elif new <= 0 < old:
            people[(path, campaign_id)] -= 1
    return {k: v for k, v in people.items() if v}


def _upsert_people(items, ids):
    rolled = defaultdict(int)
    for (path, campaign_id), delta in items:
        for ancestor in ancestor_paths(path):
            rolled[(ancestor, campaign_id)] += delta
    rows = [(ids[p], c, d) for (p, c), d in sorted(rolled.items()) if d]
    if rows:
        _upsert("progress_peoplecounter", ["unit_id", "campaign_id"], ["people"], rows)


def week_of(day):
    if isinstance(day, datetime.datetime):
        from django.utils import timezone

        day = timezone.localtime(day).date()
    return day - datetime.timedelta(days=day.weekday())


def weekly_bump(*, unit_path, campaign_id, when, submitted=0, approved=0, confirmed=0, ids=None, bump=True):
    """Count a submission, a CĐCS confirmation or an approval in its week for the CĐCS and
    every ancestor (negative numbers take one away, when an entry is deleted).

    `ids` and `bump` as for `counters_apply`; returns the ids of the units whose rows changed.
    """
    if not submitted and not approved and not confirmed:
        return set()
    paths = ancestor_paths(unit_path)
    if ids is None or not ids.keys() >= set(paths):
        ids = unit_ids(unit_path)
    week = week_of(when)
    rows = [(ids[p], campaign_id, week, submitted, approved, confirmed) for p in sorted(paths) if p in ids]
    _upsert("progress_weeklycounter", ["unit_id", "campaign_id", "week"], ["submitted", "approved", "confirmed"],
            rows)
    touched = {row[0] for row in rows}
    if bump:
        versions.bump(touched)
    return touched
