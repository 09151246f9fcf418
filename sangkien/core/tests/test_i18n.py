"""Translations work on a machine without GNU gettext: the compiled catalogue is committed.

The source language is Vietnamese; English comes from locale/en/LC_MESSAGES/django.mo.
"""

import ast
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def translated_entries(po_text):
    """{msgid: msgstr} for the translated, non-fuzzy, singular entries of a .po file."""
    entries = {}
    for block in po_text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line]
        if any(line.startswith(("#, fuzzy", "#,fuzzy", "msgctxt", "msgid_plural")) for line in lines):
            continue
        current, parts = None, {"msgid": [], "msgstr": []}
        for line in lines:
            if line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            if keyword in parts:
                current, line = keyword, rest
            if current:
                parts[current].append(ast.literal_eval(line.strip()))
        msgid, msgstr = "".join(parts["msgid"]), "".join(parts["msgstr"])
        if msgid and msgstr:
            entries[msgid] = msgstr
    return entries


def test_the_compiled_english_catalogue_is_in_the_repository():
    assert (CATALOGUE / "django.po").is_file()
    assert (CATALOGUE / "django.mo").is_file()
    assert Path(settings.LOCALE_PATHS[0]) == Path(settings.BASE_DIR) / "locale"


def test_the_compiled_catalogue_matches_the_po_file():
    # Fails when someone translated in django.po and forgot `make messages` (or msgfmt).
    entries = translated_entries((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    assert len(entries) >= 20

    with translation.override("en"):
        stale = {msgid: translation.gettext(msgid) for msgid, msgstr in entries.items()
                 if translation.gettext(msgid) != msgstr}
    assert stale == {}


def test_vietnamese_is_the_default_whatever_the_browser_asks(client, db):
    # A phone set to English still gets Vietnamese: English is a choice, made with the switch.
    for accept in ("vi", "en", "en-US,en;q=0.9", ""):
        page = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert '<html lang="vi">' in page.text
        assert "Tự hào trí tuệ lao động Việt Nam" in page.text
        assert "Đăng nhập" in page.text


def test_english_is_available_by_choice(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/")
    assert '<html lang="en">' in english.text
    assert "Proud of the ingenuity of Vietnamese workers" in english.text
    assert "Sign in" in english.text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"  # unknown: back to Vietnamese
    assert '<html lang="vi">' in client.get("/").text


def test_the_language_switch_keeps_the_choice(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    assert "Sign in to take part" in client.get("/").text
