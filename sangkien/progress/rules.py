"""Who may set targets: an upper-level officer or unit admin of a unit strictly above."""

import rules

from sangkien.orgs.access import roles_of
from sangkien.orgs.roles import Role

TARGET_ROLES = frozenset({Role.UPPER_OFFICER, Role.UNIT_ADMIN})


@rules.predicate
def sets_targets_below(user, unit):
    if unit is None or not user.is_authenticated:
        return False
    path = unit.path
    return any(role in TARGET_ROLES and path.startswith(p) and path != p for role, p in roles_of(user))


rules.add_perm("progress.set_target", sets_targets_below)
