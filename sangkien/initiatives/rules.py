"""Who may enter and see initiatives. Workflow moves are decided in workflow.py's table."""

import rules

from sangkien.orgs.access import reaches, roles_of
from sangkien.orgs.roles import Role

OFFICER_ROLES = frozenset({Role.OFFICER, Role.UPPER_OFFICER, Role.UNIT_ADMIN})
ENTRY_ROLES = frozenset({Role.MEMBER, Role.OFFICER, Role.UPPER_OFFICER, Role.UNIT_ADMIN})


def can_enter_for_unit(user, unit):
    """A member enters for their own CĐCS; officers for any CĐCS in their subtree."""
    if not user.is_authenticated or unit.kind.code != "grassroots":
        return False
    if user.is_superuser:
        return True
    # A member of a section (tổ công đoàn) belongs to the CĐCS above the section.
    return any(role in ENTRY_ROLES and (unit.path.startswith(path) or path.startswith(unit.path))
               for role, path in roles_of(user))


@rules.predicate
def is_unit_officer(user, initiative):
    return reaches(user, initiative.unit_path, OFFICER_ROLES) or reaches(user, initiative.unit_path, {Role.COUNCIL})


@rules.predicate
def is_author(user, initiative):
    if initiative.created_by_id == user.pk:
        return True
    return any(a.user_id == user.pk for a in initiative.authors.all())


@rules.predicate
def reaches_unit(user, initiative):
    return reaches(user, initiative.unit_path, frozenset(Role.values))


@rules.predicate
def is_draft(user, initiative):
    return initiative.status == "draft"


# A draft is its author's own work until it is sent: nobody else sees it.
# Full view: officers over the unit and the authors. Others in the subtree see the public
# part; a confidential entry shows them only its title, effect summary and rewards.
rules.add_perm("initiatives.view_full", is_author | (is_unit_officer & ~is_draft))
rules.add_perm("initiatives.view", is_author | (reaches_unit & ~is_draft))
