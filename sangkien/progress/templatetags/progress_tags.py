from django import template

register = template.Library()


@register.filter
def percent(value, digits=1):
    """45.25 -> "45,3%" (decimal comma, the Vietnamese way); None -> "—"."""
    if value is None:
        return "—"
    text = f"{round(float(value), int(digits)):.{int(digits)}f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')}%"


@register.filter
def capped(value, top=100):
    """A value for <progress>, which cannot show more than its max."""
    if value is None:
        return 0
    return min(float(value), float(top))
