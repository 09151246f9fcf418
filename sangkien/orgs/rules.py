"""Permissions over the union tree, in one place.

Every predicate takes a Unit (or anything with a `.path`, or an object with a `.unit`) and
asks whether the user holds one of some roles in that unit or one of its ancestors. The
role × action table in docs/permissions.md is the contract; tests check every cell.
"""

import rules

from .access import reaches
from .roles import Role


def _path_of(obj):
    if obj is None:
        return None
    path = getattr(obj, "path", None)
    if path is None and getattr(obj, "unit", None) is not None:
        path = obj.unit.path
    return path


def holds(*roles):
    """A predicate: the user holds one of `roles` over the object's unit."""
    roles = frozenset(roles)

    @rules.predicate(name=f"holds_{'_or_'.join(sorted(roles))}")
    def predicate(user, obj):
        path = _path_of(obj)
        return path is not None and reaches(user, path, roles)

    return predicate


is_anyone_in_unit = holds(*Role.values)
is_officer = holds(Role.OFFICER, Role.UPPER_OFFICER, Role.UNIT_ADMIN)
is_upper_officer = holds(Role.UPPER_OFFICER)
is_unit_admin = holds(Role.UNIT_ADMIN)
is_editor = holds(Role.EDITOR)
is_council = holds(Role.COUNCIL)

# The actions. Names are "<app>.<verb>_<thing>"; the object is always a unit.
rules.add_perm("orgs.view_unit", is_anyone_in_unit)
rules.add_perm("orgs.view_members", is_officer)
rules.add_perm("orgs.export_units", is_unit_admin | is_upper_officer)
rules.add_perm("orgs.manage_units", is_unit_admin)
rules.add_perm("accounts.invite_user", is_unit_admin)
rules.add_perm("orgs.grant_role", is_unit_admin)
