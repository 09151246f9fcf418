from django import template

from sangkien.core import formatting

register = template.Library()


@register.filter
def vnd(value):
    return formatting.vnd(value)


@register.filter
def thousands(value):
    return formatting.group_thousands(value)


@register.filter
def vn_date(value):
    return formatting.vn_date(value)
