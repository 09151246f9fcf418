from functools import cache

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.http import urlencode

from sangkien.core.ahead import read_with_session

from .consent import has_current_consent


@cache
def _open_prefixes():
    """Paths a signed-in user may reach before consenting: the notice itself, leaving, the
    language switch, and their rights over their own data (see, export, correct, delete),
    which do not depend on consent."""
    return (
        "/static/", "/media/", "/healthz", "/i18n/",
        reverse("core:language"),
        reverse("accounts:logout"),
        reverse("accounts:consent"),
        reverse("accounts:my_data"),
    )


class ConsentRequiredMiddleware:
    """Nothing is usable before the user has agreed to the current privacy notice.

    The check runs once the address is resolved (process_view), so that a view's first query
    can go to the database with the session's (core.ahead)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject):
            # The check below reads the user on every request anyway: from here on the request
            # holds the user itself, not Django's lazy wrapper, through which every attribute
            # read costs a caught exception (~100 reads on a signed-in page).
            if user._wrapped is empty:
                read_with_session(request, view_func, view_kwargs, user._setup)
            user = request.user = user._wrapped
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_open_prefixes())
            and not has_current_consent(user)
        ):
            url = reverse("accounts:consent")
            if request.method == "GET":
                url = f"{url}?{urlencode({'next': request.get_full_path()})}"
            if getattr(request, "htmx", False):
                # A fragment request would swap the consent page into a corner of the screen.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return None
