"""Council scoring pages: a unit's scheme, assigning scorers, the scorer's queue and sheet.

Thin views: reads through scoring.py's selectors, writes through its services, which check
the rules themselves (rules.py: initiatives.manage_scoring, initiatives.score_initiative).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangkien.orgs.access import root_paths
from sangkien.orgs.models import Unit

from . import lists, scoring
from .forms_scoring import CriterionFormSet, SchemeForm, ScoreForm, criteria_rows, criterion_initial
from .models import Campaign, Initiative, ScoringAssignment, ScoringScheme
from .presenting import present
from .rules import SCORING_MANAGER_ROLES

SCORING_UNITS_FOUND = 30


def _campaign(request):
    code = (request.GET.get("campaign") or request.POST.get("campaign") or "").strip()
    qs = Campaign.objects.all()
    campaign = qs.filter(code=code).first() if code else qs.filter(is_active=True).first() or qs.first()
    if campaign is None:
        raise Http404(_("Chưa có chương trình nào."))
    return campaign


def _managed_unit(request, unit_code):
    unit = Unit.objects.select_related("kind").filter(code=unit_code).first()
    if unit is None or not request.user.has_perm("initiatives.manage_scoring", unit):
        # Someone else's unit is not shown, not even as "forbidden".
        raise Http404(_("Không có đơn vị này, hoặc bạn không quản lý việc chấm điểm của đơn vị này."))
    return unit


def _scheme_url(unit, campaign, name="initiatives:scoring_scheme"):
    return reverse(name, args=[unit.code]) + f"?campaign={campaign.code}"


@login_required
def units(request):
    """Where the user may set up scoring: the units of their roles, and schemes below them."""
    from .selectors import _within

    campaign = _campaign(request)
    tops = root_paths(request.user, SCORING_MANAGER_ROLES)
    if request.user.is_superuser:
        tops = list(Unit.get_root_nodes().values_list("path", flat=True))
    own = Unit.objects.filter(path__in=tops).order_by("path")
    schemes = (ScoringScheme.objects.filter(campaign=campaign).filter(_within(tops, column="unit__path"))
               .select_related("unit").order_by("unit__path")[:200])
    # A unit below one's own, found by name (tone marks and đ/Đ ignored) or by its code.
    query = (request.GET.get("q") or "").strip()[:100]
    found = []
    if query and tops:
        below = Unit.objects.within_any(tops)
        found = list(below.filter(code__iexact=query)) or list(below.search(query)[:SCORING_UNITS_FOUND])
    return render(request, "initiatives/scoring/units.html",
                  {"campaign": campaign, "units": own, "schemes": schemes, "query": query, "found": found,
                   "found_cap": SCORING_UNITS_FOUND, "campaigns": Campaign.objects.all()})


@login_required
def scheme(request, unit_code):
    unit = _managed_unit(request, unit_code)
    campaign = _campaign(request)
    current = ScoringScheme.objects.filter(unit=unit, campaign=campaign).first()
    locked = current is not None and scoring.is_locked(current)
    extra_errors = []
    if request.method == "POST" and not locked:
        form = SchemeForm(request.POST)
        formset = CriterionFormSet(request.POST, prefix="criteria")
        if form.is_valid() and formset.is_valid():
            rows = criteria_rows(formset)
            try:
                scoring.scheme_save(acting_user=request.user, unit=unit, campaign=campaign,
                                    pass_mark=form.cleaned_data["pass_mark"], criteria=rows)
            except ValidationError as exc:
                filled = [f for f in formset.forms if not f.is_blank()]
                for key, problems in exc.message_dict.items():
                    if key == "pass_mark":
                        form.add_error("pass_mark", problems)
                    elif key.startswith("row-"):
                        filled[int(key[4:])].add_error("max_points", problems)
                    else:
                        extra_errors += [(p, "#criteria") for p in problems]
            else:
                messages.success(request, _("Đã lưu cách chấm điểm. Bây giờ bạn có thể phân công thành viên "
                                            "hội đồng chấm các sáng kiến đang chờ ở cấp này."))
                return redirect(_scheme_url(unit, campaign))
        status = 400
    else:
        if request.method == "POST":
            messages.error(request, scoring.LOCKED_MESSAGE)
        form = SchemeForm(initial={"pass_mark": scoring.points_vn(current.pass_mark) if current else "50"})
        formset = CriterionFormSet(initial=criterion_initial(current), prefix="criteria")
        status = 200
    criteria = list(current.criteria.all()) if current else []
    for c in criteria:
        c.max_vn = scoring.points_vn(c.max_points)
    context = {
        "unit": unit, "campaign": campaign, "scheme": current, "locked": locked, "form": form,
        "formset": formset, "criteria": criteria, "extra_errors": extra_errors,
        "total_max": scoring.points_vn(sum(c.max_points for c in criteria)) if criteria else "",
        "formset_errors": [(i + 1, f) for i, f in enumerate(formset.forms) if f.errors] if formset.is_bound else [],
    }
    return render(request, "initiatives/scoring/scheme.html", context,
                  status=status if request.method == "POST" and not locked else 200)


@login_required
def assign(request, unit_code):
    unit = _managed_unit(request, unit_code)
    campaign = _campaign(request)
    current = ScoringScheme.objects.select_related("unit").filter(unit=unit, campaign=campaign).first()
    if current is None:
        messages.error(request, _("Đơn vị chưa có cách chấm điểm cho chương trình này. Hãy đặt tiêu chí trước."))
        return redirect(_scheme_url(unit, campaign))
    scorers = list(scoring.eligible_scorers(current))
    waiting = scoring.waiting_at(current).order_by("status_changed_at", "pk")
    problem, scorer_problem, result = "", "", None
    chosen_ids, picked_ids = set(), set()
    if request.method == "POST":
        chosen = [s for s in scorers if str(s.pk) in request.POST.getlist("scorer")]
        chosen_ids = {s.pk for s in chosen}
        if request.POST.get("all"):
            picked = list(waiting.prefetch_related("authors"))
        else:
            ids = [int(v) for v in request.POST.getlist("pick") if v.isdigit() and len(v) < 12]
            picked = list(waiting.filter(pk__in=ids).prefetch_related("authors"))
            picked_ids = {i.pk for i in picked}
        if not chosen:
            # named beside the list of members as well as at the top; the ticks stay as they were
            scorer_problem = _("Hãy chọn ít nhất một thành viên hội đồng.")
        if not picked:
            problem = _("Bạn chưa chọn sáng kiến nào. Hãy đánh dấu sáng kiến, hoặc bấm “Phân công cho mọi sáng "
                        "kiến đang chờ”.")
        elif chosen:
            try:
                result = scoring.scorers_assign(acting_user=request.user, scheme=current, initiatives=picked,
                                                scorers=chosen)
            except ValidationError as exc:
                problem = " ".join(exc.messages)
        if result is not None and not result.skipped:
            messages.success(request, _("Đã phân công %(created)s lượt chấm (%(already)s lượt đã có từ trước).")
                             % {"created": result.created, "already": result.already})
            return redirect(_scheme_url(unit, campaign, "initiatives:scoring_assign"))
    page = lists.paginate(lists.for_display(waiting), request.GET.get("page"))
    assigned = scoring.assignments_by_entry(current, page.items)
    rows = []
    for item in page.items:
        row = present(item, request.user)
        row.assignments = assigned.get(item.pk, [])
        row.scored = sum(1 for a in row.assignments if a.scored_at is not None)
        row.picked = item.pk in picked_ids
        rows.append(row)
    errors = [m for m in (scorer_problem, problem) if m]
    context = {"unit": unit, "campaign": campaign, "scheme": current, "scorers": scorers, "page": page,
               "rows": rows, "errors": errors, "scorer_problem": scorer_problem, "result": result,
               "chosen_ids": chosen_ids, "query": f"campaign={campaign.code}"}
    return render(request, "initiatives/scoring/assign.html", context, status=400 if errors else 200)


@login_required
@require_POST
def unassign(request, unit_code, assignment_id):
    """Bỏ phân công: takes back one scorer's assignment that has not been scored yet."""
    unit = _managed_unit(request, unit_code)
    campaign = _campaign(request)
    assignment = get_object_or_404(ScoringAssignment.objects.select_related("scorer", "initiative"),
                                   pk=assignment_id, scheme__unit=unit)
    name, title = assignment.scorer.full_name, assignment.initiative.title
    try:
        scoring.scorer_unassign(acting_user=request.user, assignment=assignment)
    except scoring.ScoringRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã bỏ phân công %(name)s chấm “%(title)s”.") % {"name": name, "title": title})
    back = _scheme_url(unit, campaign, "initiatives:scoring_assign")
    page = request.POST.get("page", "")
    return redirect(f"{back}&page={page}" if page.isdigit() else back)


