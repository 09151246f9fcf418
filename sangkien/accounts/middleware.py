from django.shortcuts import redirect
from django.urls import reverse

from .consent import has_current_consent

# Paths a signed-in user may reach before consenting: the notice itself, leaving, language.
_OPEN_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/", "/tai-khoan/dang-xuat", "/tai-khoan/dong-y")


class ConsentRequiredMiddleware:
    """Nothing is usable before the user has agreed to the current privacy notice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not has_current_consent(user)
        ):
            url = reverse("accounts:consent")
            if request.method == "GET":
                return redirect(f"{url}?next={request.get_full_path()}")
            return redirect(url)
        return self.get_response(request)
