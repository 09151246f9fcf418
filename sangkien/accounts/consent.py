from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sangkien.orgs.access import keep_roles

from .models import Consent, PrivacyNotice, User


def user_with_consent(user_id):
    """The user with what every signed-in request checks: the current notice
    (`consent_current_notice`) and whether they stand by their agreement to it
    (`consent_agreed`). The session's user is read this way (`EmailOrPhoneBackend.get_user`),
    so the check adds no query and still reads the database on each request: a withdrawal
    from another device or a newly published notice applies at the very next request.

    Plain SQL because it runs on every signed-in request: the same query built with
    Subquery/Exists cost ~1 ms of ORM compilation each time, more than the two queries it
    replaced."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None  # not an id: nobody
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = list(User.objects.raw(_user_with_consent_sql(), [when, when, user_id]))
    if not rows:
        return None
    user = rows[0]
    user.consent_agreed = bool(user.consent_agreed)
    # The roles every page asks for (menu, permissions), kept as roles_of would keep them.
    keep_roles(user, [line.split(_FIELD) for line in (user.roles_held or "").split(_ROW) if line])
    del user.roles_held
    return user


# Separators of the roles read with the user: control characters, in no role, path or code.
_FIELD, _ROW = chr(31), chr(30)


@cache
def _user_with_consent_sql():
    quote = connection.ops.quote_name
    user, notice, consent = (quote(m._meta.db_table) for m in (User, PrivacyNotice, Consent))
    # Only the models' own table names are put into the text (quoted); values are parameters.
    current = f"SELECT n.id FROM {notice} n WHERE n.published_at <= %s ORDER BY n.published_at DESC LIMIT 1"  # noqa: S608
    # The menu's count of unread notices (up to 99) comes with them: one query fewer on every page.
    notification = quote(apps.get_model("initiatives", "Notification")._meta.db_table)
    unread = f"SELECT 1 FROM {notification} m WHERE m.user_id = u.id AND m.read_at IS NULL LIMIT 99"  # noqa: S608
    # …and so do the roles, as one text (role, unit path, unit code; see _FIELD and _ROW).
    membership, unit = (quote(apps.get_model("orgs", name)._meta.db_table) for name in ("Membership", "Unit"))
    char = "chr" if connection.vendor == "postgresql" else "char"
    line = f"r.role || {char}(31) || w.path || {char}(31) || w.code"
    aggregate = f"string_agg({line}, {char}(30))" if connection.vendor == "postgresql" else f"group_concat({line}, {char}(30))"
    roles = (f"SELECT {aggregate} FROM {membership} r JOIN {unit} w ON w.id = r.unit_id "  # noqa: S608
             f"WHERE r.user_id = u.id")
    return (
        f"SELECT u.*, ({current}) AS consent_current_notice, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {consent} c WHERE c.user_id = u.id AND c.withdrawn_at IS NULL"
        f" AND c.notice_id = ({current})) AS consent_agreed, "
        f"(SELECT COUNT(*) FROM ({unread}) t) AS unread_notices, "
        f"({roles}) AS roles_held "
        f"FROM {user} u WHERE u.id = %s"
    )


def forget(user):
    """After the user gives or withdraws consent in this request, read it again."""
    for name in ("_consent_notice_id", "consent_current_notice", "consent_agreed"):
        # delattr, not __dict__: request.user is a lazy object that forwards attributes.
        if hasattr(user, name):
            delattr(user, name)


def has_current_consent(user) -> bool:
    """Whether the user stands by their agreement to the current notice (read with the user
    when `user_with_consent` loaded them, else asked once and remembered on the user object,
    which lives for one request)."""
    agreed = getattr(user, "consent_agreed", None)
    if agreed is not None:
        return user.consent_current_notice is None or agreed
    notice = PrivacyNotice.current()
    if notice is None:
        return True  # nothing published yet to agree to
    if getattr(user, "_consent_notice_id", None) == notice.pk:
        return True
    ok = Consent.objects.filter(user=user, notice=notice, withdrawn_at__isnull=True).exists()
    if ok:
        user._consent_notice_id = notice.pk
    return ok
