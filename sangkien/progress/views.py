"""Dashboards over a unit's subtree, targets, the embeddable counter and the share card.

Every figure comes from the counter tables through selectors.py / dashboard.py /
clusters.py; the views only read the query string, check access and pick a template.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sangkien.core.ahead import reads_ahead
from sangkien.core.formatting import group_thousands
from sangkien.core.memo import ProcessMemo
from sangkien.core.pages import TOKEN_SLOT, page_key, respond
from sangkien.core.tabular import ImportRejected, UnreadableFile, write_xlsx
from sangkien.orgs.access import reaches, root_paths
from sangkien.orgs.models import Unit
from sangkien.orgs.roles import Role

from . import clusters, dashboard, public, selectors, versions
from .charts import weekly_bars
from .forms import TargetAllForm, TargetFileForm, TargetOneForm
from .models import Target
from .rules import TARGET_ROLES
from .services import TARGET_HEADER, target_set, targets_import, targets_set_for_children

PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORDERS = {
    "count": gettext_lazy("Số sáng kiến"),
    "per100": gettext_lazy("Trên 100 đoàn viên"),
    "percent": gettext_lazy("% chỉ tiêu"),
}


def _fragment(request, target):
    """True when htmx asks for the part of the page with id `target` (not a history restore)."""
    return bool(request.htmx) and not request.htmx.history_restore_request and request.htmx.target == target


def _forbidden(request, unit):
    return render(request, "orgs/forbidden.html", {"unit": unit}, status=403)


def _unit_or_404(code):
    return get_object_or_404(Unit.objects.select_related("kind", "cluster"), code=code)


def may_set_targets(user, unit):
    """progress.set_target holds for every unit strictly below `unit` exactly when the user holds
    a target-setting role in `unit` or above it (rules.sets_targets_below): asked once here
    instead of once per child."""
    return user.is_authenticated and (user.is_superuser or reaches(user, unit.path, TARGET_ROLES))


def _query(choice, **extra):
    params = {"campaign": choice.campaign.code if choice.campaign else "", "phase": choice.phase_no, **extra}
    return urlencode({k: v for k, v in params.items() if v not in ("", None)})


@require_GET
@login_required
def dashboard_default(request: HttpRequest):
    """The user's own dashboard: the highest unit where they hold a role."""
    tops = root_paths(request.user, frozenset(Role.values))
    unit = Unit.objects.filter(path=tops[0]).first() if tops else None
    if unit is None and request.user.is_superuser:
        unit = public.national_root()
    if unit is None:
        return render(request, "progress/no_unit.html")
    return redirect("progress:dashboard", code=unit.code)


# What a dashboard reads besides the figures (the unit, its ancestors, the campaigns and their
# phases) changes only with a save that bumps the global version (progress/apps.py, imports):
# each process keeps it under (unit id, global version).
_FACTS = ProcessMemo(keep=2048)


def _page_facts(row):
    """(unit, ancestors, campaigns, (global number, unit number)) for the row of
    versions.of_code: no query when this process has read the unit at the current global
    version, three the first time."""
    pk, global_n, unit_n = row
    facts = _FACTS.get((pk, global_n))
    if facts is None:
        unit = Unit.objects.select_related("kind", "cluster").get(pk=pk)
        facts = _FACTS.put((pk, global_n), (unit, list(unit.ancestors()), dashboard.campaigns_with_phases()))
    return (*facts, (global_n, unit_n))


