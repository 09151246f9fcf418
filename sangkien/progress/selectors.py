"""Reads for dashboards, rankings and the public counter. Every figure comes from the counter
tables, so the cost of a page does not grow with the number of initiatives or units below."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Sum

from sangkien.initiatives.models import Status
from sangkien.orgs.models import Unit, path_upper_bound

from .counters import CONFIRMED_STATUSES, COUNTED_STATUSES, TARGET_STATUSES
from .members import members_of
from .models import Counter, MemberTotal, PeopleCounter, Target, WeeklyCounter


@dataclass
class Figures:
    unit: Unit
    by_status: dict = field(default_factory=dict)  # status -> (count, benefit)
    counted: int = 0  # approved and beyond: what counts toward targets
    confirmed: int = 0  # confirmed by the CĐCS and beyond
    entries: int = 0  # every entry sent (all states but draft)
    benefit: int = 0  # benefit of counted entries, VND
    people: int = 0
    members: int = 0  # over the subtree (progress.members)
    target: Target | None = None
    required: int | None = None

    @property
    def percent(self):
        if not self.required:
            return None
        return round(100 * self.counted / self.required, 1)

    @property
    def people_share(self):
        if not self.members:
            return None
        return round(100 * self.people / self.members, 1)


def _phase_filter(phase_no):
    return {} if not phase_no else {"phase_no": phase_no}


def unit_figures(unit, campaign, phase_no=0):
    """Totals over `unit`'s subtree: four small indexed reads."""
    figures = Figures(unit=unit)
    rows = (Counter.objects.filter(unit=unit, campaign=campaign, **_phase_filter(phase_no))
            .values("status").annotate(n=Sum("count"), b=Sum("benefit")).order_by())
    for row in rows:
        figures.by_status[row["status"]] = (row["n"] or 0, row["b"] or 0)
    figures.counted = sum(figures.by_status.get(s, (0, 0))[0] for s in TARGET_STATUSES)
    figures.confirmed = sum(figures.by_status.get(s, (0, 0))[0] for s in CONFIRMED_STATUSES)
    figures.entries = sum(n for s, (n, _b) in figures.by_status.items() if s in COUNTED_STATUSES)
    figures.benefit = sum(figures.by_status.get(s, (0, 0))[1] for s in TARGET_STATUSES)
    figures.people = (PeopleCounter.objects.filter(unit=unit, campaign=campaign)
                      .values_list("people", flat=True).first() or 0)
    figures.members = members_of(unit)
    figures.target = Target.objects.filter(unit=unit, campaign=campaign, phase_no=phase_no).first()
    if figures.target:
        figures.required = figures.target.required(figures.members)
    return figures


def status_rows(figures):
    """(status value, label, count, benefit) in workflow order, zeros included."""
    return [(s.value, s.label, *figures.by_status.get(s.value, (0, 0))) for s in Status if s != Status.DRAFT]


@dataclass
class Child:
    """A direct child's figures over its subtree, as the dashboard ranks them."""

    pk: int
    code: str
    name: str
    members: int
    counted: int  # approved and beyond: what counts toward targets
    entries: int  # every counted state
    benefit: int
    required: int | None  # its target as a number of entries; None without a target
    per100: float | None  # counted per 100 members; None without members
    percent: float | None  # counted as % of required; None without a (non-zero) target


def children_figures(unit, campaign, phase_no=0):
    """The unit's direct children with their figures, by name: one query, however many
    children (the counters, member totals and targets joined and summed), and each figure
    the ranking needs worked out here. Dashboards render it again after every move below
    the unit; building and running the ORM's annotated subqueries took ~10 ms of CPU there
    for the national root's 83 children, four times over (the ranking's page and count, the
    children without entries, their targets)."""
    q = connection.ops.quote_name
    counted, every = list(TARGET_STATUSES), sorted(COUNTED_STATUSES)
    upper = path_upper_bound(unit.path)
    phase = " AND c.phase_no = %s" if phase_no else ""
    sql = (
        f"SELECT u.id, u.code, u.name, COALESCE(m.members, u.headcount), "  # noqa: S608 (names from models)
        f"COALESCE(SUM(CASE WHEN c.status IN ({', '.join(['%s'] * len(counted))}) THEN c.{q('count')} END), 0), "
        f"COALESCE(SUM(CASE WHEN c.status IN ({', '.join(['%s'] * len(every))}) THEN c.{q('count')} END), 0), "
        f"COALESCE(SUM(CASE WHEN c.status IN ({', '.join(['%s'] * len(counted))}) THEN c.benefit END), 0), "
        f"t.kind, t.value "
        f"FROM {q(Unit._meta.db_table)} u "
        f"LEFT JOIN {q(MemberTotal._meta.db_table)} m ON m.unit_id = u.id "
        f"LEFT JOIN {q(Counter._meta.db_table)} c ON c.unit_id = u.id AND c.campaign_id = %s{phase} "
        f"LEFT JOIN {q(Target._meta.db_table)} t ON t.unit_id = u.id AND t.campaign_id = %s AND t.phase_no = %s "
        f"WHERE u.path >= %s{' AND u.path < %s' if upper else ''} AND u.depth = %s "
        f"GROUP BY u.id, u.code, u.name, m.members, u.headcount, t.kind, t.value ORDER BY u.name"
    )
    params = [*counted, *every, *counted, campaign.pk, *([phase_no] if phase_no else []), campaign.pk, phase_no,
              unit.path, *([upper] if upper else []), unit.depth + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    children = []
    for pk, code, name, members, counted_n, entries, benefit, kind, value in rows:
        members, counted_n, entries, benefit = int(members or 0), int(counted_n), int(entries), int(benefit)
        required = None if kind is None else Target.required_of(kind, value, members)
        children.append(Child(
            pk=pk, code=code, name=name, members=members, counted=counted_n, entries=entries, benefit=benefit,
            required=required, per100=counted_n * 100.0 / members if members > 0 else None,
            percent=counted_n * 100.0 / required if required else None,
        ))
    return children


RANKED_BY = {"count": "counted", "per100": "per100", "percent": "percent"}


def ranked(children, order="count"):
    """`children` (children_figures) ranked by `order`: "count" (approved and beyond), "per100"
    (per 100 members) or "percent" (of target); highest first, units without the figure last,
    ties by name."""
    key = RANKED_BY.get(order, "counted")
    return sorted(children, key=lambda c: (getattr(c, key) is None, -(getattr(c, key) or 0)))


def children_ranked(unit, campaign, *, phase_no=0, order="count"):
    """The unit's direct children with their figures, ranked (see `ranked`): a list."""
    return ranked(children_figures(unit, campaign, phase_no), order)


def without_entries(children):
    """Those of `children` (children_figures, by name) with no entry in a counted state."""
    return [c for c in children if c.entries == 0]


def targets_of(children):
    """{'required': the sum of `children`'s targets as numbers of entries, 'with_target': how
    many have one}."""
    targeted = [c.required for c in children if c.required is not None]
    return {"required": sum(targeted), "with_target": len(targeted)}


def weekly_trend(unit, campaign, limit=26):
    rows = list(WeeklyCounter.objects.filter(unit=unit, campaign=campaign).order_by("-week")
                .values_list("week", "submitted", "approved")[:limit])
    rows.reverse()
    return rows
