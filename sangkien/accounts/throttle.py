"""A light brake on password guessing: a few failures per identifier and address, then a pause.

The counter lives in the cache (Redis when there are several servers), so it costs nothing
when nobody is guessing and forgets on its own.
"""

import hashlib

from django.core.cache import cache

from .phones import InvalidPhone, looks_like_phone, normalize_phone

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(identifier: str, ip: str | None) -> str:
    identifier = (identifier or "").strip().lower()
    if looks_like_phone(identifier):
        try:
            identifier = normalize_phone(identifier)  # every way of writing a number counts once
        except InvalidPhone:
            pass
    digest = hashlib.sha256(f"{identifier}|{ip or ''}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(identifier, ip) -> bool:
    return cache.get(_key(identifier, ip), 0) >= MAX_FAILURES


def record_failure(identifier, ip) -> None:
    key = _key(identifier, ip)
    cache.add(key, 0, WINDOW_SECONDS)  # the window starts at the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)


def clear(identifier, ip) -> None:
    cache.delete(_key(identifier, ip))
