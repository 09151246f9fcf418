from django import template

register = template.Library()


@register.filter
def phone(value):
    """+84912345678 -> 0912 345 678; +842183852123 -> 0218 3852 123 (as people write them)."""
    if not value or not str(value).startswith("+84"):
        return value or ""
    local = "0" + str(value)[3:]
    if len(local) == 10:
        return f"{local[:4]} {local[4:7]} {local[7:]}"
    return f"{local[:4]} {local[4:8]} {local[8:]}"
