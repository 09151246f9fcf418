"""Writes about people: consent, their own data, invitations and roles.

Every function takes the acting user, runs in one transaction, checks the permission itself
and leaves an audit row; e-mail goes out only after the transaction has committed.
"""

from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sangkien.core.models import audit
from sangkien.orgs.models import Membership

from . import emails
from .consent import forget as forget_consent
from .models import Consent, DataRequest, User
from .phones import InvalidPhone, normalize_phone
from .selectors import grantable_roles, is_pending_invitation

# ── Consent ──────────────────────────────────────────────────────────────────────────────


def _forget_consent_cache(user):
    forget_consent(user)


@transaction.atomic
def consent_give(*, acting_user, notice, ip_address=None):
    consent = Consent(user=acting_user, notice=notice, ip_address=ip_address)
    consent.full_clean()
    consent.save()
    audit(actor=acting_user, action="consent.give", subject=consent, version=notice.version)
    _forget_consent_cache(acting_user)
    return consent


@transaction.atomic
def consent_refuse(*, acting_user, notice):
    """Nothing to store but the fact that the person said no (they stay locked out)."""
    audit(actor=acting_user, action="consent.refuse", subject=notice, version=notice.version)


@transaction.atomic
def consent_withdraw(*, acting_user):
    """Marks every standing consent withdrawn; the rows stay as the record of what was agreed."""
    now = timezone.now()
    standing = Consent.objects.filter(user=acting_user, withdrawn_at__isnull=True)
    versions = sorted(standing.values_list("notice__version", flat=True))
    standing.update(withdrawn_at=now)
    audit(actor=acting_user, action="consent.withdraw", subject=acting_user, versions=versions)
    _forget_consent_cache(acting_user)
    return len(versions)


# ── One's own data ───────────────────────────────────────────────────────────────────────

PROFILE_FIELDS = ("full_name", "email", "phone", "position", "birth_year", "show_name_publicly")


