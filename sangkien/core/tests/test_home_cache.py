"""The public home page served whole from the cache to anonymous visitors, and the language
switch that lets its layout carry nothing per visitor."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.tests.conftest import cast, drive
from sangkien.progress.public import CACHE_SECONDS
from sangkien.progress.tests import web_fixtures

campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache
cast = cast  # the standing cast of the initiatives tests, bound here so pytest finds it

HOME = "/"


def national_figure(html):
    return int(re.search(r'data-figure="national">([\d.]+)<', html).group(1).replace(".", ""))


@pytest.fixture
def counted(cast, campaign):
    drive(make_initiative(unit=cast.tree.school, created_by=cast.author), cast, "approved")
    return cast


@pytest.fixture
def later(monkeypatch, settings):
    """later(seconds): the local-memory cache's clock moves on (and only that clock). The test
    runs on the local-memory cache whatever the suite's (Redis keeps its own time)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    def move(seconds):
        real = time.time
        monkeypatch.setattr("django.core.cache.backends.locmem.time",
                            type("Clock", (), {"time": staticmethod(lambda: real() + seconds)}))

    return move


def test_anonymous_visitors_get_the_cached_page_without_a_query_or_a_token(counted, client,
                                                                           django_assert_num_queries):
    first = client.get(HOME)
    assert national_figure(first.text) == 1

    other_visitor = Client()
    with django_assert_num_queries(0):
        second = other_visitor.get(HOME)
    assert second.text == first.text
    # Nothing in it belongs to one visitor: no CSRF token, no cookie set.
    assert "csrfmiddlewaretoken" not in second.text and "X-CSRFToken" not in second.text
    assert settings.CSRF_COOKIE_NAME not in second.cookies
    assert f'action="{reverse("core:language")}" method="get"' in second.text


def test_signed_in_people_get_their_own_page_not_the_cached_one(counted, client, client_for):
    anonymous = client.get(HOME).text
    assert 'data-nav="logout"' not in anonymous

    page = client_for(counted.officer).get(HOME).text
    assert 'data-nav="logout"' in page and "Đăng xuất" in page
    assert "X-CSRFToken" in page  # their htmx requests still carry the token
    assert 'action="/i18n/setlang/" method="post"' in page
    assert client.get(HOME).text == anonymous  # and the anonymous page did not change


def test_new_figures_reach_anonymous_visitors_within_the_freshness_window(counted, cast, client, later):
    assert national_figure(client.get(HOME).text) == 1
    drive(make_initiative(unit=cast.tree.school, created_by=cast.author), cast, "approved")

    assert national_figure(client.get(HOME).text) == 1  # still the page of a moment ago
    later(CACHE_SECONDS + 1)
    assert national_figure(client.get(HOME).text) == 2


def test_each_language_has_its_own_cached_page(counted, client):
    assert '<html lang="vi">' in client.get(HOME).text

    response = client.get(reverse("core:language"), {"language": "en", "next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(HOME).text
    assert '<html lang="en">' in english and "Sign in to take part" in english
    assert '<html lang="vi">' in Client().get(HOME).text


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_the_language_switch_only_returns_to_this_site(db, client, next_url):
    response = client.get(reverse("core:language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_the_language_switch_returns_to_the_page_it_was_used_on(db, client):
    response = client.get(reverse("core:language"), {"language": "en", "next": "/don-vi/?q=Hòa"})
    assert response["Location"] == "/don-vi/?q=H%C3%B2a"


def test_an_unknown_language_changes_nothing_and_says_so(counted, client):
    cached = client.get(HOME).text
    response = client.get(reverse("core:language"), {"language": "xx", "next": HOME}, follow=True)
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies
    assert '<html lang="vi">' in response.text
    assert "Trang chưa có ngôn ngữ bạn chọn" in response.text  # rendered for this visitor,
    assert "Trang chưa có ngôn ngữ bạn chọn" not in cached  # not taken from the cache
    assert "Trang chưa có ngôn ngữ bạn chọn" not in Client().get(HOME).text  # nor put into it


def test_a_visitor_with_a_message_waiting_is_not_served_the_cached_page(counted, client):
    client.get(HOME)
    storage = CookieStorage(RequestFactory().get(HOME))
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, "Bạn đã đăng xuất.")])
    assert "Bạn đã đăng xuất." in client.get(HOME).text


def test_each_process_reuses_the_page_it_served_for_a_moment(counted, cast, client, settings,
                                                             django_assert_num_queries, monkeypatch):
    from sangkien.core import views

    monkeypatch.setattr(views, "_HOME_MEMO", {})
    settings.HOME_PAGE_MEMO_SECONDS = 60
    first = client.get(HOME).text
    drive(make_initiative(unit=cast.tree.school, created_by=cast.author), cast, "approved")
    monkeypatch.setattr(views, "cache", None)  # the shared cache is not even asked
    with django_assert_num_queries(0):
        assert client.get(HOME).text == first
    monkeypatch.setattr(views, "cache", cache)
    monkeypatch.setattr(views, "_now", lambda: time.monotonic() + 61)  # the moment has passed
    cache.clear()  # and so have the figures' 10 s in the shared cache
    assert national_figure(client.get(HOME).text) == 2
