"""sitemap.xml: every live public Wagtail page and the app's own public pages.

Wagtail writes each page's address with the Site's configured hostname (often "localhost"
on a fresh install); here every address uses the host the request came to instead.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap


class PagesSitemap(WagtailSitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = self.request.build_absolute_uri(parts.path + (f"?{parts.query}" if parts.query else ""))
        return urls


class PublicViewsSitemap(Sitemap):
    """The public pages that are not Wagtail pages: the home page (live counter) and the kit."""

    changefreq = "daily"

    def items(self):
        return ["core:home", "kit:media_kit"]

    def location(self, item):
        return reverse(item)


def sitemap(request):
    from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

    return wagtail_sitemap(request, sitemaps={"pages": PagesSitemap, "app": PublicViewsSitemap},
                           template_name="comms/sitemap.xml", content_type="application/xml")
