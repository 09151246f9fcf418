"""Django's CSRF strings drawn with one read of the OS's random source instead of 32.

Every page with a form masks the CSRF secret with a fresh random 32-character string (the
BREACH defence). Django draws each of its characters with `secrets.choice`, one `os.urandom`
call per character: ~0.04 ms, 6% of a kept dashboard's whole request. `random_string` draws
the same thing — 32 characters from CSRF_ALLOWED_CHARS, each uniform and independent, from
the OS's CSPRNG — from one buffer of random bytes, by rejection sampling (a byte is used only
below 248 = 4 × 62, so no character is likelier than another).

`install()` (CoreConfig.ready) puts it in place of django.middleware.csrf's private
`_get_new_csrf_string`, which both new secrets and masks use. It refuses to replace anything
but Django's own function, so a Django that renamed or changed it keeps its own
(tests/test_csrf.py fails then).
"""

import secrets

from django.middleware import csrf

CHARS = csrf.CSRF_ALLOWED_CHARS
LENGTH = csrf.CSRF_SECRET_LENGTH
_LIMIT = 256 - 256 % len(CHARS)  # 248


def random_string():
    out = []
    while len(out) < LENGTH:
        out.extend(CHARS[b % len(CHARS)] for b in secrets.token_bytes(LENGTH + 8) if b < _LIMIT)
    return "".join(out[:LENGTH])


_DJANGOS = getattr(csrf, "_get_new_csrf_string", None)


def install():
    current = getattr(csrf, "_get_new_csrf_string", None)
    if current is _DJANGOS and current is not None and current.__module__ == csrf.__name__:
        csrf._get_new_csrf_string = random_string
