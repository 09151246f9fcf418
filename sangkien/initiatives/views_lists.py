"""Lists, queues, bulk moves, exports and notifications.

Each view renders its page, or only the `_partials/` fragment when htmx asks, from the
same context: the filter form is a plain GET form, so everything works without JavaScript.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangkien.core.ahead import reads_ahead
from sangkien.core.memo import ProcessMemo
from sangkien.core.pages import TOKEN_SLOT, page_key, respond
from sangkien.progress import versions

from . import exporting, lists, selectors
from .bulk import DONE, initiatives_bulk_move, parse_picks
from .lists import BULK_ACTIONS, ListFilters
from .models import Notification
from .workflow import MOVES


def _htmx(request):
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted


def _query_without(request, *names):
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _bulk_labels(rows=None):
    """The bulk buttons' labels, from the workflow table itself; with `rows`, only the
    actions some row on the page allows."""
    wanted = None if rows is None else {m.action for r in rows for m in r.quick_moves}
    labels = {}
    for move in MOVES:
        if move.action in BULK_ACTIONS and (wanted is None or move.action in wanted):
            labels.setdefault(move.action, move.label)
    return labels


def _scope_or_404(request, found=None):
    scope = lists.list_scope(request.user, request.GET.get("unit", "").strip(), found)
    if scope is None:
        raise Http404(_("Không có đơn vị này, hoặc bạn không xem được đơn vị này."))
    return scope


# A unit's list pages, kept whole by each process (core.pages) under everything they show:
# the unit and its version numbers (versions.of_code), the day, and what the page shows of
# the request and the viewer (the address holds every filter and the page number).
_PAGES = ProcessMemo(keep=256)


@login_required
@reads_ahead(versions.ahead_for_unit_param)
def initiative_list(request):
    code = request.GET.get("unit", "").strip()
    # "All my units" has no one version; a unit's is read with the session (core.ahead).
    found = versions.of_code(code, ahead=getattr(request, "read_ahead", None)) if code else None
    key = page_key(request, "list", found) if found is not None else None
    # Served before anything else is read: a page is kept only after the scope's checks
    # passed for this same viewer (their roles are in the key).
    html = _PAGES.get(key) if key else None
    if html is None:
        html = _list_page(request, _scope_or_404(request, found))
        if key:
            _PAGES.put(key, html)
    return respond(request, html)


def _list_page(request, scope):
    form = ListFilters(request.GET, phases=scope.phases)
    values = form.values()
    qs = lists.for_display(lists.initiatives_list(request.user, scope, values))
    page = lists.paginate(qs, request.GET.get("page"), by_ids=not values.get("q"),
                          total=lists.counted_total(scope, values))
    may_move = _is_officer(request.user)  # only officers get checkboxes and quick buttons
    rows = lists.present_rows(page.items, request.user, with_moves=may_move)
    context = {
        "form": form,
        "scope": scope,
        "unit_options": lists.scope_options_html(request.user, scope),
        "filter_fields": form.below_search(),
        "page": page,
        "rows": rows,
        "may_move": may_move and any(r.quick_moves for r in rows),
        "bulk_labels": _bulk_labels(rows) if may_move else {},
        "query": _query_without(request, "page"),
        "export_query": _query_without(request, "page", "format"),
        "next_url": request.get_full_path(),
        "csrf_token": TOKEN_SLOT,
    }
    template = "initiatives/_partials/list_region.html" if _htmx(request) else "initiatives/list.html"
    return render_to_string(template, context, request=request)


def _is_officer(user):
    from sangkien.orgs.access import roles_of
    from sangkien.orgs.roles import Role

    return user.is_superuser or any(r in (Role.OFFICER, Role.UPPER_OFFICER) for r, _p in roles_of(user))


@login_required
def export(request):
    scope = _scope_or_404(request)
    values = ListFilters(request.GET).values()
    qs = lists.initiatives_list(request.user, scope, values)
    if qs.order_by().values("pk")[: exporting.MAX_ROWS + 1].count() > exporting.MAX_ROWS:
        return render(request, "initiatives/list_export_too_big.html",
                      {"limit": exporting.MAX_ROWS, "back": reverse("initiatives:list") + "?" +
                       _query_without(request, "format", "page")}, status=400)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(exporting.csv_stream(qs, request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="sang-kien-{stamp}.csv"'
        return response
    response = HttpResponse(
        exporting.xlsx_bytes(qs, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="sang-kien-{stamp}.xlsx"'
    return response


@login_required
def mine(request):
    qs = lists.for_display(lists.initiatives_mine(request.user))
    page = lists.paginate(qs, request.GET.get("page"))
    rows = lists.present_rows(page.items, request.user)
    for row in rows:
        row.next_step = lists.NEXT_STEP.get(row.status, "")
    context = {"page": page, "rows": rows, "query": ""}
    template = "initiatives/_partials/mine_results.html" if _htmx(request) else "initiatives/mine.html"
    return render(request, template, context)


@login_required
def waiting(request):
    qs = lists.for_display(selectors.initiatives_waiting_for(request.user))
    page = lists.paginate(qs, request.GET.get("page"))
    rows = lists.present_rows(page.items, request.user, with_moves=True)
    show_scores = _attach_scores(request.user, page.items, rows)
    context = {
        "page": page,
        "rows": rows,
        "show_scores": show_scores,
        "may_move": any(r.quick_moves for r in rows),
        "bulk_labels": _bulk_labels(rows),
        "query": "",
        "next_url": request.get_full_path(),
    }
    template = "initiatives/_partials/waiting_results.html" if _htmx(request) else "initiatives/waiting.html"
    return render(request, template, context)


def _attach_scores(user, items, rows):
    """Council averages for the page's rows (one query); never on an entry the user wrote."""
    from .rules import is_author
    from .scoring import summaries_for

    summaries = summaries_for(items)
    for item, row in zip(items, rows, strict=True):
        row.scores = None if is_author.test(user, item) else summaries.get(item.pk)
    return any(row.scores for row in rows)


