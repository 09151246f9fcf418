"""Numbers and dates the Vietnamese way: 1.234.567 đ, 03/6/2022."""

import datetime


def group_thousands(value) -> str:
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def vnd(value) -> str:
    return f"{group_thousands(value)} đ" if value is not None else ""


def vn_date(value: datetime.date | None) -> str:
    """03/6/2022: day with two digits, month without a leading zero, as official papers write it."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month}/{value.year}"
