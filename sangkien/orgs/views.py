from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sangkien.core.tabular import ImportRejected, UnreadableFile, write_xlsx

from .forms import UnitImportForm
from .importing import COLUMNS, units_import
from .models import Unit
from .selectors import (
    unit_children,
    unit_parents_by_path,
    units_for_export,
    units_search,
    units_top_for,
)

PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fragment(request, target):
    """True when htmx asks for the part of the page with id `target` (the same view renders
    the whole page for everything else, history restores included)."""
    return bool(request.htmx) and request.htmx.target == target and not request.htmx.history_restore_request


def _forbidden(request, unit):
    return render(request, "orgs/forbidden.html", {"unit": unit}, status=403)


def _unit_or_404(code):
    return get_object_or_404(Unit.objects.select_related("kind", "cluster"), code=code)


@require_GET
@login_required
def unit_list(request: HttpRequest):
    query = request.GET.get("q", "").strip()[:200]
    units = units_search(request.user, query) if query else units_top_for(request.user)
    page = Paginator(units, PER_PAGE).get_page(request.GET.get("page"))
    parents = unit_parents_by_path(page.object_list) if query else {}
    context = {
        "query": query,
        "page": page,
        "results": [(unit, parents.get(unit.path[: -Unit.steplen])) for unit in page.object_list],
    }
    template = "orgs/_partials/unit_results.html" if _fragment(request, "unit-results") else "orgs/unit_list.html"
    return render(request, template, context)


@require_GET
@login_required
def unit_detail(request: HttpRequest, code: str):
    unit = _unit_or_404(code)
    user = request.user
    if not user.has_perm("orgs.view_unit", unit):
        return _forbidden(request, unit)
    page = Paginator(unit_children(unit), PER_PAGE).get_page(request.GET.get("page"))
    if _fragment(request, "unit-children"):
        return render(request, "orgs/_partials/unit_children.html", {"unit": unit, "page": page})
    context = {
        "unit": unit,
        "page": page,
        # Only the ancestors the user may open are links; the rest are shown as plain text.
        "breadcrumbs": [(a, user.has_perm("orgs.view_unit", a)) for a in unit.ancestors()],
        "may_manage": user.has_perm("orgs.manage_units", unit),
        "may_export": user.has_perm("orgs.export_units", unit),
    }
    return render(request, "orgs/unit_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def unit_import(request: HttpRequest, code: str):
    unit = _unit_or_404(code)
    if not request.user.has_perm("orgs.manage_units", unit):
        return _forbidden(request, unit)
    form = UnitImportForm(request.POST, request.FILES) if request.method == "POST" else UnitImportForm()
    row_errors = []
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = units_import(acting_user=request.user, source=upload, filename=upload.name, within=unit)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        except ImportRejected as rejected:
            row_errors = rejected.errors
            form.add_error("file", _(
                "Tệp có %(count)s dòng lỗi nên chưa được nhập, không có thay đổi nào được lưu. "
                "Sửa các dòng dưới đây rồi tải tệp lên lại."
            ) % {"count": len({error.row for error in row_errors})})
        else:
            messages.success(request, result.summary())
            return redirect("orgs:detail", code=unit.code)
    context = {"unit": unit, "form": form, "row_errors": row_errors, "columns": COLUMNS}
    return render(request, "orgs/unit_import.html", context)


@require_GET
@login_required
def unit_export(request: HttpRequest, code: str):
    unit = _unit_or_404(code)
    if not request.user.has_perm("orgs.export_units", unit):
        return _forbidden(request, unit)
    content = write_xlsx(COLUMNS, units_for_export(unit), sheet_title=_("Đơn vị"))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, f"don-vi-{unit.code}.xlsx")
    return response
