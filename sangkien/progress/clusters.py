"""Emulation clusters (cụm/khối thi đua): the leader of each cluster in each quarter.

The rule, shown on the dashboard as well:

- A quarter is a calendar quarter, cut to the campaign's window (eligible_from..eligible_to).
  Confirmations are counted per week (WeeklyCounter.confirmed: CĐCS confirm moves); a week
  belongs to the quarter that holds its Monday.
- A unit's quarterly target is its campaign target (phase 0) × the days of the quarter inside
  the window ÷ the days of the window. A unit without a campaign target is not ranked.
- A unit beats its quarterly target when its confirmations in the quarter are at least that
  number (compared exactly, in integers: confirmed × window days ≥ required × quarter days).
- The leader is the unit with the most confirmations among those that beat their target and
  confirmed at least one entry; units level on that number lead together.

A cluster is shown on the dashboard of the level that organises it: the lowest unit whose
subtree holds every member and that is not a member itself. A level forms clusters among the
units directly below it (a federation's provinces) or further down (a province's education
union grouping its schools by area, across districts).
"""

import datetime
import os
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from sangkien.core.memo import ProcessMemo
from sangkien.orgs.models import Cluster, Unit

from .members import members_expression
from .models import Target, Version, WeeklyCounter
from .versions import GLOBAL

MAX_CLUSTERS = 30
# A cluster with more members than this is listed without its quarterly ranking: ranking it
# reads every member's target, headcount and weekly confirmations on each render of a page
# that changes with every move below it (5 s for the 60 clusters of ~3,000 schools each of
# the bench's national tree). Emulation clusters and blocks are tens of units, a province's
# block of schools a few hundred.
MAX_RANKED = 500


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    starts_on: datetime.date  # calendar quarter
    ends_on: datetime.date
    days: int  # days of the quarter inside the campaign window

    @property
    def key(self):
        return f"q{self.year}_{self.number}"


def quarters(campaign, today=None):
    """Quarters of the campaign window that have begun by `today`, oldest first."""
    today = today or timezone.localdate()
    first, last = campaign.eligible_from, min(campaign.eligible_to, today)
    out = []
    year, number = first.year, (first.month - 1) // 3 + 1
    while True:
        start = datetime.date(year, 3 * number - 2, 1)
        if start > last:
            break
        end = (datetime.date(year + (number == 4), 1 if number == 4 else 3 * number + 1, 1)
               - datetime.timedelta(days=1))
        inside = (min(end, campaign.eligible_to) - max(start, campaign.eligible_from)).days + 1
        out.append(Quarter(year, number, start, end, inside))
        year, number = (year + 1, 1) if number == 4 else (year, number + 1)
    return out


def window_days(campaign):
    return (campaign.eligible_to - campaign.eligible_from).days + 1


@dataclass
class Member:
    unit: Unit
    required: int | None  # the campaign target's required number, None without a target
    confirmed: dict = field(default_factory=dict)  # quarter key -> confirmations


@dataclass
class QuarterStanding:
    quarter: Quarter
    leaders: list  # [(Member, confirmed, quota)]
    beaten: int  # how many members beat their quarterly target


@dataclass
class ClusterStanding:
    cluster: Cluster
    members: list
    quarters: list  # [QuarterStanding], newest first
    size: int = 0  # how many units the cluster holds
    ranked: bool = True  # False past MAX_RANKED: listed, not ranked

    @property
    def latest(self):
        return self.quarters[0] if self.quarters else None


