from sangkien.orgs.access import roles_of


def navigation(request):
    """Which parts of the menu this user may see; computed once from their memberships."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_roles": frozenset()}
    return {"nav_roles": frozenset(role for role, _path in roles_of(user))}
