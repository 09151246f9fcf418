"""A view's first query read in the same statement as the session, one round trip for both.

Every signed-in request reads its session and user first (accounts.sessions, one query, in
ConsentRequiredMiddleware), and the pages read most (dashboards, a unit's list) then read
their unit's version numbers before anything else: a second round trip to PostgreSQL, which
inside a request cost the app ~0.2-0.3 ms of CPU (docs/benchmarks.md). A view marked with
`@reads_ahead(want)` has `want(request, **kwargs)` called before the session is read; it
returns an `Ahead` (scalar subqueries to add to the session's select list) or None. The
session's query then reads them in the same statement, and the view finds
`request.read_ahead`: (the Ahead's key, the values read), or None when nothing was read
(no session, or another reader got there first) and the view asks for itself.
"""

from contextvars import ContextVar
from dataclasses import dataclass, field

_PENDING: ContextVar = ContextVar("sangkien_read_ahead", default=None)


@dataclass
class Ahead:
    columns: str  # SQL: scalar expressions, comma-separated, each value a parameter
    params: list
    width: int  # how many columns
    key: object  # what was asked for, handed back with the values
    values: tuple | None = field(default=None)


def reads_ahead(want):
    """Mark a view (innermost, under its other decorators, which copy the mark)."""

    def mark(view):
        view.read_ahead = want
        return view

    return mark


def read_with_session(request, view_func, view_kwargs, load):
    """Call `load()` (which reads the session and the user), reading the view's Ahead in the
    same statement when it wants one."""
    want = getattr(view_func, "read_ahead", None)
    ahead = want(request, **view_kwargs) if want is not None else None
    if ahead is None:
        load()
        return
    token = _PENDING.set(ahead)
    try:
        load()
    finally:
        _PENDING.reset(token)
    request.read_ahead = (ahead.key, ahead.values) if ahead.values is not None else None


def pending():
    """The Ahead to read with the session being loaded now, once: None if none."""
    ahead = _PENDING.get()
    if ahead is not None:
        _PENDING.set(None)
    return ahead