def quota(required, quarter, days_of_window):
    """The quarterly target, for display (rounded up): the comparison itself is exact."""
    return -(-required * quarter.days // days_of_window)


def beats(confirmed, required, quarter, days_of_window):
    return required is not None and confirmed * days_of_window >= required * quarter.days


def clusters_owned_by(unit, owners=None):
    """The clusters `unit` organises (the module's rule), by name."""
    owners = _owners() if owners is None else owners
    owned = [pk for pk, (path, _size) in owners.items() if path == unit.path]
    return Cluster.objects.filter(pk__in=owned).order_by("name")


# {cluster id: (the path of the unit that organises it, its size)}, kept by each process under the global
# version number, which every change of the tree or of a unit's cluster moves
# (progress/apps.py, members_refresh after an import).
_OWNERS = ProcessMemo(keep=4)


def _global_number():
    return Version.objects.filter(unit_id=GLOBAL).values_list("n", flat=True).first() or 0


def _owners(global_n=None):
    global_n = _global_number() if global_n is None else global_n
    owners = _OWNERS.get(global_n)
    if owners is None:
        # One pass over the units in clusters (38 ms for 125,000 of them on PostgreSQL), once
        # per process and global version: the dashboards that show clusters are cached on top.
        spans = (Unit.objects.filter(cluster__isnull=False).values("cluster_id")
                 .annotate(first=Min("path"), last=Max("path"), size=Count("pk")).order_by())
        owners = _OWNERS.put(global_n, {row["cluster_id"]: (owner_path(row["first"], row["last"]), row["size"])
                                        for row in spans})
    return owners


def owner_path(first, last, steplen=Unit.steplen):
    """The path of the unit organising a cluster whose members' paths sort from `first` to
    `last`: their lowest common ancestor (the common prefix of the two, whole steps), or its
    parent when that ancestor is a member itself (then it sorts first); None for a cluster
    holding the root."""
    common = len(os.path.commonprefix([first, last]))
    path = first[:common - common % steplen]
    if path == first:
        path = path[:-steplen]
    return path or None


# {(unit, campaign, global version, day): (monotonic time computed, [ClusterStanding])}
_STANDINGS = ProcessMemo(keep=256)


def cluster_standings(unit, campaign, today=None, global_n=None):
    """[ClusterStanding] for the clusters `unit` organises, as computed by this process at most
    CLUSTER_STANDINGS_SECONDS ago (at once again when targets, the tree or the day change).

    A unit's dashboard is drawn again after every move below it, and the national root's
    clusters hold hundreds of units: ranking them read every member's weekly confirmations
    (230 ms on SQLite for 830 members, 20 times a second while moves go on).

    `global_n`: the global version number when the caller has read it (the dashboard has)."""
    global_n = _global_number() if global_n is None else global_n
    key = (unit.pk, getattr(campaign, "pk", None), global_n, today or timezone.localdate())
    kept = _STANDINGS.get(key)
    if kept is not None and time.monotonic() - kept[0] < settings.CLUSTER_STANDINGS_SECONDS:
        return kept[1]
    standings = _standings(unit, campaign, today, _owners(global_n))
    _STANDINGS.put(key, (time.monotonic(), standings))
    return standings


def _standings(unit, campaign, today, owners):
    """cluster_standings, computed: three queries in all."""
    clusters = list(clusters_owned_by(unit, owners)[:MAX_CLUSTERS])
    if not clusters or campaign is None:
        return []
    sizes = {c.pk: owners[c.pk][1] for c in clusters}
    ranked = [c for c in clusters if sizes[c.pk] <= MAX_RANKED]
    target = Target.objects.filter(unit=OuterRef("pk"), campaign=campaign, phase_no=0)
    units = list(Unit.objects.filter(cluster__in=ranked).select_related("kind").annotate(
        target_kind=Subquery(target.values("kind")[:1]), target_value=Subquery(target.values("value")[:1]),
        members=members_expression(),
    ).order_by("name"))
    periods = quarters(campaign, today)
    sums = {f"{q.key}": Sum("confirmed", filter=Q(week__gte=q.starts_on, week__lte=q.ends_on)) for q in periods}
    counts = {}
    if periods:
        rows = (WeeklyCounter.objects.filter(unit__in=[u.pk for u in units], campaign=campaign,
                                             week__gte=periods[0].starts_on, week__lte=periods[-1].ends_on)
                .values("unit_id").annotate(**sums).order_by())
        counts = {row["unit_id"]: row for row in rows}
    days = window_days(campaign)
    by_cluster = {c.pk: ClusterStanding(cluster=c, members=[], quarters=[], size=sizes[c.pk], ranked=c in ranked)
                  for c in clusters}
    for unit_ in units:
        required = None
        if unit_.target_value is not None:
            required = Target(kind=unit_.target_kind, value=unit_.target_value).required(unit_.members)
        row = counts.get(unit_.pk, {})
        member = Member(unit=unit_, required=required, confirmed={q.key: row.get(q.key) or 0 for q in periods})
        by_cluster[unit_.cluster_id].members.append(member)
    for standing in by_cluster.values():
        for quarter in reversed(periods if standing.ranked else []):
            winners = [m for m in standing.members
                       if m.confirmed[quarter.key] > 0 and beats(m.confirmed[quarter.key], m.required, quarter, days)]
            best = max((m.confirmed[quarter.key] for m in winners), default=0)
            leaders = [(m, m.confirmed[quarter.key], quota(m.required, quarter, days))
                       for m in winners if m.confirmed[quarter.key] == best]
            standing.quarters.append(QuarterStanding(quarter=quarter, leaders=leaders, beaten=len(winners)))
    return list(by_cluster.values())
