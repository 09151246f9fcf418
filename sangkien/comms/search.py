"""One search box for the public site: communications pages and public initiatives.

Both ignore tone marks and đ/Đ: pages through their `search_folded` column (CommsPage.save
folds title, lead and body with core.text.fold), initiatives through the initiatives'
own search (FTS5 on SQLite, trigram columns on PostgreSQL). Only live pages without a view
restriction are searched, and only initiatives the programme counts publicly (approved and
beyond), shown as the confidentiality rules allow an anonymous visitor to see them: a
confidential entry is found by its title alone and shows only its public part.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _

from sangkien.initiatives import search as initiative_search
from sangkien.initiatives.models import COUNTED_STATUSES, Initiative
from sangkien.initiatives.presenting import present

from .models import ArticlePage, DirectiveDocumentPage, GuidePage, RepostPage, StoryPage, VideoPage

PAGE_MODELS = (ArticlePage, StoryPage, RepostPage, GuidePage, DirectiveDocumentPage, VideoPage)
LIMIT = 20  # newest first; more words narrow it (exact counts of common words cost, see PERF-NOTES)
MAX_QUERY = 200


@dataclass
class Results:
    query: str
    words: list
    pages: list
    pages_more: bool
    initiatives: list
    initiatives_more: bool
    error: str = ""


def words_of(query):
    return initiative_search.words(query)


def search_pages(words, limit=LIMIT):
    """Live public content pages containing every word, newest first (one query per type)."""
    if not words:
        return [], False
    q = Q()
    for word in words:
        q &= Q(search_folded__contains=word)
    found = []
    for model in PAGE_MODELS:
        found += list(model.objects.live().public().filter(q).order_by("-first_published_at")[: limit + 1])
    found.sort(key=lambda page: (page.first_published_at is not None, page.first_published_at, page.pk),
               reverse=True)
    return found[:limit], len(found) > limit


def search_public_initiatives(query, limit=LIMIT):
    """Counted initiatives matching `query`, as an anonymous visitor may see them."""
    words = words_of(query)
    if not words:
        return [], False
    qs = initiative_search.matching(Initiative.objects.filter(status__in=COUNTED_STATUSES), query)
    title_only = Q()
    for word in words:
        title_only &= Q(title_folded__contains=word)
    # A confidential entry's content and authors are not public: it is found by its title only.
    qs = qs.filter(Q(confidential=False) | title_only).select_related("unit").order_by("-status_changed_at", "-pk")
    rows = list(qs[: limit + 1])
    anonymous = AnonymousUser()
    return [present(initiative, anonymous) for initiative in rows[:limit]], len(rows) > limit


def search_all(query):
    query = (query or "").strip()
    if len(query) > MAX_QUERY:
        return Results(query[:MAX_QUERY], [], [], False, [], False,
                       error=_("Từ khóa quá dài: nhập tối đa %(n)s ký tự.") % {"n": MAX_QUERY})
    words = words_of(query)
    if query and not words:
        return Results(query, [], [], False, [], False,
                       error=_("Nhập ít nhất một chữ hoặc số để tìm, ví dụ “sáng kiến” hoặc “3250”."))
    pages, pages_more = search_pages(words)
    initiatives, initiatives_more = search_public_initiatives(query)
    return Results(query, words, pages, pages_more, initiatives, initiatives_more)




def search_view(request):
    """/tim-kiem/?q=…: the public search page, the same for everyone."""
    from django.shortcuts import render

    results = search_all(request.GET.get("q", ""))
    if results.initiatives and request.user.is_authenticated:
        for row in results.initiatives:
            row.may_open = request.user.has_perm("initiatives.view", row.initiative)
    return render(request, "comms/search.html", {"results": results}, status=200)
