"""Reading the union tree for pages and exports. Which units a user may list is decided here."""

from .access import root_paths
from .models import Unit
from .roles import Role


def _top_paths(user):
    """Paths of the tops of the subtrees the user's roles reach; None for a superuser (all)."""
    if user.is_superuser:
        return None
    return root_paths(user, Role.values)


def units_top_for(user):
    """The user's own units: the top of each subtree their roles reach (roots for superusers)."""
    paths = _top_paths(user)
    qs = Unit.objects.filter(depth=1) if paths is None else Unit.objects.filter(path__in=paths)
    return qs.select_related("kind")


def units_visible(user):
    """Every unit the user may view (orgs.view_unit), as one range query per subtree."""
    paths = _top_paths(user)
    qs = Unit.objects.all() if paths is None else Unit.objects.within_any(paths)
    return qs.select_related("kind")


def units_search(user, text):
    """Units the user may view whose name or short name contains `text`, tone marks aside."""
    return units_visible(user).search(text)


def unit_children(unit):
    return unit.subtree(include_self=False).filter(depth=unit.depth + 1).select_related("kind")


def unit_parents_by_path(units):
    """{path: parent} for a page of units, in one query: shows where each search hit sits."""
    paths = {unit.path[: -Unit.steplen] for unit in units if unit.depth > 1}
    if not paths:
        return {}
    return {parent.path: parent for parent in Unit.objects.filter(path__in=paths).only("path", "code", "name")}


def units_for_export(unit):
    """The rows of `unit`'s subtree in the import's columns, parents before children."""
    parent_code = ""
    if unit.depth > 1:
        parent_code = Unit.objects.filter(path=unit.path[: -Unit.steplen]).values_list("code", flat=True).get()
    code_at = {unit.path[: -Unit.steplen]: parent_code}
    fields = ("path", "code", "name", "short_name", "kind__code", "headcount", "cluster__name")
    for path, code, name, short_name, kind, headcount, cluster in (
        unit.subtree().values_list(*fields).iterator(chunk_size=5000)
    ):
        code_at[path] = code
        yield (code, code_at[path[: -Unit.steplen]], name, short_name, kind, headcount, cluster or "")