@login_required
def queue(request):
    qs = scoring.scoring_queue(request.user)
    page = lists.paginate(qs, request.GET.get("page"))
    for assignment in page.items:
        assignment.total_vn = scoring.points_vn(assignment.total)
    return render(request, "initiatives/scoring/queue.html", {"page": page, "query": ""})


@login_required
def score(request, pk):
    initiative = get_object_or_404(Initiative.objects.select_related("unit", "level_unit", "campaign")
                                   .prefetch_related("authors"), pk=pk)
    if not (request.user.has_perm("initiatives.view", initiative)):
        raise Http404
    assignment = scoring.assignment_of(request.user, initiative)
    reason = scoring.refusal(request.user, initiative, assignment)
    if reason:
        return render(request, "initiatives/scoring/refused.html", {"initiative": initiative, "reason": reason},
                      status=403)
    criteria = list(assignment.scheme.criteria.all())
    for c in criteria:
        c.max_vn = scoring.points_vn(c.max_points)
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                saved = scoring.score_submit(acting_user=request.user, initiative=initiative, points=form.points(),
                                             comment=form.cleaned_data["comment"])
            except scoring.ScoringRefused as exc:
                return render(request, "initiatives/scoring/refused.html",
                              {"initiative": initiative, "reason": exc.message}, status=403)
            except ValidationError as exc:
                for key, problems in exc.message_dict.items():
                    form.add_error(key if key in form.fields else None, problems)
            else:
                messages.success(request, _("Đã lưu điểm của bạn cho “%(title)s”: %(total)s/%(max)s. Bạn sửa được "
                                            "điểm cho tới khi sáng kiến được quyết định ở cấp này.")
                                 % {"title": initiative.title, "total": scoring.points_vn(saved.total),
                                    "max": scoring.points_vn(sum(c.max_points for c in criteria))})
                return redirect("initiatives:scoring_queue")
        status = 400
    else:
        initial = {"comment": assignment.comment}
        initial.update({f"c{s.criterion_id}": scoring.points_vn(s.points) for s in assignment.scores.all()})
        form = ScoreForm(initial=initial, criteria=criteria)
        status = 200
    context = {"initiative": initiative, "assignment": assignment, "scheme": assignment.scheme, "form": form,
               "total_max": scoring.points_vn(sum(c.max_points for c in criteria)),
               "my_total": scoring.points_vn(assignment.total) if assignment.scored_at else "",
               "pass_mark": scoring.points_vn(assignment.scheme.pass_mark)}
    return render(request, "initiatives/scoring/score.html", context, status=status)
