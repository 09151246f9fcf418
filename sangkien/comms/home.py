"""What the public home page (/) shows of the communications site.

The home page is the busiest page and keeps its figures a few seconds in the cache
(progress.public); its news does the same, for as long: a story an approver publishes shows
on the home page within CACHE_SECONDS.
"""

from django.core.cache import cache

from .models import ArticleKind, ArticlePage, StoryPage

CACHE_KEY = "comms:home-news:v1"
CACHE_SECONDS = 10
SHOWN = 3


def _cards(queryset):
    return [
        {"title": page.title, "url": page.url, "date": page.first_published_at}
        for page in queryset.live().public().order_by("-first_published_at", "-pk")[:SHOWN]
    ]


def home_news():
    news = cache.get(CACHE_KEY)
    if news is None:
        news = {
            "stories": _cards(StoryPage.objects.all()),
            "articles": _cards(ArticlePage.objects.filter(kind=ArticleKind.NEWS)),
            "features": _cards(ArticlePage.objects.filter(kind=ArticleKind.FEATURE)),
        }
        cache.set(CACHE_KEY, news, CACHE_SECONDS)
    return news
