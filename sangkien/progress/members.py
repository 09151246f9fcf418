"""Members over a unit's subtree (progress.models.MemberTotal), from the units' own headcounts.

A unit's total is the greater of its own headcount and the sum of its children's totals:
a CĐCS reports all its members, the sections (tổ công đoàn) under it included, so adding
the sections' figures would count them twice; an upper unit reports nothing, or a figure of
its own that may cover grassroots unions not yet in the tree. The rule gives the natural
answer in each case.

The unit import calls `members_refresh()` after every change to the tree, and
`recount_progress` checks the stored totals with the counters (and fixes them with --fix).
One pass over the units, children before parents; only changed rows are written.
"""

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce

from sangkien.core.bulk import insert_rows
from sangkien.orgs.models import Unit

from . import versions
from .models import MemberTotal


def expected_members(unit=None):
    """{unit_id: members} for every unit of `unit`'s subtree (of the whole tree when None)."""
    units = Unit.objects.subtree_of(unit) if unit else Unit.objects.all()
    rows = list(units.order_by().values_list("path", "id", "headcount"))
    rows.sort(reverse=True)  # a child's path extends its parent's, so it sorts after it: reversed, before
    below = {}  # path -> sum of the children's totals
    totals = {}
    for path, unit_id, headcount in rows:
        total = max(headcount, below.pop(path, 0))
        totals[unit_id] = total
        parent = path[:-Unit.steplen]
        if parent:
            below[parent] = below.get(parent, 0) + total
    return totals


def stored_members(unit=None):
    rows = MemberTotal.objects.all()
    if unit:
        rows = rows.filter(unit__in=Unit.objects.subtree_of(unit).values("id"))
    return dict(rows.values_list("unit_id", "members"))


def members_drift(unit=None):
    """[(unit_id, stored, expected), …] for every unit whose stored total is wrong or missing."""
    have, want = stored_members(unit), expected_members(unit)
    return [(k, have.get(k), want.get(k)) for k in sorted(set(have) | set(want)) if have.get(k) != want.get(k)]


def members_refresh(unit=None):
    """Write the totals that changed; returns how many rows were written or removed."""
    have, want = stored_members(unit), expected_members(unit)
    stale = [k for k, v in have.items() if want.get(k) != v]
    fresh = [(k, v) for k, v in want.items() if have.get(k) != v]
    # Changed rows are deleted and written again: one fast insert instead of an UPDATE each.
    for start in range(0, len(stale), 5000):
        MemberTotal.objects.filter(unit_id__in=stale[start:start + 5000]).delete()
    insert_rows(MemberTotal, ["unit_id", "members"], fresh)
    # Called by the unit import after every change to the tree: names and places too.
    versions.bump_all()
    return len(set(stale) | {k for k, _v in fresh})


def members_of(unit):
    """The unit's total, or its own headcount when no total is stored (a unit made outside
    the import, before the next refresh)."""
    total = MemberTotal.objects.filter(unit=unit).values_list("members", flat=True).first()
    return unit.headcount if total is None else total


def members_expression(prefix=""):
    """The same, as an expression over Unit rows (`prefix` "unit__" from a related model)."""
    return Coalesce(F(f"{prefix}member_total__members"), F(f"{prefix}headcount"),
                    output_field=models.BigIntegerField())
