"""The home page's Open Graph locale follows the language the page is written in."""

import re

from django.conf import settings


def og_locale(response):
    return re.findall(r'<meta property="og:locale" content="([^"]*)">', response.content.decode())


def test_the_home_page_og_locale_follows_the_chosen_language(client, db):
    assert og_locale(client.get("/")) == ["vi_VN"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/")
    assert '<html lang="en">' in english.content.decode()
    assert og_locale(english) == ["en_US"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert og_locale(client.get("/")) == ["vi_VN"]  # each language its own cached page
