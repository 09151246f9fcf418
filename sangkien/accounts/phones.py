"""Vietnamese phone numbers: every way people write them, stored as +84…"""

import re

_NOISE = re.compile(r"[\s.\-()]")
# After the country code: mobiles are 9 digits starting 3, 5, 7, 8 or 9 (the 01x numbers were
# moved to these in 2018); landlines are 10 digits starting 2 (02x area codes).
_NATIONAL = re.compile(r"[35789]\d{8}|2\d{9}")


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw) -> str:
    """`0912 345 678`, `0912.345.678`, `84912345678`, `+84 912 345 678` -> `+84912345678`.

    Also `912345678`: Excel stores phone numbers typed into a number cell without their
    leading zero, and member lists come from Excel.
    """
    digits = _NOISE.sub("", str(raw or ""))
    if digits.startswith("+84"):
        rest = digits[3:]
    elif digits.startswith("0084"):
        rest = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        rest = digits  # the leading zero was lost
    if rest.startswith("0"):
        rest = rest[1:]  # "+84 0912…" is a common slip
    if not _NATIONAL.fullmatch(rest):
        raise InvalidPhone(raw)
    return "+84" + rest


def looks_like_phone(identifier: str) -> bool:
    return "@" not in identifier and bool(re.fullmatch(r"[+\d\s.\-()]{8,20}", identifier.strip()))