@require_GET
@login_required
@reads_ahead(versions.ahead_for_code)
def dashboard_view(request: HttpRequest, code: str):
    # The unit's id and version numbers: one query, read with the session (core.ahead).
    row = versions.of_code(code, ahead=getattr(request, "read_ahead", None))
    if row is None:
        raise Http404
    # A whole page is kept under everything it shows (_page_key) and served before anything
    # else is read: it was kept only after the checks below passed for this same viewer.
    kept = _page_key(request, row)
    html = _PAGES.get(kept) if kept else None
    if html is not None:
        return respond(request, html)
    unit, ancestors, campaigns, numbers = _page_facts(row)
    user = request.user
    if not user.has_perm("orgs.view_unit", unit):
        return _forbidden(request, unit)
    choice = dashboard.campaign_choice(request.GET.get("campaign"), request.GET.get("phase"), campaigns)
    campaign = choice.campaign
    context = {"unit": unit, "choice": choice, "query": _query(choice)}
    if campaign is None:
        return render(request, "progress/dashboard.html", context)

    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "count"
    context.update({"order": order, "orders": ORDERS, "order_label": ORDERS[order]})
    if _fragment(request, "ranked"):
        context["ranked"] = _ranked_page(request, unit, choice, order)
        return render(request, "progress/_partials/ranked.html", context)
    if _fragment(request, "no-entries"):
        context["quiet"] = _quiet_page(request, unit, choice)
        return render(request, "progress/_partials/no_entries.html", context)

    key = _body_key(request, unit, choice, numbers)
    cached = cache.get(key)
    if cached is None:
        cached = _body(request, unit, choice, dict(context), global_n=numbers[0])
        cache.set(key, cached, BODY_SECONDS)
    context.update({
        "breadcrumbs": [(a, user.has_perm("orgs.view_unit", a)) for a in ancestors],
        "body": mark_safe(cached["html"]),  # noqa: S308 (rendered by _body from our own template)
        "may_set_targets": cached["children"] > 0 and may_set_targets(user, unit),
        "csrf_token": TOKEN_SLOT,
    })
    if context["may_set_targets"]:
        context["target_section"] = _target_section(unit, choice, numbers[0])
    html = render_to_string("progress/dashboard.html", context, request=request)
    if kept:
        _PAGES.put(kept, html)
    # The page is kept with a slot for the CSRF token: each request puts in its own.
    return respond(request, html)


# Whole dashboard pages, kept by each process under everything they show (see _page_key).
_PAGES = ProcessMemo(keep=256)


def _page_key(request, row):
    """Everything a whole dashboard page shows: the unit and its version numbers (`row` of
    versions.of_code), the day (the current week and quarter) and what core.pages.viewer_key
    reads of the request and the viewer (the address holds the campaign, phase, order and
    pages; roles decide access, the menu, the breadcrumbs' links and the target forms). None
    when a message waits, and for htmx requests, whose answer depends on their target."""
    if getattr(request, "htmx", False):
        return None
    return page_key(request, "dashboard", row)


def _target_section(unit, choice, global_n):
    """The target forms, rendered once per unit, campaign, phase, language and version of the
    campaigns (their phases are the forms' choices), with a slot for the viewer's CSRF token."""
    key = (f"progress:targetforms:{unit.pk}:{choice.campaign.pk}:{choice.phase_no}:{global_n}:"
           f"{get_language()}")
    html = cache.get(key)
    if html is None:
        context = {"unit": unit, "choice": choice, "csrf_token": TOKEN_SLOT,
                   **_target_forms(choice.campaign, choice.phase_no)}
        html = render_to_string("progress/_partials/target_section.html", context)
        cache.set(key, html, BODY_SECONDS)
    return mark_safe(html)  # noqa: S308 (our template)


# Cached regions live at most this long even unread; exactness comes from the key's versions.
BODY_SECONDS = 3600


def _body_key(request, unit, choice, numbers):
    """Everything the cached body shows depends on: the unit, the query string (campaign, phase,
    order, both pages), the versions of the unit's subtree and of targets/tree/members, the
    language and the day (the current week and quarter). Nothing of the viewer's: the body has
    no form, no token and no per-user link."""
    global_n, unit_n = numbers
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    digest = hashlib.sha256(query.encode()).hexdigest()[:24]
    campaign_pk = choice.campaign.pk if choice.campaign else 0
    return (f"progress:dash:{unit.pk}:{campaign_pk}:{choice.phase_no}:{global_n}:{unit_n}:"
            f"{get_language()}:{timezone.localdate().isoformat()}:{digest}")


