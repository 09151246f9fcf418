"""What of an initiative a user may see: the one place lists, search, exports and pages ask.

A confidential entry shows only its title, effect summary and rewards (plus where it sits in
the workflow: its unit and status) to anyone who may not see it in full — the rule
`initiatives.view_full`: the authors and the union officers over its unit. The SQL mirror
of that rule (`full_view_q`) lets lists filter and sort without leaking hidden fields.
"""

from django.db.models import Q

from sangkien.orgs.access import roles_of
from sangkien.orgs.roles import Role

from .models import Author, Status
from .rules import OFFICER_ROLES

# What anyone who may see an entry at all sees of it, confidential or not.
PUBLIC_ATTRIBUTES = frozenset({
    "pk", "id", "title", "effect_summary", "rewards", "confidential",
    "unit", "unit_id", "unit_path", "status", "get_status_display", "version", "status_changed_at",
    "level_unit", "level_unit_id", "created_at",
})
FULL_VIEW_ROLES = OFFICER_ROLES | {Role.COUNCIL}


def can_see_full(user, initiative):
    """Whether `user` sees every field. Prefetch `authors` on lists: then it costs no query."""
    if not initiative.confidential:
        return True
    return user.is_authenticated and user.has_perm("initiatives.view_full", initiative)


class Presented:
    """An initiative as one user may see it: hidden attributes read as empty text.

    Default deny: only PUBLIC_ATTRIBUTES pass through a redacted entry, so a field added to
    the model later stays hidden until someone decides otherwise.
    """

    def __init__(self, initiative, full):
        self.__dict__["initiative"] = initiative
        self.__dict__["full"] = full
        self.__dict__["redacted"] = not full

    def __getattr__(self, name):
        if self.full or name in PUBLIC_ATTRIBUTES:
            return getattr(self.initiative, name)
        if name.startswith("_"):
            raise AttributeError(name)
        return ""

    def __setattr__(self, name, value):
        # Views attach per-row extras (days waiting, moves); they never reach the model.
        self.__dict__[name] = value

    def __str__(self):
        return self.initiative.title


def present(initiative, user):
    return Presented(initiative, can_see_full(user, initiative))


def full_view_q(user):
    """Q for the entries `user` may see in full: the SQL twin of `initiatives.view_full`."""
    if user.is_superuser:
        return ~Q(pk__in=[])
    from .selectors import _within

    officer_paths = sorted({p for r, p in roles_of(user) if r in FULL_VIEW_ROLES})
    return ((_within(officer_paths) & ~Q(status=Status.DRAFT)) | Q(created_by_id=user.pk)
            | Q(pk__in=Author.objects.filter(user_id=user.pk).values("initiative_id")))


def hidden_q(user):
    """Q for the entries that show `user` only their public part."""
    if user.is_superuser:
        return Q(pk__in=[])
    return Q(confidential=True) & ~full_view_q(user)
