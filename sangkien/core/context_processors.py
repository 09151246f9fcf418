from django.db import connection
from django.utils.functional import SimpleLazyObject

from sangkien.orgs.access import roles_of, root_paths, unit_code_at
from sangkien.orgs.roles import Role

# The roles that may see a unit's members (orgs.view_members in orgs/rules.py).
MEMBER_LIST_ROLES = frozenset({Role.OFFICER, Role.UPPER_OFFICER, Role.UNIT_ADMIN})


def navigation(request):
    """Which parts of the menu this user may see; computed once from their memberships.

    Each value is read from the database only when a template uses it.
    `nav_members_unit` is the code of the highest unit whose members the user may list (the
    menu's "Thành viên" link), read with the roles.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset(), "nav_members_unit": None, "nav_unread": 0}
    return {
        # Lazy like the others: a page without the menu (a fragment, an export) need not ask.
        "nav_roles": SimpleLazyObject(lambda: frozenset(role for role, _path in roles_of(user))),
        "nav_members_unit": SimpleLazyObject(lambda: _members_unit_code(user)),
        # One query, only on pages that render the menu (evaluated once, shown twice).
        "nav_unread": SimpleLazyObject(lambda: unread_count(user)),
    }


def _members_unit_code(user):
    tops = root_paths(user, MEMBER_LIST_ROLES)
    return unit_code_at(user, tops[0]) if tops else ""


def unread_count(user):
    """Unread notices, counted up to 99 (the menu shows "99" for more; the index on
    (user, read_at) answers it without reading the rows)."""
    known = getattr(user, "unread_notices", None)
    if known is not None:
        return known  # read with the user (accounts.consent.user_with_consent)
    from sangkien.initiatives.models import Notification

    table = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE user_id = %s AND read_at IS NULL LIMIT 99) t",  # noqa: S608
            [user.pk],
        )
        return cursor.fetchone()[0]
