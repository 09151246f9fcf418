"""RSS and Atom feeds: the whole site's newest pages, and each section's.

Only live pages without a view restriction: a draft, an unpublished or a private page never
reaches a feed. Links are absolute with the visitor's host (django.contrib.syndication
builds them from the request when the sites framework is not installed).
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import PortalHomePage, SectionPage

ITEMS = 30


def content_pages(under=None):
    """Live public content pages (not the portal or section pages), newest first."""
    portal = PortalHomePage.objects.first()
    if portal is None:
        return Page.objects.none()
    pages = Page.objects.descendant_of(under or portal).live().public().filter(depth=portal.depth + 2)
    return pages.order_by("-first_published_at", "-pk")


class SiteFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Tin bài Chương trình “01 triệu sáng kiến”")

    def description(self):
        return _("Tin, bài viết, câu chuyện điển hình, văn bản và hướng dẫn mới nhất của các cấp công đoàn.")

    def link(self):
        return reverse("core:home")

    def feed_url(self):
        return reverse("comms_feeds:rss")

    def items(self):
        return list(content_pages()[:ITEMS].specific())

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.og_description()

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"sangkien-page-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        section = item.section
        return section.unit.name if section else None

    def item_categories(self, item):
        return [str(item.kind_label()), *(tag.name for tag in item.tags.all())]


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()

    def feed_url(self):
        return reverse("comms_feeds:atom")


class SectionFeed(SiteFeed):
    def get_object(self, request, slug):
        section = SectionPage.objects.live().public().filter(slug=slug).select_related("unit").first()
        if section is None:
            raise Http404(_("Không có chuyên trang này."))
        return section

    def title(self, section):
        return _("Tin bài của %(unit)s") % {"unit": section.unit.name}

    def description(self, section):
        return section.intro or self.title(section)

    def link(self, section):
        return section.get_url(self.request)

    def feed_url(self, section):
        return reverse("comms_feeds:section_rss", args=[section.slug])

    def items(self, section):
        return list(content_pages(section)[:ITEMS].specific())


class SectionAtomFeed(SectionFeed):
    feed_type = Atom1Feed

    def subtitle(self, section):
        return self.description(section)

    def feed_url(self, section):
        return reverse("comms_feeds:section_atom", args=[section.slug])
