"""Reads for dashboards, rankings and the public counter. Every figure comes from the counter
tables, so the cost of a page does not grow with the number of initiatives or units below."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Ceil, Coalesce

from sangkien.initiatives.models import Status
from sangkien.orgs.models import Unit

from .counters import CONFIRMED_STATUSES, COUNTED_STATUSES, TARGET_STATUSES
from .members import members_expression, members_of
from .models import Counter, PeopleCounter, Target, WeeklyCounter


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


def _sum_of(campaign, statuses, phase_no):
    return Subquery(
        Counter.objects.filter(unit=OuterRef("pk"), campaign=campaign, status__in=statuses,
                               **_phase_filter(phase_no))
        .values("unit").annotate(s=Sum("count")).values("s")[:1],
        output_field=IntegerField(),
    )


def children_ranked(unit, campaign, *, phase_no=0, order="count"):
    """The unit's direct children with their figures, ranked; a queryset to paginate.

    order: "count" (approved and beyond), "per100" (per 100 members) or "percent" (of target).
    """
    target = Target.objects.filter(unit=OuterRef("pk"), campaign=campaign, phase_no=phase_no)
    children = (
        Unit.objects.subtree_of(unit, include_self=False).filter(depth=unit.depth + 1)
        .select_related("kind", "cluster")
        .annotate(
            counted=Coalesce(_sum_of(campaign, TARGET_STATUSES, phase_no), 0),
            entries=Coalesce(_sum_of(campaign, sorted(COUNTED_STATUSES), phase_no), 0),
            benefit=Coalesce(Subquery(
                Counter.objects.filter(unit=OuterRef("pk"), campaign=campaign, status__in=TARGET_STATUSES,
                                       **_phase_filter(phase_no))
                .values("unit").annotate(s=Sum("benefit")).values("s")[:1]), 0),
            target_kind=Subquery(target.values("kind")[:1]),
            target_value=Subquery(target.values("value")[:1]),
            members=members_expression(),
        )
        .annotate(
            required=Case(
                When(target_kind=Target.Kind.SHARE, then=Ceil(F("members") * F("target_value") / 100.0)),
                default=F("target_value"), output_field=IntegerField(),
            ),
        )
        .annotate(
            per100=Case(When(members__gt=0, then=F("counted") * 100.0 / F("members")),
                        default=Value(None), output_field=FloatField()),
            percent=Case(When(required__gt=0, then=F("counted") * 100.0 / F("required")),
                         default=Value(None), output_field=FloatField()),
        )
    )
    key = {"count": "counted", "per100": "per100", "percent": "percent"}.get(order, "counted")
    return children.order_by(F(key).desc(nulls_last=True), "name")


def children_without_entries(unit, campaign, phase_no=0):
    return children_ranked(unit, campaign, phase_no=phase_no).filter(Q(entries=0)).order_by("name")


def weekly_trend(unit, campaign, limit=26):
    rows = list(WeeklyCounter.objects.filter(unit=unit, campaign=campaign).order_by("-week")
                .values_list("week", "submitted", "approved")[:limit])
    rows.reverse()
    return rows
