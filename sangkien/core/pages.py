"""Whole pages kept by each process (a dashboard, a unit's list), and what they are kept under.

A kept page is keyed by everything it shows: the caller's part (the unit, the version numbers
of what the page reads, the date when it shows one) and, from `viewer_key`, the request and
the viewer (address with its query, language, htmx or not, the viewer's account, name, roles
and unread count, which decide the menu, links, buttons and what a confidential entry shows).
The CSRF token is left as `TOKEN_SLOT` and each response puts in its own.
"""

import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from sangkien.core.context_processors import unread_count
from sangkien.orgs.access import roles_of

# Drawn per process, so no stored text (a title, a search) can be made to hold it.
TOKEN_SLOT = f"__csrf-slot-{secrets.token_hex(8)}__"


def viewer_key(request):
    """What a page shows of the request and the viewer; None when a message waits to be shown
    (that page is never kept)."""
    if len(messages.get_messages(request)):
        return None
    user = request.user
    htmx = getattr(request, "htmx", None)
    return (request.get_full_path(), get_language(), bool(htmx), bool(htmx and htmx.boosted),
            user.pk, user.is_superuser, user.full_name, user.email, tuple(sorted(roles_of(user))),
            str(unread_count(user)))


def page_key(request, *parts):
    """The key of a whole page: the caller's `parts` (what it is, the unit and its version
    numbers), the day, and viewer_key; None when the page must not be kept."""
    viewer = viewer_key(request)
    return None if viewer is None else (*parts, timezone.localdate(), viewer)


def respond(request, html):
    """The kept page with this request's CSRF token in its slots."""
    return HttpResponse(html.replace(TOKEN_SLOT, get_token(request)))
