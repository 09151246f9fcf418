import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest):
    """200 after a real database round-trip, 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


_HOME_MEMO: dict[str, tuple[float, str]] = {}  # key -> (until, html), this process only
_now = time.monotonic


def home(request: HttpRequest):
    """The public home page; htmx asks for its live figures alone every 30 seconds.

    Anonymous visitors, the crowd a national campaign sends here, all get the same page, so
    it is rendered once per language and host and kept as long as the figures in it: it is
    stored with a digest of the figures' fragment (cached for `progress.public.CACHE_SECONDS`)
    and rendered again when the figures differ. Nothing in the anonymous layout varies per
    visitor (no CSRF token, the language switch is a GET form); a visitor with a message
    waiting gets the page rendered for them.
    """
    from sangkien.progress import public

    if request.htmx and not request.htmx.history_restore_request and request.htmx.target == "live-figures":
        return HttpResponse(public.public_page()["figures_html"])
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return render(request, "core/home.html", public.public_page())
    key = f"core:home:v2:{get_language()}:{request.scheme}://{request.get_host()}"
    # This process keeps the page it served last for HOME_PAGE_MEMO_SECONDS (1 s): at a
    # campaign's peak that spares the shared cache a 45 KB round-trip per view, and the figures
    # are at most that much older than the shared cache's own freshness.
    memo = _HOME_MEMO.get(key)
    if memo is not None and memo[0] > _now():
        return HttpResponse(memo[1])
    # One round-trip to the cache for both entries; the page is served only if it was
    # rendered from the figures the cache holds now.
    figures_key = public.page_key()
    found = cache.get_many([figures_key, key])
    context = public.public_page_from(found.get(figures_key))
    figures = hashlib.md5(context["figures_html"].encode(), usedforsecurity=False).hexdigest()
    page = found.get(key)
    if page is None or page[0] != figures:
        # `language_next`: the switch returns to the home page itself, whatever query string
        # (fbclid, utm_…) the first visitor came with.
        html = render_to_string("core/home.html", {**context, "language_next": reverse("core:home")}, request)
        page = (figures, html)
        cache.set(key, page, public.CACHE_SECONDS)
    if settings.HOME_PAGE_MEMO_SECONDS > 0:
        _HOME_MEMO[key] = (_now() + settings.HOME_PAGE_MEMO_SECONDS, page[1])
    return HttpResponse(page[1])


def choose_language(request: HttpRequest):
    """The language switch of anonymous pages: a link, not a POST form, so that their layout
    carries no per-visitor CSRF token and can be cached. Sets the language cookie (what
    `ChosenLanguageMiddleware` reads) and goes back to `next` when it is a page of this site."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("core:home")
    response = redirect(next_url)
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("Trang chưa có ngôn ngữ bạn chọn. Hãy chọn một ngôn ngữ trong danh sách."))
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
