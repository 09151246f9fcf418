"""Reads about people: who may be granted what, who is in a unit, what is held about someone."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from sangkien.core.models import AuditEvent
from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Membership
from sangkien.orgs.roles import RANK, Role

from .models import User

# Audit actions as a person reads them on "Dữ liệu của tôi"; other apps' actions show their code.
ACTION_LABELS = {
    "consent.give": _("Đồng ý với thông báo xử lý dữ liệu cá nhân"),
    "consent.refuse": _("Chưa đồng ý với thông báo xử lý dữ liệu cá nhân"),
    "consent.withdraw": _("Rút lại sự đồng ý"),
    "profile.update": _("Sửa thông tin cá nhân"),
    "personal_data.export": _("Tải về dữ liệu của mình"),
    "data_request.create": _("Gửi yêu cầu về dữ liệu cá nhân"),
    "data_request.handle": _("Xử lý yêu cầu về dữ liệu cá nhân"),
    "user.anonymise": _("Xóa tài khoản"),
    "user.invite": _("Mời người dùng"),
    "user.invite_resend": _("Gửi lại lời mời"),
    "user.accept_invite": _("Nhận lời mời và đặt mật khẩu"),
    "membership.grant": _("Cấp vai trò"),
    "membership.revoke": _("Thu hồi vai trò"),
    "members.import": _("Nhập danh sách thành viên"),
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def grantable_roles(user, unit) -> list:
    """The roles `user` may grant in `unit`: none without `orgs.grant_role` there, else those
    ranked no higher than the highest role the user holds over the unit; every role for a
    system administrator."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Role)
    if not user.has_perm("orgs.grant_role", unit):
        return []
    own = max((RANK[role] for role, path in roles_of(user) if unit.path.startswith(path)), default=0)
    return [role for role in Role if RANK[role] <= own]


def unit_members(unit):
    """People holding a role in `unit` itself, each with `unit_roles`: their roles there."""
    return (
        User.objects.filter(pk__in=Membership.objects.filter(unit=unit).values("user_id"))
        .order_by("sort_name", "pk")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(unit=unit).order_by("role"),
                to_attr="unit_roles",
            )
        )
    )


def is_pending_invitation(user) -> bool:
    """Invited and has never set a password."""
    return not user.has_usable_password() and user.last_login is None and user.is_active


def personal_data(user) -> dict:
    """Everything held about `user` by this app and the tree, as plain data (the export)."""
    memberships = Membership.objects.filter(user=user).select_related("unit").order_by("unit__path", "role")
    consents = user.consents.select_related("notice").order_by("given_at")
    events = AuditEvent.objects.filter(actor=user).select_related("unit").order_by("created_at")
    return {
        "profile": {
            "full_name": user.full_name,
            "email": user.email or "",
            "phone": user.phone or "",
            "position": user.position,
            "birth_year": user.birth_year,
            "show_name_publicly": user.show_name_publicly,
            "is_active": user.is_active,
            "date_joined": user.date_joined.isoformat(),
            "invited_at": user.invited_at.isoformat() if user.invited_at else None,
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "memberships": [
            {
                "unit_code": m.unit.code,
                "unit_name": m.unit.name,
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "since": m.created_at.isoformat(),
            }
            for m in memberships
        ],
        "consents": [
            {
                "notice_version": c.notice.version,
                "notice_title": c.notice.title,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in consents
        ],
        "data_requests": [
            {
                "kind": r.kind,
                "status": r.status,
                "created_at": r.created_at.isoformat(),
                "handled_at": r.handled_at.isoformat() if r.handled_at else None,
                "note": r.note,
            }
            for r in user.data_requests.order_by("created_at")
        ],
        "audit_events": [
            {
                "action": e.action,
                "action_label": str(action_label(e.action)),
                "unit_code": e.unit.code if e.unit else None,
                "unit_name": e.unit.name if e.unit else None,
                "at": e.created_at.isoformat(),
                "data": e.data,
            }
            for e in events
        ],
    }