def _ranked_page(request, unit, choice, order, children=None):
    """The ranking's page asked for; `children`: children_figures, when the caller has them."""
    if children is None:
        children = selectors.children_figures(unit, choice.campaign, phase_no=choice.phase_no)
    return Paginator(selectors.ranked(children, order), PER_PAGE).get_page(request.GET.get("page"))


def _quiet_page(request, unit, choice, children=None):
    """The page asked for of the children without entries, by name."""
    if children is None:
        children = selectors.children_figures(unit, choice.campaign, phase_no=choice.phase_no)
    return Paginator(selectors.without_entries(children), PER_PAGE).get_page(request.GET.get("trang"))


def _body(request, unit, choice, context, global_n):
    """The figures of the dashboard rendered: {"html": …, "children": how many children}."""
    campaign, phase_no = choice.campaign, choice.phase_no
    # The children are read once: the ranking's page and count, the children without entries
    # and the sum of their targets all come from the same rows.
    children = selectors.children_figures(unit, campaign, phase_no)
    ranked = _ranked_page(request, unit, choice, context["order"], children)
    quiet = _quiet_page(request, unit, choice, children)
    figures = selectors.unit_figures(unit, campaign, phase_no)
    trend = dashboard.trend(unit, campaign, choice.phase)
    labels = (_("Gửi lên"), _("Được cấp trên duyệt"))
    context.update({
        "ranked": ranked,
        "quiet": quiet,
        "figures": figures,
        "status_rows": selectors.status_rows(figures),
        "children_targets": selectors.targets_of(children),
        "trend": trend,
        "chart": weekly_bars([(w, s, a) for w, s, _c, a in trend], title=_("Sáng kiến theo tuần"),
                             series_labels=labels,
                             summary=_("Số sáng kiến gửi lên và được duyệt mỗi tuần; số liệu chi tiết ở bảng "
                                       "ngay dưới biểu đồ.")),
        "standings": clusters.cluster_standings(unit, campaign, global_n=global_n),
        "max_ranked": clusters.MAX_RANKED,
    })
    html = render_to_string("progress/_partials/dashboard_body.html", context, request=request)
    return {"html": html, "children": ranked.paginator.count}


def _target_forms(campaign, phase_no, bound=None, data=None, files=None):
    initial = {"phase_no": phase_no}
    forms = {}
    for name, form_class in (("one", TargetOneForm), ("all", TargetAllForm), ("file", TargetFileForm)):
        kwargs = {} if form_class is TargetFileForm else {"campaign": campaign, "initial": initial}
        if name == bound:
            forms[f"form_{name}"] = form_class(data, files, **kwargs)
        else:
            forms[f"form_{name}"] = form_class(**kwargs)
    return forms


