"""Reads of initiatives, always scoped by the tree."""

from django.db.models import Q

from sangkien.core.db import select_with_children
from sangkien.orgs.access import roles_of
from sangkien.orgs.models import Unit, path_upper_bound
from sangkien.orgs.roles import Role

from .models import Author, Initiative, Status


def _within(paths, column="unit_path"):
    q = Q(pk__in=[])
    for path in paths:
        part = Q(**{f"{column}__gte": path})
        upper = path_upper_bound(path)
        if upper:
            part &= Q(**{f"{column}__lt": upper})
        q |= part
    return q


def _paths(user, roles):
    return sorted({p for r, p in roles_of(user) if r in roles})


def initiatives_visible_to(user):
    """Every initiative the user may see at least in part: their subtrees, and their own."""
    if not user.is_authenticated:
        return Initiative.objects.none()
    own = Q(created_by=user) | Q(pk__in=Author.objects.filter(user=user).values("initiative_id"))
    if user.is_superuser:
        return Initiative.objects.exclude(Q(status=Status.DRAFT) & ~own)
    paths = _paths(user, set(Role.values))
    # Drafts are their author's own until sent.
    return Initiative.objects.filter((_within(paths) & ~Q(status=Status.DRAFT)) | own)


def initiatives_mine(user):
    return Initiative.objects.filter(Q(created_by=user) | Q(authors__user=user)).distinct()


def initiatives_waiting_for(user):
    """Every entry this user's roles may move now as an officer, oldest first.

    Mirrors the non-author rows of workflow.MOVES exactly (tests/test_lists_waiting.py
    compares it with moves_for for every persona and state).
    """
    if not user.is_authenticated:
        return Initiative.objects.none()
    officer_paths = _paths(user, {Role.OFFICER})
    upper_paths = _paths(user, {Role.UPPER_OFFICER})
    q = Q(status=Status.SUBMITTED) & _within(officer_paths)
    # confirmed entries wait for an upper-level officer strictly above the CĐCS: each role
    # counts on its own, so a role held at the CĐCS itself does not hide one held above it
    for path in upper_paths:
        q |= Q(status=Status.CONFIRMED) & _within([path]) & ~Q(unit_path=path)
    # approved/nominated entries wait at their level unit, for that very unit's officers;
    # an approved entry at the top has nowhere to be nominated, so nothing waits there
    q |= Q(status=Status.NOMINATED, level_unit__in=Unit.objects.filter(path__in=upper_paths))
    below_top = [p for p in upper_paths if len(p) > Unit.steplen]
    q |= Q(status=Status.APPROVED, level_unit__in=Unit.objects.filter(path__in=below_top))
    return Initiative.objects.filter(q).order_by("status_changed_at", "pk")


def initiative_for_move(pk):
    """The entry a workflow move acts on, with its authors as if prefetched, or None.

    One small prepared read (core.db.select_with_children): building the ORM's query with its
    prefetch cost more than running it, on every move. Related rows (unit, level unit,
    campaign) load when something reads them; a move itself reads none of them.
    """
    found = select_with_children(Initiative, pk, Author, "initiative_id", order_by="c.position_in_list, c.id")
    if found is None:
        return None
    initiative, authors = found
    field = Author._meta.get_field("initiative")
    for author in authors:
        field.set_cached_value(author, initiative)
    cached = initiative.authors.all()
    cached._result_cache, cached._prefetch_done = authors, True
    initiative._prefetched_objects_cache = {"authors": cached}
    return initiative
