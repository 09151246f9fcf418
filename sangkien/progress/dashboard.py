"""Reads for the dashboard pages beyond selectors.py: the campaign picker, the sum of the
children's targets, the trend of a phase, and the extra columns of the export.

Like selectors.py, each function costs a fixed number of queries whatever the size of the
tree: the children are read through one aggregate or one page, never one query per child.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Sum

from sangkien.initiatives.models import Campaign

from .models import Counter, PeopleCounter, WeeklyCounter


@dataclass
class Choice:
    campaigns: list
    campaign: Campaign | None
    phase_no: int
    phase: object  # the Phase, or None for the whole campaign


def campaigns_with_phases():
    """Every campaign, newest first, with its phases: two queries."""
    return list(Campaign.objects.prefetch_related("phases"))


def campaign_choice(campaign_code=None, phase_text=None, campaigns=None):
    """The campaign and phase asked for in the query string, else the newest active campaign
    and the whole campaign (phase 0). Two queries (campaigns, then their phases) unless the
    caller has `campaigns` from campaigns_with_phases()."""
    if campaigns is None:
        campaigns = campaigns_with_phases()
    chosen = next((c for c in campaigns if c.code == campaign_code), None)
    if chosen is None:
        chosen = next((c for c in campaigns if c.is_active), campaigns[0] if campaigns else None)
    phase_no, phase = 0, None
    if chosen is not None and phase_text and str(phase_text).isdigit():
        phase = next((p for p in chosen.phases.all() if p.number == int(phase_text)), None)
        phase_no = phase.number if phase else 0
    return Choice(campaigns=campaigns, campaign=chosen, phase_no=phase_no, phase=phase)


# Weeks without activity between two that had some are drawn as zeros up to this many; a longer
# silence (a late approval years after the campaign) is left out, the chart jumping over it, so
# that one stray week cannot push the campaign's history off the chart.
GAP_FILLED = 8


def trend(unit, campaign, phase=None, limit=26):
    """[(monday, submitted, confirmed, approved), …]: the last `limit` weeks with activity (inside
    the phase when one is given), with the quiet weeks between them filled with zeros where the
    silence lasts at most GAP_FILLED weeks; `limit` weeks at most in all."""
    rows = WeeklyCounter.objects.filter(unit=unit, campaign=campaign)
    if phase is not None:
        rows = rows.filter(week__gte=phase.starts_on - datetime.timedelta(days=6), week__lte=phase.ends_on)
    rows = list(rows.order_by("-week").values_list("week", "submitted", "confirmed", "approved")[:limit])
    rows.reverse()
    filled = []
    for row in rows:
        if filled:
            quiet = (row[0] - filled[-1][0]).days // 7 - 1
            if quiet <= GAP_FILLED:
                filled.extend((filled[-1][0] + datetime.timedelta(weeks=n + 1), 0, 0, 0) for n in range(quiet))
        filled.append(row)
    return filled[-limit:]


def status_counts_of(units, campaign, phase_no=0):
    """{unit_id: {status: count}} for the given units (one page, or all children for an export)."""
    scope = {"phase_no": phase_no} if phase_no else {}
    out = {}
    rows = (Counter.objects.filter(unit__in=[u.pk for u in units], campaign=campaign, **scope)
            .values("unit_id", "status").annotate(n=Sum("count")).order_by())
    for row in rows:
        out.setdefault(row["unit_id"], {})[row["status"]] = row["n"] or 0
    return out


def people_of(units, campaign):
    """{unit_id: participants} for the given units."""
    return dict(PeopleCounter.objects.filter(unit__in=[u.pk for u in units], campaign=campaign)
                .values_list("unit_id", "people"))