@login_required
@require_POST
def bulk(request):
    """Several entries at once (the checked ones), or one from a row's quick button."""
    one = request.POST.get("one", "")
    if one:
        pk_version, _sep, action = one.rpartition(":")
        picks = parse_picks([pk_version])
    else:
        action = request.POST.get("action", "")
        picks = parse_picks(request.POST.getlist("pick"))
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("initiatives:waiting")
    context = {"back": back, "action_label": _bulk_labels().get(action, "")}
    if action not in BULK_ACTIONS:
        context["problem"] = _("Thao tác này không làm được cho nhiều sáng kiến một lúc.")
        outcomes = []
    elif not picks:
        context["problem"] = _("Bạn chưa chọn sáng kiến nào. Hãy đánh dấu ít nhất một sáng kiến.")
        outcomes = []
    else:
        outcomes = initiatives_bulk_move(acting_user=request.user, picks=picks, action=action)
    context.update(outcomes=outcomes, done=sum(o.result == DONE for o in outcomes))
    template = "initiatives/_partials/bulk_result.html" if _htmx(request) else "initiatives/list_bulk_result.html"
    # htmx swaps only successful answers; a page without JavaScript says 400 for a bad request
    status = 400 if context.get("problem") and not _htmx(request) else 200
    return render(request, template, context, status=status)


# ---- notifications ---------------------------------------------------------------------

@login_required
def notifications(request):
    qs = Notification.objects.filter(user=request.user).select_related("initiative").order_by("-created_at", "-pk")
    page = lists.paginate(qs, request.GET.get("page"))
    context = {"page": page, "query": ""}
    template = ("initiatives/_partials/notification_list.html" if _htmx(request)
                else "initiatives/notifications.html")
    return render(request, template, context)


@login_required
@require_POST
def notification_read(request, pk):
    note = Notification.objects.filter(user=request.user, pk=pk).select_related("initiative").first()
    if note is None:
        raise Http404
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if _htmx(request):
        return render(request, "initiatives/_partials/notification_item.html", {"note": note})
    return redirect(reverse("initiatives:notifications") + "?" + urlencode({"page": request.POST.get("page", 1)}))


@login_required
@require_POST
def notifications_read_all(request):
    Notification.objects.filter(user=request.user, read_at=None).update(read_at=timezone.now())
    return redirect("initiatives:notifications")
