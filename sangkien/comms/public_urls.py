"""The public outer layer's own addresses: feeds, sitemap.xml and the search page."""

from django.urls import path

from . import feeds, search, sitemaps

app_name = "comms_feeds"
urlpatterns = [
    path("ban-tin/rss.xml", feeds.SiteFeed(), name="rss"),
    path("ban-tin/atom.xml", feeds.SiteAtomFeed(), name="atom"),
    path("ban-tin/<slug:slug>/rss.xml", feeds.SectionFeed(), name="section_rss"),
    path("ban-tin/<slug:slug>/atom.xml", feeds.SectionAtomFeed(), name="section_atom"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("tim-kiem/", search.search_view, name="search"),
]
