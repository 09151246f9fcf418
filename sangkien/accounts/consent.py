from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from sangkien.core.ahead import pending
from sangkien.core.db import hot_cursor
from sangkien.orgs.access import keep_roles

from .models import Consent, PrivacyNotice, User


def user_with_consent(user_id):
    """The user with what every signed-in request checks: the current notice
    (`consent_current_notice`) and whether they stand by their agreement to it
    (`consent_agreed`), their roles and their unread count. The session's user is read this
    way, with the session itself in the same query (accounts/sessions.py), so the check adds
    no query and still reads the database on each request: a withdrawal from another device
    or a newly published notice applies at the very next request.

    Plain SQL because it runs on every signed-in request: the same query built with
    Subquery/Exists cost ~1 ms of ORM compilation each time, more than the two queries it
    replaced."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None  # not an id: nobody
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    with hot_cursor() as cursor:
        cursor.execute(f"SELECT {_user_columns()} FROM {_table(User)} u WHERE u.id = %s",  # noqa: S608
                       [when, when, user_id])
        row = cursor.fetchone()
        return user_from_row(row) if row else None


def session_with_user(session_table, session_key):
    """(session_data, the session's user as user_with_consent reads them, or None), or None
    when no unexpired session has that key: one query, which also reads what the view asked
    for ahead (core.ahead)."""
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    ahead = pending()
    extra = f", {ahead.columns}" if ahead else ""
    sql = (f"SELECT s.session_data, {_user_columns()}{extra} FROM {session_table} s "  # noqa: S608
           f"LEFT JOIN {_table(User)} u ON u.id = s.user_id WHERE s.session_key = %s AND s.expire_date > %s")
    with hot_cursor() as cursor:
        cursor.execute(sql, [when, when, *(ahead.params if ahead else ()), session_key, when])
        row = cursor.fetchone()
    if row is None:
        return None
    if ahead:
        ahead.values, row = tuple(row[-ahead.width:]), row[:-ahead.width]
    signed_in = row[1 + _PK_AT] is not None  # no user: an anonymous session
    return row[0], user_from_row(row[1:]) if signed_in else None


def user_from_row(row):
    """A User from a row of _user_columns() (the model's fields in order, then the extras),
    with the extras set as user_with_consent promises."""
    fields = _fields()
    values = []
    for (field, converters), value in zip(fields, row, strict=False):
        for convert in converters:  # as the ORM reads them (SQLite's dates come naive)
            value = convert(value, field, connection)
        values.append(value)
    user = User.from_db(connection.alias, [field.attname for field, _c in fields], values)
    notice, agreed, unread, held = row[len(fields):]
    user.consent_current_notice = notice
    user.consent_agreed = bool(agreed)
    user.unread_notices = unread
    # The roles every page asks for (menu, permissions), kept as roles_of would keep them.
    keep_roles(user, [line.split(_FIELD) for line in (held or "").split(_ROW) if line])
    return user


_PK_AT = User._meta.concrete_fields.index(User._meta.pk)

# Separators of the roles read with the user: control characters, in no role, path or code.
_FIELD, _ROW = chr(31), chr(30)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


@cache
def _fields():
    """[(field, the converters the ORM applies to its value)] of the user, in the model's order."""
    found = []
    for field in User._meta.concrete_fields:
        column = field.get_col(User._meta.db_table)
        found.append((field, connection.ops.get_db_converters(column) + field.get_db_converters(connection)))
    return found


@cache
def _user_columns():
    """The select list of the user `u` and what is read with them; two parameters, the time
    twice (for the current notice)."""
    quote = connection.ops.quote_name
    notice, consent = _table(PrivacyNotice), _table(Consent)
    # Only the models' own table names are put into the text (quoted); values are parameters.
    current = f"SELECT n.id FROM {notice} n WHERE n.published_at <= %s ORDER BY n.published_at DESC LIMIT 1"  # noqa: S608
    # The menu's count of unread notices (up to 99) comes with them: one query fewer on every page.
    notification = _table(apps.get_model("initiatives", "Notification"))
    unread = f"SELECT 1 FROM {notification} m WHERE m.user_id = u.id AND m.read_at IS NULL LIMIT 99"  # noqa: S608
    # …and so do the roles, as one text (role, unit path, unit code; see _FIELD and _ROW).
    membership, unit = (_table(apps.get_model("orgs", name)) for name in ("Membership", "Unit"))
    char = "chr" if connection.vendor == "postgresql" else "char"
    line = f"r.role || {char}(31) || w.path || {char}(31) || w.code"
    aggregate = f"string_agg({line}, {char}(30))" if connection.vendor == "postgresql" else f"group_concat({line}, {char}(30))"
    roles = (f"SELECT {aggregate} FROM {membership} r JOIN {unit} w ON w.id = r.unit_id "  # noqa: S608
             f"WHERE r.user_id = u.id")
    # In the model's own order: Model.from_db places a full row's values by position.
    columns = ", ".join(f"u.{quote(f.column)}" for f in User._meta.concrete_fields)
    return (
        f"{columns}, ({current}) AS consent_current_notice, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {consent} c WHERE c.user_id = u.id AND c.withdrawn_at IS NULL"
        f" AND c.notice_id = ({current})) AS consent_agreed, "
        f"(SELECT COUNT(*) FROM ({unread}) t) AS unread_notices, "
        f"({roles}) AS roles_held"
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
