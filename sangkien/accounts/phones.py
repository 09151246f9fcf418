"""Vietnamese phone numbers: every way people write them, stored as +84…"""

import re

_NOISE = re.compile(r"[\s.\-()]")


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    """`0912 345 678`, `0912.345.678`, `84912345678`, `+84 912 345 678` -> `+84912345678`.

    Mobile numbers have 9 digits after the country code, landlines (02x…) 10.
    """
    digits = _NOISE.sub("", raw or "")
    if digits.startswith("+84"):
        rest = digits[3:]
    elif digits.startswith("0084"):
        rest = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        raise InvalidPhone(raw)
    if rest.startswith("0"):
        rest = rest[1:]  # "+84 0912…" is a common slip
    if not rest.isdigit() or len(rest) not in (9, 10):
        raise InvalidPhone(raw)
    return "+84" + rest


def looks_like_phone(identifier: str) -> bool:
    return "@" not in identifier and bool(re.fullmatch(r"[+\d\s.\-()]{8,20}", identifier.strip()))
