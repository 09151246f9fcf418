"""Recount every counter from the records, compare with the stored rows, and fix drift."""

from collections import defaultdict

from django.db import transaction

from sangkien.core.bulk import insert_rows
from sangkien.initiatives.models import Author, Initiative, Phase, Transition
from sangkien.orgs.models import Unit, path_upper_bound

from .counters import COUNTED_STATUSES, PEOPLE_STATUSES, author_key, week_of
from .members import members_drift, members_refresh
from .models import AuthorRef, Counter, PeopleCounter, WeeklyCounter
from .versions import bump_all


def _ancestors(path, step=Unit.steplen):
    return [path[:i] for i in range(step, len(path) + 1, step)]


def expected(unit=None):
    """The counter rows the records call for, over `unit`'s subtree (all units when None).

    Returns dicts keyed like the stored rows: counters[(unit_id, campaign, phase, status)] =
    (count, benefit); people[(unit_id, campaign)]; refs[(unit_id, campaign, key)];
    weekly[(unit_id, campaign, week)] = (submitted, approved, confirmed).
    """
    units = Unit.objects.subtree_of(unit) if unit else Unit.objects.all()
    ids = dict(units.values_list("path", "id"))
    initiatives = Initiative.objects.exclude(status="draft")
    if unit:
        upper = path_upper_bound(unit.path)
        initiatives = initiatives.filter(unit_path__gte=unit.path)
        if upper:
            initiatives = initiatives.filter(unit_path__lt=upper)
    phases = dict(Phase.objects.values_list("id", "number"))

    counters = defaultdict(lambda: [0, 0])
    rows = _group(initiatives)
    for (path, campaign_id, phase_id, status), (n, benefit) in rows.items():
        if status not in COUNTED_STATUSES:
            continue
        for ancestor in _ancestors(path):
            if ancestor in ids:
                cell = counters[(ids[ancestor], campaign_id, phases.get(phase_id, 0), status)]
                cell[0] += n
                cell[1] += benefit

    refs = defaultdict(int)
    authors = Author.objects.filter(initiative__in=initiatives.filter(status__in=PEOPLE_STATUSES)).values_list(
        "initiative__unit_path", "initiative__campaign_id", "user_id", "full_name", "birth_year")
    for path, campaign_id, user_id, full_name, birth_year in authors.iterator(chunk_size=5000):
        if path in ids:
            refs[(ids[path], campaign_id, author_key(user_id, full_name, birth_year))] += 1
    people = defaultdict(int)
    path_of = {v: k for k, v in ids.items()}
    per_cdcs = defaultdict(int)
    for (unit_id, campaign_id, _key), n in refs.items():
        if n > 0:
            per_cdcs[(path_of[unit_id], campaign_id)] += 1
    for (path, campaign_id), n in per_cdcs.items():
        for ancestor in _ancestors(path):
            if ancestor in ids:
                people[(ids[ancestor], campaign_id)] += n

    weekly = defaultdict(lambda: [0, 0, 0])
    column = {"submit": 0, "approve": 1, "confirm": 2}
    moves = Transition.objects.filter(action__in=list(column), initiative__in=initiatives).values_list(
        "initiative__unit_path", "initiative__campaign_id", "action", "created_at")
    for path, campaign_id, action, created_at in moves.iterator(chunk_size=5000):
        week = week_of(created_at)
        for ancestor in _ancestors(path):
            if ancestor in ids:
                cell = weekly[(ids[ancestor], campaign_id, week)]
                cell[column[action]] += 1
    return (
        {k: tuple(v) for k, v in counters.items() if v != [0, 0]},
        {k: v for k, v in people.items() if v},
        {k: v for k, v in refs.items() if v},
        {k: tuple(v) for k, v in weekly.items() if v != [0, 0, 0]},
    )


def _group(initiatives):
    from django.db.models import Count, Sum

    rows = (initiatives.values("unit_path", "campaign_id", "phase_id", "status").order_by()
            .annotate(n=Count("id"), benefit=Sum("benefit_vnd")))
    return {(r["unit_path"], r["campaign_id"], r["phase_id"], r["status"]): (r["n"], r["benefit"] or 0)
            for r in rows}


def stored(unit=None):
    units = Unit.objects.subtree_of(unit) if unit else Unit.objects.all()
    scope = {"unit__in": units.values("id")} if unit else {}
    counters = {(r[0], r[1], r[2], r[3]): (r[4], r[5]) for r in Counter.objects.filter(**scope).values_list(
        "unit_id", "campaign_id", "phase_no", "status", "count", "benefit") if (r[4], r[5]) != (0, 0)}
    people = {(r[0], r[1]): r[2] for r in PeopleCounter.objects.filter(**scope).values_list(
        "unit_id", "campaign_id", "people") if r[2]}
    refs = {(r[0], r[1], r[2]): r[3] for r in AuthorRef.objects.filter(**scope).values_list(
        "unit_id", "campaign_id", "key", "refs") if r[3]}
    weekly = {(r[0], r[1], r[2]): (r[3], r[4], r[5]) for r in WeeklyCounter.objects.filter(**scope).values_list(
        "unit_id", "campaign_id", "week", "submitted", "approved", "confirmed") if (r[3], r[4], r[5]) != (0, 0, 0)}
    return counters, people, refs, weekly


def drift(unit=None):
    """[(table, key, stored, expected), …] for every row that differs, member totals included."""
    differences = []
    names = ("counter", "people", "author_ref", "weekly")
    for name, have, want in zip(names, stored(unit), expected(unit), strict=True):
        for key in sorted(set(have) | set(want), key=str):
            if have.get(key) != want.get(key):
                differences.append((name, key, have.get(key), want.get(key)))
    differences += [("members", (unit_id,), have, want) for unit_id, have, want in members_drift(unit)]
    return differences


@transaction.atomic
def rewrite(unit=None):
    """Replace the stored rows of the subtree with the recounted ones."""
    members_refresh(unit)
    counters, people, refs, weekly = expected(unit)
    units = Unit.objects.subtree_of(unit) if unit else Unit.objects.all()
    scope = {"unit__in": units.values("id")} if unit else {}
    for model in (Counter, PeopleCounter, AuthorRef, WeeklyCounter):
        model.objects.filter(**scope).delete()
    insert_rows(Counter, ["unit_id", "campaign_id", "phase_no", "status", "count", "benefit"],
                [(*k, *v) for k, v in counters.items()])
    insert_rows(PeopleCounter, ["unit_id", "campaign_id", "people"], [(*k, v) for k, v in people.items()])
    insert_rows(AuthorRef, ["unit_id", "campaign_id", "key", "refs"], [(*k, v) for k, v in refs.items()])
    insert_rows(WeeklyCounter, ["unit_id", "campaign_id", "week", "submitted", "approved", "confirmed"],
                [(*k, *v) for k, v in weekly.items()])
    bump_all()  # every dashboard and list kept under the old numbers may show other figures now