@transaction.atomic
def profile_update(*, acting_user, user, **fields):
    """A person corrects their own profile. The audit row names the fields, not their values."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if name in ("email", "phone"):
            value = value or None
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if not changed:
        return []
    user.full_clean()
    user.save(update_fields=changed)
    audit(actor=acting_user, action="profile.update", subject=user, fields=changed)
    return changed


# Apps whose records name their author (initiatives, stories…) add a check here: a person who
# authored something cannot simply vanish; someone has to decide what happens to the records.
_authored_record_checks = []


def register_authored_records(check):
    """`check(user) -> bool`: whether the user authored records that outlive the account."""
    _authored_record_checks.append(check)
    return check


def has_authored_records(user) -> bool:
    return any(check(user) for check in _authored_record_checks)


@transaction.atomic
def data_request_create(*, acting_user, kind, note=""):
    """Records the request; a deletion with nothing authored is carried out at once."""
    request = DataRequest(user=acting_user, kind=kind, note=note)
    request.full_clean()
    request.save()
    audit(actor=acting_user, action="data_request.create", subject=request, kind=kind)
    if kind == DataRequest.Kind.DELETE and not has_authored_records(acting_user):
        user_anonymise(acting_user=acting_user, user=acting_user)
        request.status = DataRequest.Status.DONE
        request.handled_at = timezone.now()
        request.handled_by = acting_user
        request.save(update_fields=["status", "handled_at", "handled_by"])
    return request


@transaction.atomic
def data_request_handle(*, acting_user, data_request, status, note=""):
    """A system administrator answers a pending request; carrying out a deletion anonymises."""
    if not acting_user.is_superuser:
        raise PermissionDenied
    if data_request.status != DataRequest.Status.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xử lý."))
    if status == DataRequest.Status.DONE and data_request.kind == DataRequest.Kind.DELETE:
        user_anonymise(acting_user=acting_user, user=data_request.user)
    data_request.status = status
    data_request.handled_at = timezone.now()
    data_request.handled_by = acting_user
    data_request.note = note or data_request.note
    data_request.full_clean()
    data_request.save()
    audit(actor=acting_user, action="data_request.handle", subject=data_request, status=status)
    return data_request


@transaction.atomic
def user_anonymise(*, acting_user, user):
    """Clears what identifies the person and closes the account; the row stays so that audit
    rows and consent records keep pointing somewhere."""
    if acting_user.pk != user.pk and not acting_user.is_superuser:
        raise PermissionDenied
    removed, _detail = Membership.objects.filter(user=user).delete()
    user.full_name = ""
    user.email = None
    user.phone = None
    user.position = ""
    user.birth_year = None
    user.show_name_publicly = False
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    # No full_clean: an anonymised account has, on purpose, neither e-mail nor phone.
    user.save()
    audit(actor=acting_user, action="user.anonymise", subject=user, memberships_removed=removed)


# ── Invitations and roles ────────────────────────────────────────────────────────────────


def _check_can_grant(acting_user, unit, role):
    if role not in grantable_roles(acting_user, unit):
        raise PermissionDenied(_("Bạn không có quyền cấp vai trò này ở đơn vị này."))


def find_person(*, email="", phone=""):
    """The existing user with this e-mail or phone (already normalised), or None."""
    by_email = User.objects.filter(email__iexact=email).first() if email else None
    by_phone = User.objects.filter(phone=phone).first() if phone else None
    if by_email and by_phone and by_email.pk != by_phone.pk:
        raise ValidationError({"phone": _(
            "Thư điện tử này thuộc về một người dùng, còn số điện thoại thuộc về người dùng khác."
        )})
    return by_email or by_phone


@transaction.atomic
def membership_grant(*, acting_user, user, unit, role):
    """(membership, created); granting a role someone already holds changes nothing."""
    _check_can_grant(acting_user, unit, role)
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"granted_by": acting_user}
    )
    if created:
        audit(actor=acting_user, action="membership.grant", unit=unit, subject=user, role=role)
        user.__dict__.pop("_roles_cache", None)
    return membership, created


@dataclass
class Invitation:
    user: User
    created: bool  # a new account (False: an existing person was given the role)
    granted: bool  # False when they already held the role


@transaction.atomic
def user_invite(*, acting_user, unit, full_name, role, email="", phone=""):
    """Creates the person (no usable password) with a role in `unit`, or adds the role to the
    person who already has this e-mail or phone. New people get the e-mail link on commit."""
    if not acting_user.has_perm("accounts.invite_user", unit):
        raise PermissionDenied(_("Bạn không có quyền mời người dùng vào đơn vị này."))
    _check_can_grant(acting_user, unit, role)
    email = (email or "").strip().lower()
    try:
        phone = normalize_phone(phone) if phone else ""
    except InvalidPhone:
        raise ValidationError({"phone": _("Số điện thoại không hợp lệ. Ví dụ: 0912 345 678.")}) from None
    user = find_person(email=email, phone=phone)
    created = user is None
    if created:
        user = User(full_name=" ".join(full_name.split()), email=email or None, phone=phone or None,
                    invited_at=timezone.now())
        user.set_unusable_password()
        user.full_clean()
        user.save()
        audit(actor=acting_user, action="user.invite", unit=unit, subject=user, role=role)
    elif not user.is_active:
        raise ValidationError(_("Tài khoản của người này đã ngừng hoạt động."))
    _membership, granted = membership_grant(acting_user=acting_user, user=user, unit=unit, role=role)
    if created and user.email:
        transaction.on_commit(partial(emails.send_invitations, user_ids=[user.pk], inviter_id=acting_user.pk))
    return Invitation(user=user, created=created, granted=granted)


@transaction.atomic
def membership_revoke(*, acting_user, membership):
    if membership.user_id == acting_user.pk and not acting_user.is_superuser:
        # Keeps a unit from losing its last administrator by a slip of the finger.
        raise PermissionDenied(_("Bạn không thể tự thu hồi vai trò của chính mình."))
    _check_can_grant(acting_user, membership.unit, membership.role)
    audit(actor=acting_user, action="membership.revoke", unit=membership.unit, subject=membership.user,
          role=membership.role)
    membership.delete()


@transaction.atomic
def invitation_resend(*, acting_user, user, unit):
    """A fresh link (older ones stop working); e-mailed when the person has an address."""
    if not acting_user.has_perm("accounts.invite_user", unit) or not Membership.objects.filter(
        user=user, unit=unit
    ).exists():
        raise PermissionDenied
    if not is_pending_invitation(user):
        raise ValidationError(_("Người này đã đặt mật khẩu và đăng nhập rồi."))
    user.invited_at = timezone.now()
    user.save(update_fields=["invited_at"])
    audit(actor=acting_user, action="user.invite_resend", unit=unit, subject=user)
    if user.email:
        transaction.on_commit(partial(emails.send_invitations, user_ids=[user.pk], inviter_id=acting_user.pk))
    return user


@transaction.atomic
def invitation_accept(*, user, password):
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(actor=user, action="user.accept_invite", subject=user)
    return user
