from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_items(context):
    """The menu's links, rendered once: a signed-in page shows them twice (the phone's fold
    and the wide list), and rendering them is most of what the menu costs."""
    return context.template.engine.get_template("_partials/nav_items.html").render(context)