def _apply_validation_error(form, error):
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@require_http_methods(["GET", "POST"])
@login_required
def targets(request: HttpRequest, code: str):
    """Set one unit's target, the same target for every child, or upload a file of targets."""
    unit = _unit_or_404(code)
    user = request.user
    if not may_set_targets(user, unit):
        return _forbidden(request, unit)
    params = request.POST if request.method == "POST" else request.GET
    choice = dashboard.campaign_choice(params.get("campaign"), params.get("phase"))
    campaign = choice.campaign
    if campaign is None:
        raise PermissionDenied
    bound = request.POST.get("form") if request.method == "POST" else None
    forms = _target_forms(campaign, choice.phase_no, bound, request.POST, request.FILES)
    row_errors = []
    done = None
    if bound == "one" and forms["form_one"].is_valid():
        done = _set_one(request, unit, campaign, forms["form_one"])
    elif bound == "all" and forms["form_all"].is_valid():
        data = forms["form_all"].cleaned_data
        try:
            created, updated = targets_set_for_children(
                acting_user=user, parent=unit, campaign=campaign, phase_no=data["phase_no"], kind=data["kind"],
                value=data["value"])
        except PermissionDenied as error:
            forms["form_all"].add_error(None, str(error))
        except ValidationError as error:
            _apply_validation_error(forms["form_all"], error)
        else:
            done = _("Đã giao chỉ tiêu cho %(n)s đơn vị trực thuộc (%(created)s mới, %(updated)s thay đổi).") % {
                "n": group_thousands(created + updated), "created": group_thousands(created),
                "updated": group_thousands(updated)}
    elif bound == "file" and forms["form_file"].is_valid():
        upload = forms["form_file"].cleaned_data["file"]
        try:
            created, updated = targets_import(acting_user=user, campaign=campaign, source=upload,
                                              filename=upload.name, within=unit)
        except UnreadableFile as error:
            forms["form_file"].add_error("file", str(error))
        except ImportRejected as rejected:
            row_errors = rejected.errors
            forms["form_file"].add_error("file", _(
                "Tệp có %(count)s dòng lỗi nên chưa được nhập, không có chỉ tiêu nào được lưu. "
                "Sửa các dòng dưới đây rồi tải tệp lên lại."
            ) % {"count": len({error.row for error in row_errors})})
        else:
            done = _("Đã nhập chỉ tiêu từ tệp: %(created)s mới, %(updated)s thay đổi.") % {
                "created": group_thousands(created), "updated": group_thousands(updated)}
    if done:
        messages.success(request, done)
        # To the top of the dashboard, where the message says what was saved (at the targets'
        # anchor it stood thousands of pixels above, out of sight).
        return redirect(reverse("progress:dashboard", args=[unit.code]) + "?" + _query(choice))
    context = {"unit": unit, "choice": choice, "query": _query(choice), "row_errors": row_errors,
               "bound": bound, "target_header": TARGET_HEADER, **forms}
    status = 400 if bound else 200
    return render(request, "progress/targets.html", context, status=status)


def _set_one(request, unit, campaign, form):
    data = form.cleaned_data
    child = Unit.objects.subtree_of(unit, include_self=False).filter(code=data["code"].strip()).first()
    if child is None:
        form.add_error("code", _("Không có đơn vị mã “%(code)s” trong các đơn vị cấp dưới của %(unit)s")
                       % {"code": data["code"], "unit": unit.display_name})
        return None
    try:
        target_set(acting_user=request.user, unit=child, campaign=campaign, phase_no=data["phase_no"],
                   kind=data["kind"], value=data["value"])
    except PermissionDenied as error:
        form.add_error("code", str(error))
        return None
    except ValidationError as error:
        _apply_validation_error(form, error)
        return None
    return _("Đã giao chỉ tiêu cho %(unit)s.") % {"unit": child.name}


@require_GET
@login_required
def targets_template(request: HttpRequest, code: str):
    """The targets file to fill in: the header the import expects, the children's codes and
    their current targets for the chosen phase."""
    unit = _unit_or_404(code)
    if not may_set_targets(request.user, unit):
        return _forbidden(request, unit)
    choice = dashboard.campaign_choice(request.GET.get("campaign"), request.GET.get("phase"))
    children = Unit.objects.subtree_of(unit, include_self=False).filter(depth=unit.depth + 1)
    current = {}
    if choice.campaign is not None:
        current = {t.unit_id: t for t in Target.objects.filter(unit__in=children.values("pk"),
                                                              campaign=choice.campaign, phase_no=choice.phase_no)}
    kinds = {Target.Kind.ABSOLUTE: "số", Target.Kind.SHARE: "%"}
    rows = []
    for child in children.values_list("pk", "code").iterator(chunk_size=2000):
        target = current.get(child[0])
        rows.append([child[1], str(choice.phase_no or ""), kinds[target.kind] if target else "số",
                     target.value if target else None])
    content = write_xlsx(TARGET_HEADER, rows, sheet_title=_("Chỉ tiêu"))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"chi-tieu-{unit.code}.xlsx")
    return response


