"""Who holds which role where. The one place that reads memberships for access decisions."""

from django.db import connection

from .models import Membership, Unit

# Read on every signed-in page: plain SQL, which costs a fraction of building the ORM query.
_ROLES_SQL = (
    f"SELECT m.role, u.path, u.code FROM {Membership._meta.db_table} m "  # noqa: S608 (table names)
    f"JOIN {Unit._meta.db_table} u ON u.id = m.unit_id WHERE m.user_id = %s"
)


def roles_of(user):
    """[(role, unit_path), …] for the user, read once per user object (one query)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(_ROLES_SQL, [user.pk])
            cached = keep_roles(user, cursor.fetchall())
    return cached


def keep_roles(user, rows):
    """Remember the user's roles, rows of (role, unit path, unit code), for this user object
    (one request): roles_of and unit_code_at answer from them. Returns roles_of's list."""
    user._roles_cache = [(role, path) for role, path, _code in rows]
    user._roles_codes = {path: code for _role, path, code in rows}
    return user._roles_cache


def unit_code_at(user, path):
    """The code of a unit where the user holds a role, known from the same query as roles_of."""
    roles_of(user)
    return user._roles_codes.get(path)


def reaches(user, unit_path: str, roles) -> bool:
    """True when the user holds one of `roles` in the unit or one of its ancestors."""
    return any(role in roles and unit_path.startswith(path) for role, path in roles_of(user))


def root_paths(user, roles):
    """The tops of the subtrees where the user holds one of `roles` (nested ones removed)."""
    paths = sorted({path for role, path in roles_of(user) if role in roles})
    tops = []
    for path in paths:
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    return tops
