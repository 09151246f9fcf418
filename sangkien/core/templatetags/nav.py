import secrets

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from sangkien.core.memo import ProcessMemo

register = template.Library()

# The menu's HTML is a function of a handful of values (language, page, roles, members unit,
# unread count); each process keeps what it rendered under exactly those values, so a change to
# any of them renders afresh and nothing ever goes stale. The form's CSRF token is left out and
# put in per request.
_CSRF_SLOT = f"__nav-csrf-slot-{secrets.token_hex(8)}__"  # per process: no stored text holds it
_RENDERED = ProcessMemo(keep=4096)


@register.simple_tag(takes_context=True)
def nav_items(context):
    """The menu's links, rendered once per page (a signed-in page shows them twice, the phone's
    fold and the wide list) and once per process for the same inputs."""
    template_ = context.template.engine.get_template("_partials/nav_items.html")
    request, user = context.get("request"), context.get("user")
    if settings.DEBUG or request is None or user is None or not user.is_authenticated:
        return template_.render(context)
    match = request.resolver_match
    key = (
        get_language(),
        match.view_name if match else "",
        match.namespace if match else "",
        user.is_superuser,
        frozenset(context.get("nav_roles") or ()),
        str(context.get("nav_members_unit") or ""),
        str(context.get("nav_unread") or 0),
    )
    html = _RENDERED.get(key)
    if html is None:
        with context.push(csrf_token=_CSRF_SLOT):
            html = _RENDERED.put(key, template_.render(context))
    return mark_safe(html.replace(_CSRF_SLOT, str(context.get("csrf_token"))))  # noqa: S308 (our template)