@require_GET
@login_required
def dashboard_export(request: HttpRequest, code: str):
    """The dashboard's figures as .xlsx: the unit itself, then every child in rank order."""
    unit = _unit_or_404(code)
    if not request.user.has_perm("orgs.view_unit", unit):
        return _forbidden(request, unit)
    choice = dashboard.campaign_choice(request.GET.get("campaign"), request.GET.get("phase"))
    campaign, phase_no = choice.campaign, choice.phase_no
    if campaign is None:
        raise PermissionDenied
    order = request.GET.get("order") if request.GET.get("order") in ORDERS else "count"
    figures = selectors.unit_figures(unit, campaign, phase_no)
    children = list(selectors.children_ranked(unit, campaign, phase_no=phase_no, order=order))
    everyone = [unit, *children]
    counts = dashboard.status_counts_of(everyone, campaign, phase_no)
    people = dashboard.people_of(everyone, campaign)
    statuses = [(value, label) for value, label, _n, _b in selectors.status_rows(figures)]
    header = [_("Thứ hạng"), _("Mã đơn vị"), _("Tên đơn vị"), _("Số đoàn viên"),
              *[str(label) for _v, label in statuses], _("Được tính (đã duyệt trở lên)"),
              _("Giá trị làm lợi (đồng)"), _("Người tham gia"), _("Chỉ tiêu"), _("% chỉ tiêu"),
              _("Trên 100 đoàn viên")]

    def row(rank, u, members, counted, benefit, required, percent, per100):
        return [rank, u.code, u.name, members, *[counts.get(u.pk, {}).get(v, 0) for v, _l in statuses],
                counted, benefit, people.get(u.pk, 0), required, None if percent is None else round(percent, 1),
                None if per100 is None else round(per100, 2)]

    own_per100 = 100 * figures.counted / figures.members if figures.members else None
    rows = [row("", unit, figures.members, figures.counted, figures.benefit, figures.required, figures.percent,
                own_per100)]
    rows += [row(rank, c, c.members, c.counted, c.benefit, c.required, c.percent, c.per100)
             for rank, c in enumerate(children, start=1)]
    content = write_xlsx(header, rows, sheet_title=_("Tiến độ"))
    response = HttpResponse(content, content_type=XLSX)
    suffix = f"-gd{phase_no}" if phase_no else ""
    response["Content-Disposition"] = content_disposition_header(True, f"tien-do-{unit.code}{suffix}.xlsx")
    return response


@require_GET
def embed(request: HttpRequest, code: str):
    """The snippet a union website pastes to show this unit's live counter (public: the figures
    are those of the public API)."""
    unit = get_object_or_404(Unit, code=code)
    # The unhashed name (whitenoise serves it beside the manifest's hashed copy): a snippet pasted
    # on another website must outlive our next deploy, which retires the old hashed names.
    script = request.build_absolute_uri(settings.STATIC_URL + "js/counter-widget.js")
    return render(request, "progress/embed.html", {"unit": unit, "script_url": script})


@require_GET
def share_image(request: HttpRequest):
    """The Open Graph card of the home page, drawn with Pillow and kept while the count holds."""
    data = public.public_figures()["public"]
    counted, goal = (data["counted"], data["goal"]) if data else (0, public.GOAL)
    key = f"progress:og:{counted}:{goal}:{request.LANGUAGE_CODE}"
    png = cache.get(key)
    if png is None:
        png = public.share_image_png(
            counted=counted, goal=goal, title=_("Chương trình “01 triệu sáng kiến”"),
            subtitle=_("Công đoàn Việt Nam · Tự hào trí tuệ lao động Việt Nam"),
            counted_text=group_thousands(counted) if data else "",
            goal_text=_("sáng kiến được ghi nhận, mục tiêu %(goal)s") % {"goal": group_thousands(goal)}
            if data else "")
        cache.set(key, png, 300)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=300"
    return response
