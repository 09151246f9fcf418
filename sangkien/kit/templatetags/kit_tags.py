from django import template

from sangkien.kit import selectors

register = template.Library()


@register.simple_tag
def slogan_of_the_day():
    """The slogan shown in every page's footer today (cached; see kit.selectors)."""
    return selectors.slogan_of_the_day()
