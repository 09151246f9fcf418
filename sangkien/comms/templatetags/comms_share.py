"""{% share_meta page %} in <head> and {% share_links page %} in the page: the share card.

For an app page without a Wagtail page: {% share_meta title=… description=… %} (the path
defaults to the current one). Both tags read one card per request and page.
"""

from django import template

from sangkien.comms.sharing import share_card

register = template.Library()


def _card(context, page, values):
    request = context["request"]
    memo = request.__dict__.setdefault("_share_cards", {})
    key = (getattr(page, "pk", None), tuple(sorted(values.items())))
    if key not in memo:
        memo[key] = share_card(request, page, **values)
    return memo[key]


@register.inclusion_tag("comms/_share_meta.html", takes_context=True)
def share_meta(context, page=None, **values):
    return {"card": _card(context, page, values)}


@register.inclusion_tag("comms/_share.html", takes_context=True)
def share_links(context, page=None, **values):
    return {"card": _card(context, page, values)}


@register.inclusion_tag("comms/_share_home.html", takes_context=True)
def home_news(context):
    """The public home page's way into the site: newest stories, newest news, the media kit."""
    from sangkien.comms.home import home_news as newest

    return {"news": newest(), "request": context.get("request")}
