"""What a public page tells Facebook, Zalo and search engines: its share card.

One place builds the Open Graph / Twitter card, the canonical link, the share links and the
QR code address, for Wagtail pages (through the page helpers og_title, og_description,
og_image and canonical_url) and for the app's own public pages (the home page, the media
kit, search), which pass plain values. Every address is absolute and uses the host the
visitor asked for, not the Wagtail Site's configured hostname (often "localhost").

No share link loads anything from Facebook or Zalo: they are plain links that open the
network's own share page in a new window.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

FACEBOOK_SHARE = "https://www.facebook.com/sharer/sharer.php?u="
ZALO_SHARE = "https://zalo.me/share?url="
OG_RENDITION = "fill-1200x630"


@dataclass(frozen=True)
class ShareCard:
    title: str
    description: str
    url: str  # og:url, the address shared: this page on this site
    canonical: str  # <link rel="canonical">: the original's address for a repost
    image_url: str
    image_width: int | None
    image_height: int | None
    og_type: str
    qr_path: str
    section_slug: str = ""  # the page's section, whose RSS/Atom feed the page announces

    @property
    def facebook_url(self):
        return FACEBOOK_SHARE + quote(self.url, safe="")

    @property
    def zalo_url(self):
        return ZALO_SHARE + quote(self.url, safe="")

    @property
    def qr_svg_url(self):
        return reverse("kit:qr", args=["svg"]) + "?" + urlencode({"duong-dan": self.qr_path})

    @property
    def qr_png_url(self):
        return reverse("kit:qr", args=["png"]) + "?" + urlencode({"duong-dan": self.qr_path})


def _default_image(request):
    """The campaign's 1200×630 banner from the media kit, or the live counter card."""
    from sangkien.kit.models import MediaFile

    banner = MediaFile.objects.filter(item__kind="banner", width=1200, height=630).only("pk").first()
    if banner is not None:
        return request.build_absolute_uri(reverse("kit:preview", args=[banner.pk])), 1200, 630
    return request.build_absolute_uri(reverse("progress:share_image")), 1200, 630


def _page_image(request, page):
    image = page.og_image() if hasattr(page, "og_image") else None
    if image is None:
        return None
    try:
        rendition = image.get_rendition(OG_RENDITION)
    except Exception:  # noqa: BLE001  (a missing or broken file must not take the page down)
        return None
    return request.build_absolute_uri(rendition.url), rendition.width, rendition.height


def share_card(request, page=None, *, title=None, description=None, path=None, image_url=None,
               og_type=None):
    """The card for `page` (a Wagtail page), or for an app page from plain values.

    `path` defaults to the page's own URL, then to the request's path; keyword values win
    over what the page says.
    """
    image = None
    if page is not None:
        specific = getattr(page, "specific", page)
        title = title or (specific.og_title() if hasattr(specific, "og_title") else specific.seo_title or specific.title)
        if description is None:
            if hasattr(specific, "og_description"):
                description = specific.og_description()
            else:
                description = specific.search_description or getattr(specific, "intro", "") or ""
        path = path or specific.get_url(request)
        image = _page_image(request, specific)
        og_type = og_type or ("article" if hasattr(specific, "og_image") else "website")
        page = specific
    path = path or request.path
    url = request.build_absolute_uri(path)
    canonical = url
    if page is not None and hasattr(page, "canonical_url"):
        # A page says where its canonical copy lives (a repost: the original article); its
        # own address is rebuilt with the visitor's host.
        declared = page.canonical_url(request)
        if declared and declared != page.get_full_url(request):
            canonical = declared
    if image_url:
        image = (request.build_absolute_uri(image_url), None, None)
    image = image or _default_image(request)
    section_slug = ""
    if page is not None:
        from .models import SectionPage

        section = page if isinstance(page, SectionPage) else getattr(page, "section", None)
        section_slug = section.slug if section is not None else ""
    return ShareCard(
        title=title or _("Chương trình “01 triệu sáng kiến”"),
        description=(description or "")[:300],
        url=url,
        canonical=canonical,
        image_url=image[0], image_width=image[1], image_height=image[2],
        og_type=og_type or "website",
        qr_path=path,
        section_slug=section_slug,
    )
