import json

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sangkien.core.models import AuditEvent, audit
from sangkien.core.tabular import ImportRejected, UnreadableFile
from sangkien.orgs.models import Membership, Unit

from . import forms, selectors, services
from .consent import has_current_consent
from .emails import invitation_url
from .member_import import members_import
from .models import DataRequest, PrivacyNotice, User
from .tokens import invitation_token_generator

# ── Signing in and out, passwords ────────────────────────────────────────────────────────


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


class AcceptInviteView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: choose a first password, then straight in (to the consent)."""

    template_name = "accounts/accept_invite.html"
    form_class = forms.SetPasswordForm
    token_generator = invitation_token_generator
    reset_url_token = "dat-mat-khau"  # noqa: S105 - the placeholder in the URL, not a secret
    title = gettext_lazy("Đặt mật khẩu")

    def form_valid(self, form):
        user = services.invitation_accept(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        auth_login(self.request, user, "sangkien.accounts.backends.EmailOrPhoneBackend")
        messages.success(self.request, _("Bạn đã đặt mật khẩu. Từ nay hãy đăng nhập bằng thư điện tử "
                                         "hoặc số điện thoại và mật khẩu này."))
        return HttpResponseRedirect(reverse("accounts:consent"))


# ── Consent ──────────────────────────────────────────────────────────────────────────────


def _safe_next(request, default="/"):
    next_url = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return default
    return next_url


@login_required
def consent(request):
    notice = PrivacyNotice.current()
    next_url = _safe_next(request)
    if notice is None or has_current_consent(request.user):
        return redirect(next_url)
    form = forms.ConsentForm(request.POST or None, notice=notice, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        services.consent_give(acting_user=request.user, notice=notice,
                              ip_address=request.META.get("REMOTE_ADDR"))
        return redirect(next_url)
    withdrawn = request.user.consents.filter(withdrawn_at__isnull=False).exists()
    return render(request, "accounts/consent.html", {"notice": notice, "form": form, "withdrawn": withdrawn})


@login_required
@require_POST
def consent_refuse(request):
    notice = PrivacyNotice.current()
    if notice is not None and not has_current_consent(request.user):
        services.consent_refuse(acting_user=request.user, notice=notice)
    return render(request, "accounts/consent_refused.html", {"notice": notice})


# ── My data ──────────────────────────────────────────────────────────────────────────────

_EVENTS_SHOWN = 50


@login_required
def my_data(request):
    user = request.user
    events = AuditEvent.objects.filter(actor=user).select_related("unit").order_by("-created_at")
    context = {
        "memberships": Membership.objects.filter(user=user).select_related("unit").order_by("unit__path", "role"),
        "consents": user.consents.select_related("notice").order_by("-given_at"),
        "data_requests": user.data_requests.order_by("-created_at"),
        "events": [(e, selectors.action_label(e.action)) for e in events[:_EVENTS_SHOWN]],
        "events_total": events.count(),
        "events_shown": _EVENTS_SHOWN,
        "has_consent": has_current_consent(user),
        "pending_delete": user.data_requests.filter(kind=DataRequest.Kind.DELETE,
                                                    status=DataRequest.Status.PENDING).exists(),
    }
    return render(request, "accounts/my_data.html", context)


@login_required
def my_data_export(request):
    data = selectors.personal_data(request.user)
    audit(actor=request.user, action="personal_data.export", subject=request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"du-lieu-cua-toi-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def profile_edit(request):
    user = request.user
    initial = {name: getattr(user, name) or "" for name in services.PROFILE_FIELDS}
    initial["birth_year"] = user.birth_year
    initial["show_name_publicly"] = user.show_name_publicly
    form = forms.ProfileForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.profile_update(acting_user=user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("Đã lưu thông tin của bạn."))
            else:
                messages.info(request, _("Không có gì thay đổi."))
            return redirect("accounts:my_data")
    return render(request, "accounts/profile_edit.html", {"form": form})


@login_required
def consent_withdraw(request):
    if request.method == "POST":
        services.consent_withdraw(acting_user=request.user)
        messages.warning(request, _("Bạn đã rút lại sự đồng ý. Bạn chỉ dùng lại được hệ thống sau khi đồng ý "
                                    "lại với thông báo xử lý dữ liệu cá nhân."))
        return redirect("accounts:my_data")
    return render(request, "accounts/consent_withdraw.html")


@login_required
def account_delete(request):
    user = request.user
    authored = services.has_authored_records(user)
    form = forms.DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data_request = services.data_request_create(acting_user=user, kind=DataRequest.Kind.DELETE)
        if data_request.status == DataRequest.Status.DONE:
            auth_logout(request)
            return render(request, "accounts/account_deleted.html")
        messages.success(request, _("Đã ghi nhận yêu cầu xóa dữ liệu của bạn. Quản trị viên sẽ xử lý và "
                                    "báo lại cho bạn."))
        return redirect("accounts:my_data")
    return render(request, "accounts/account_delete.html", {"form": form, "authored": authored})


# ── Unit members, invitations, roles ─────────────────────────────────────────────────────

_MEMBERS_PER_PAGE = 50


def _unit_for(request, unit_code, perm):
    unit = get_object_or_404(Unit.objects.select_related("kind"), code=unit_code)
    if not request.user.has_perm(perm, unit):
        raise PermissionDenied
    return unit


def _members_page(request, unit, *, invite_form=None, import_form=None, import_errors=None, status=200):
    roles = selectors.grantable_roles(request.user, unit)
    can_invite = bool(roles) and request.user.has_perm("accounts.invite_user", unit)
    page = Paginator(selectors.unit_members(unit), _MEMBERS_PER_PAGE).get_page(request.GET.get("trang"))
    for member in page.object_list:
        member.pending = selectors.is_pending_invitation(member)
        for membership in member.unit_roles:
            membership.revocable = membership.role in roles and member.pk != request.user.pk
    context = {
        "unit": unit,
        "page": page,
        "can_invite": can_invite,
        "invite_form": invite_form or (forms.InviteForm(roles=roles) if can_invite else None),
        "import_form": import_form or (forms.ImportForm() if can_invite else None),
        "import_errors": import_errors,
        "import_columns": ",".join(["full_name", "email", "phone", "unit_code", "role"]),
    }
    return render(request, "accounts/unit_members.html", context, status=status)


@login_required
def unit_members(request, unit_code):
    unit = _unit_for(request, unit_code, "orgs.view_members")
    if request.method != "POST":
        return _members_page(request, unit)
    if not request.user.has_perm("accounts.invite_user", unit):
        raise PermissionDenied
    form = forms.InviteForm(request.POST, roles=selectors.grantable_roles(request.user, unit))
    if form.is_valid():
        try:
            result = services.user_invite(acting_user=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _tell_invite_result(request, result, unit)
            return redirect("accounts:unit_members", unit_code=unit.code)
    return _members_page(request, unit, invite_form=form, status=400)


def _tell_invite_result(request, result, unit):
    params = {"name": result.user.full_name, "unit": unit.name}
    if not result.granted:
        messages.info(request, _("%(name)s đã có vai trò này ở %(unit)s.") % params)
    elif not result.created:
        messages.success(request, _("%(name)s đã có tài khoản; đã thêm vai trò ở %(unit)s.") % params)
    elif result.user.email:
        messages.success(request, _("Đã mời %(name)s. Thư mời đặt mật khẩu đã được gửi tới địa chỉ của họ.") % params)
    else:
        _tell_invitation_link(request, result.user)


def _tell_invitation_link(request, user):
    messages.warning(request, _(
        "%(name)s chưa có thư điện tử. Hãy gửi đường dẫn sau cho họ qua tin nhắn hoặc Zalo để đặt mật khẩu "
        "(dùng được 14 ngày, một lần): %(url)s"
    ) % {"name": user.full_name, "url": invitation_url(user)})


@login_required
@require_POST
def unit_members_import(request, unit_code):
    unit = _unit_for(request, unit_code, "accounts.invite_user")
    form = forms.ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _members_page(request, unit, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        summary = members_import(acting_user=request.user, source=upload, filename=upload.name)
    except UnreadableFile as exc:
        form.add_error("file", str(exc))
        return _members_page(request, unit, import_form=form, status=400)
    except ImportRejected as exc:
        return _members_page(request, unit, import_form=form, import_errors=[str(e) for e in exc.errors],
                             status=400)
    messages.success(request, _(
        "Đã nhập %(rows)s dòng: %(created)s người mới (%(invited)s được gửi thư mời), "
        "%(granted)s vai trò được cấp, %(held)s vai trò đã có từ trước."
    ) % {"rows": summary.rows, "created": summary.people_created, "invited": summary.people_invited,
         "granted": summary.roles_granted, "held": summary.roles_already_held})
    return redirect("accounts:unit_members", unit_code=unit.code)


@login_required
@require_POST
def membership_revoke(request, unit_code, pk):
    unit = _unit_for(request, unit_code, "orgs.view_members")
    membership = get_object_or_404(Membership.objects.select_related("user", "unit"), pk=pk, unit=unit)
    services.membership_revoke(acting_user=request.user, membership=membership)
    messages.success(request, _("Đã thu hồi vai trò “%(role)s” của %(name)s.") % {
        "role": membership.get_role_display(), "name": membership.user.full_name})
    return redirect("accounts:unit_members", unit_code=unit.code)


@login_required
@require_POST
def invitation_resend(request, unit_code, user_id):
    unit = _unit_for(request, unit_code, "accounts.invite_user")
    person = get_object_or_404(User, pk=user_id)
    try:
        services.invitation_resend(acting_user=request.user, user=person, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if person.email:
            messages.success(request, _("Đã gửi lại lời mời tới %(name)s.") % {"name": person.full_name})
        else:
            _tell_invitation_link(request, person)
    return redirect("accounts:unit_members", unit_code=unit.code)
