"""Bulk entry from a spreadsheet, for officers: the template, the upload, a preview, the import.

The uploaded file stays on the server between the preview and the import, under a random
token kept in the session; the import reads and checks that file again, so nothing shown in
the preview (or sent back by the browser) is trusted.
"""

import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from sangkien.core.formatting import group_thousands
from sangkien.core.tabular import ImportRejected, UnreadableFile
from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Unit
from sangkien.orgs.roles import Role

from .import_template import template_xlsx
from .importing import (
    COLUMNS,
    can_confirm_anywhere,
    can_import,
    default_campaign,
    initiatives_import,
)
from .models import Campaign
from .rules import can_enter_for_unit

SESSION_KEY = "initiative_import"
MAX_UPLOAD = 20 * 1024 * 1024  # a 20,000-row .xlsx is about 2 MB
PREVIEW_ROWS = 20
KEEP_SECONDS = 24 * 3600  # an upload nobody imported is removed after a day


def upload_dir():
    """Where uploads wait between preview and import: one machine's disk, outside MEDIA_ROOT
    (which may be served). Several machines would need a shared IMPORT_UPLOAD_DIR."""
    path = Path(getattr(settings, "IMPORT_UPLOAD_DIR", "") or Path(tempfile.gettempdir()) / "sangkien-imports")
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def _require_officer(user):
    if not can_import(user):
        raise PermissionDenied(_("Chỉ cán bộ công đoàn mới nhập được sáng kiến từ tệp."))


def own_cdcs_code(user):
    """The code of the one CĐCS where the user is an officer, or "" (none, or several)."""
    paths = [path for role, path in roles_of(user) if role == Role.OFFICER]
    codes = list(Unit.objects.filter(path__in=paths, kind__code="grassroots").values_list("code", flat=True)[:2])
    return codes[0] if len(codes) == 1 else ""


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sáng kiến (.xlsx hoặc .csv)"),
        help_text=_("Dùng tệp mẫu; tệp .csv cần bảng mã UTF-8. Tối đa 20 MB."),
        error_messages={"required": _("Chọn tệp để nhập"), "empty": _("Tệp đã chọn đang trống")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    unit_code = forms.CharField(
        label=_("Mã CĐCS cho các dòng để trống cột Mã CĐCS"), required=False, max_length=64,
        help_text=_("Nếu mọi sáng kiến trong tệp thuộc cùng một CĐCS, có thể để trống cột đó và ghi mã ở đây."),
    )
    campaign = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Campaign.objects.filter(is_active=True), empty_label=None,
        error_messages={"required": _("Chọn chương trình"), "invalid_choice": _("Chọn chương trình")},
    )
    confirm = forms.BooleanField(
        label=_("Xác nhận luôn các sáng kiến này"), required=False,
        help_text=_("Chỉ dành cho cán bộ CĐCS: các sáng kiến được gửi và xác nhận ngay, chuyển lên cấp trên "
                    "duyệt. Nếu không chọn, sáng kiến được gửi vào hàng chờ CĐCS xác nhận."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not can_confirm_anywhere(user):
            del self.fields["confirm"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp lớn quá 20 MB. Hãy chia thành nhiều tệp nhỏ hơn."))
        return upload

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        if not code:
            return None
        unit = Unit.objects.select_related("kind").filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("Không có đơn vị nào mã “%(code)s”.") % {"code": code})
        if not can_enter_for_unit(self.user, unit):
            raise forms.ValidationError(_("Bạn không thể nhập sáng kiến cho đơn vị “%(code)s”.") % {"code": code})
        return unit


def _page(request, form, *, errors=None, status=200):
    return render(request, "initiatives/import.html", {
        "form": form, "import_errors": errors or [], "columns": COLUMNS,
    }, status=status)


def _discard(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        (upload_dir() / pending["stored"]).unlink(missing_ok=True)


def _store(request, upload):
    """Keep the upload on disk under a fresh token; forget any earlier one of this session."""
    _discard(request)
    folder = upload_dir()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    stored = token + Path(upload.name.lower()).suffix
    with (folder / stored).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token, stored


@login_required
def import_page(request):
    _require_officer(request.user)
    if request.method != "POST":
        initial = {"unit_code": own_cdcs_code(request.user), "campaign": default_campaign()}
        return _page(request, ImportForm(user=request.user, initial=initial))
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    token, stored = _store(request, upload)
    options = {"campaign": form.cleaned_data["campaign"], "default_unit": form.cleaned_data["unit_code"],
               "confirm": form.cleaned_data.get("confirm", False)}
    try:
        plan = initiatives_import(acting_user=request.user, source=str(upload_dir() / stored),
                                  filename=upload.name, dry_run=True, **options)
    except (UnreadableFile, PermissionDenied) as exc:
        (upload_dir() / stored).unlink(missing_ok=True)
        form.add_error("file", str(exc))
        return _page(request, form, status=400)
    except ImportRejected as exc:
        (upload_dir() / stored).unlink(missing_ok=True)
        return _page(request, form, errors=[str(e) for e in exc.errors], status=400)
    request.session[SESSION_KEY] = {
        "token": token, "stored": stored, "filename": upload.name, "campaign": options["campaign"].pk,
        "unit": options["default_unit"].pk if options["default_unit"] else None, "confirm": options["confirm"],
    }
    return render(request, "initiatives/import_preview.html", {
        "plan": plan, "rows": plan.rows[:PREVIEW_ROWS], "token": token, "filename": upload.name,
        "count": group_thousands(len(plan.rows)), "units": plan.by_unit()[:50],
        "more_units": max(0, len(plan.by_unit()) - 50), "similar": plan.similar[:100],
    })


@login_required
@require_POST
def import_run(request):
    """Import the file kept since the preview, checking it again from the start."""
    _require_officer(request.user)
    pending = request.session.get(SESSION_KEY)
    path = upload_dir() / pending["stored"] if pending else None
    if not pending or not secrets.compare_digest(request.POST.get("token", ""), pending["token"]) \
            or not path.is_file():
        messages.error(request, _("Không còn tệp đã tải lên để nhập. Hãy chọn lại tệp."))
        return redirect("initiatives:import")
    campaign = Campaign.objects.filter(pk=pending["campaign"]).first()
    default_unit = Unit.objects.select_related("kind").filter(pk=pending["unit"]).first() if pending["unit"] else None
    form = ImportForm(user=request.user, initial={"unit_code": default_unit.code if default_unit else "",
                                                  "campaign": campaign, "confirm": pending["confirm"]})
    try:
        plan = initiatives_import(acting_user=request.user, source=str(path), filename=pending["filename"],
                                  campaign=campaign, default_unit=default_unit, confirm=pending["confirm"])
    except (UnreadableFile, PermissionDenied) as exc:
        _discard(request)
        messages.error(request, str(exc))
        return redirect("initiatives:import")
    except ImportRejected as exc:
        # Something changed since the preview (an entry of the same title was added, a role
        # was taken away): the whole file is refused, as it would have been at the upload.
        _discard(request)
        return _page(request, form, errors=[str(e) for e in exc.errors], status=400)
    _discard(request)
    messages.success(request, plan.summary())
    return redirect("initiatives:import")


@login_required
def import_template(request):
    _require_officer(request.user)
    code = request.GET.get("chuong-trinh")
    campaign = Campaign.objects.filter(code=code).first() if code else default_campaign()
    if campaign is None:
        raise Http404
    data = template_xlsx(campaign=campaign, unit_code=own_cdcs_code(request.user))
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-sang-kien.xlsx"'
    return response
