"""The public JSON API (v1). Read-only, no login: figures only, never an initiative's title,
author or content, so confidential entries are counted like any other and described nowhere.

Every answer carries `Access-Control-Allow-Origin: *` (the counter widget reads it from union
websites on other domains) and may be cached for 30 seconds by browsers and proxies.

The counter widget asks on every view of every union website that pastes it, so each process
keeps the figures it answered under the unit's version numbers (progress.versions, bumped in
the transaction of every move, import, deletion and target or tree change): an answer costs
the one query reading those numbers until the figures change.
"""

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sangkien.core.memo import ProcessMemo
from sangkien.orgs.models import Unit
from sangkien.progress import selectors, versions
from sangkien.progress.dashboard import campaign_choice

MAX_AGE = 30

# The figures answered, by (unit id, global and unit version numbers, campaign and phase asked).
_FIGURES = ProcessMemo(keep=4096)


def _answer(payload, status=200):
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


@require_http_methods(["GET", "HEAD", "OPTIONS"])
def progress(request: HttpRequest, code: str):
    """GET /api/v1/progress/<unit code>[?campaign=<code>&phase=<n>]

    unit, name, counts (per status, drafts excluded), counted (approved and beyond: what
    targets count), confirmed (confirmed by the CĐCS and beyond), benefit_vnd (of counted
    entries), participants, target (required number, or null), percent (counted / target),
    campaign, phase, updated_at: when these figures were read; the counters are updated in
    the same transaction as every move, so they are current at that instant.
    """
    if request.method == "OPTIONS":
        return _answer({})
    row = versions.of_code(code)
    if row is None:
        return _answer({"error": "not_found", "detail": f"Không có đơn vị mã “{code}”."}, status=404)
    asked = (request.GET.get("campaign"), request.GET.get("phase"))
    key = (row, *asked)
    payload = _FIGURES.get(key)
    if payload is None:
        payload = _figures(row[0], *asked)
        if payload is None:
            return _answer({"error": "no_campaign", "detail": "Chưa có chương trình nào."}, status=404)
        _FIGURES.put(key, payload)
    # The numbers were read just now and have not moved since the figures were: current now.
    return _answer({**payload, "updated_at": timezone.now().isoformat(timespec="seconds")})


def _figures(unit_id, campaign_code, phase_text):
    """The answer's figures for the unit, or None when there is no campaign yet."""
    unit = Unit.objects.only("pk", "code", "name", "headcount").get(pk=unit_id)
    choice = campaign_choice(campaign_code, phase_text)
    if choice.campaign is None:
        return None
    figures = selectors.unit_figures(unit, choice.campaign, choice.phase_no)
    counts = {value: count for value, _label, count, _benefit in selectors.status_rows(figures)}
    return {
        "unit": unit.code,
        "name": unit.name,
        "campaign": choice.campaign.code,
        "phase": choice.phase_no,
        "counts": counts,
        "counted": figures.counted,
        "confirmed": figures.confirmed,
        "benefit_vnd": figures.benefit,
        "participants": figures.people,
        "target": figures.required,
        "percent": figures.percent,
    }
