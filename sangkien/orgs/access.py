"""Who holds which role where. The one place that reads memberships for access decisions."""

from .models import Membership


def roles_of(user):
    """[(role, unit_path), …] for the user, read once per user object (one query)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_roles_cache", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("role", "unit__path"))
        user._roles_cache = cached
    return cached


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
