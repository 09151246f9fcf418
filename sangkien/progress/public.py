"""The public figures: the national counter, the provinces and the leading clusters.

Read from the counter tables (a handful of indexed reads) and kept a few seconds in the
cache, so a crowd on the home page costs the database one read per interval. The page
refreshes its figures every 30 seconds, so a 10-second-old figure is never seen as stale.
"""

import io

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from sangkien.orgs.models import Unit

from . import clusters, selectors
from .dashboard import campaign_choice

GOAL = 1_000_000  # the programme's name: "01 triệu sáng kiến"
CACHE_SECONDS = 10
CACHE_KEY = "progress:public:v1"


def national_root():
    """The national unit: the first root of the tree, or None while there is no tree."""
    return Unit.objects.filter(depth=1).select_related("kind").order_by("path").first()


def _compute():
    root = national_root()
    campaign = campaign_choice().campaign
    if root is None or campaign is None:
        return {"public": None}
    figures = selectors.unit_figures(root, campaign)
    provinces = list(selectors.children_ranked(root, campaign)[:100])
    # Each cluster's latest leaders: the newest quarter that has any (the current quarter has
    # none until someone beats its target), else the newest quarter, which then says so.
    leading = []
    for standing in clusters.cluster_standings(root, campaign):
        shown = next((q for q in standing.quarters if q.leaders), standing.latest)
        if shown is not None:
            leading.append((standing.cluster, shown))
    # The counter runs toward the programme's million; the root's own target, when it is set
    # to another number (a phase, or a tree that is not the whole country), shows beside it.
    target = figures.required if figures.required and figures.required != GOAL else None
    return {"public": {
        "root": root, "campaign": campaign, "counted": figures.counted, "benefit": figures.benefit,
        "people": figures.people, "goal": GOAL, "percent": round(100 * figures.counted / GOAL, 1),
        "target": target, "target_percent": round(100 * figures.counted / target, 1) if target else None,
        "provinces": provinces, "leading": leading,
    }}


def public_figures():
    data = cache.get(CACHE_KEY)
    if data is None:
        data = _compute()
        cache.set(CACHE_KEY, data, CACHE_SECONDS)
    return data


def public_page():
    """What the home page shows of the figures: {"public": the national numbers or None,
    "figures_html": the rendered figures}, cached as text for the same few seconds.

    Caching the rendered HTML rather than the figures is what lets the home page serve a
    crowd: unpickling the provinces' Unit rows and rendering their table cost ~5 ms a view.
    Keyed by language, since the fragment carries translated labels.
    """
    return public_page_from(cache.get(page_key()))


def page_key():
    """The cache key of `public_page`'s entry (the home page reads it with its own page)."""
    return f"{CACHE_KEY}:page:{get_language()}"


def public_page_from(page):
    """`public_page` given its cache entry as read (None when absent or expired)."""
    if page is None:
        data = public_figures()
        public = data["public"]
        page = {
            "public": None if public is None else {
                k: public[k] for k in ("counted", "benefit", "people", "goal", "percent")},
            "figures_html": render_to_string("progress/_partials/public_figures.html", data),
        }
        cache.set(page_key(), page, CACHE_SECONDS)
    return {"public": page["public"], "figures_html": mark_safe(page["figures_html"])}  # noqa: S308


FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT_REGULAR = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def _font(path, size):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(path, size)
    except OSError:  # no DejaVu on this machine: Pillow's own font has Vietnamese letters too
        return ImageFont.load_default(size=size)


def share_image_png(*, counted, goal, title, subtitle, counted_text, goal_text):
    """The Open Graph card (1200×630 PNG): title, the national count and a progress bar."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 630), "#b3161b")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 1200, 14), fill="#f5c242")
    draw.text((70, 70), title, font=_font(FONT, 54), fill="#ffffff")
    draw.text((70, 150), subtitle, font=_font(FONT_REGULAR, 34), fill="#fde8a8")
    draw.text((70, 250), counted_text, font=_font(FONT, 120), fill="#ffffff")
    draw.text((70, 400), goal_text, font=_font(FONT_REGULAR, 36), fill="#ffffff")
    share = min(1.0, counted / goal) if goal else 0
    draw.rectangle((70, 480, 1130, 530), outline="#ffffff", width=3)
    if share:
        draw.rectangle((73, 483, 73 + int(1054 * share), 527), fill="#f5c242")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
