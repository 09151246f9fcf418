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


# Council scoring (scoring.py) ----------------------------------------------------------------
# Setting a unit's scheme and assigning its scorers: the unit's officers (a CĐCS's officer,
# an upper-level officer, a unit admin), over their subtree.
SCORING_MANAGER_ROLES = frozenset({Role.OFFICER, Role.UPPER_OFFICER, Role.UNIT_ADMIN})


@rules.predicate
def manages_scoring(user, unit):
    return unit is not None and reaches(user, unit.path, SCORING_MANAGER_ROLES)


@rules.predicate
def is_assigned_scorer(user, initiative):
    """Assigned under the scheme that applies now, still on the council, not an author."""
    from . import scoring

    if initiative.status not in scoring.SCORABLE:
        return False
    assignment = scoring.assignment_of(user, initiative)
    return scoring.refusal(user, initiative, assignment) is None


@rules.predicate
def decides_now(user, initiative):
    """May make an officer's move on the entry now: the approver, who sees the scores."""
    from .workflow import AUTHOR, moves_for

    return any(move.actor != AUTHOR for move in moves_for(user, initiative))


rules.add_perm("initiatives.manage_scoring", manages_scoring)
rules.add_perm("initiatives.score_initiative", is_assigned_scorer)
rules.add_perm("initiatives.view_scores", decides_now & ~is_author)
