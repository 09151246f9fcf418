"""The site's own error pages, in Vietnamese, with DEBUG off as in production (and in the tests)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import include, path
from django.views import defaults

from sangkien.accounts.models import PrivacyNotice
from sangkien.accounts.services import consent_give

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def boom(request):
    raise RuntimeError("a bug")


def forbid(request):
    raise PermissionDenied


# The site's own addresses, and two that fail.
urlpatterns = [
    path("thu-loi/500/", boom),
    path("thu-loi/403/", forbid),
    path("", include("sangkien.urls")),
]


def test_an_unknown_address_gets_the_site_page_in_vietnamese(client, db):
    assert settings.DEBUG is False  # as in production: Django's own error pages are not shown
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang này" in html and "Not Found" not in html
    assert '<html lang="vi">' in html and 'class="site-header"' in html  # the site's own layout
    assert '<a class="button" href="/">Về trang chủ</a>' in html


def test_the_500_page_needs_no_context_and_speaks_both_languages(rf):
    response = defaults.server_error(rf.get("/sang-kien/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Xin lỗi, hệ thống đang gặp sự cố" in html and "Server Error" not in html
    assert "Sorry, something went wrong" in html
    assert "01 triệu sáng kiến" in html and 'href="/"' in html
    source = (TEMPLATES / "500.html").read_text(encoding="utf-8")
    assert "{%" not in source and "{{" not in source  # nothing in it can fail


@override_settings(ROOT_URLCONF=__name__)
def test_a_failing_view_answers_with_the_500_page(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level("CRITICAL", logger="django.request"):
        response = client.get("/thu-loi/500/")
    assert response.status_code == 500
    assert "Xin lỗi, hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.parametrize("user", ["anonymous", "member"])
@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_answers_with_the_403_page(client, user_factory, user):
    if user == "member":  # signed in, past the privacy notice: the full menu around the page
        member = user_factory()
        consent_give(acting_user=member, notice=PrivacyNotice.current())
        client.force_login(member)
    response = client.get("/thu-loi/403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bạn không có quyền xem trang này" in html and "403 Forbidden" not in html
    assert 'class="site-header"' in html and '<a class="button" href="/">Về trang chủ</a>' in html


def test_the_403_page_renders_from_djangos_view(rf, db):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_a_refused_host_answers_with_the_400_page(client, db, caplog):
    with caplog.at_level("CRITICAL", logger="django.security"):
        response = client.get("/", HTTP_HOST="ke-gia-mao.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Yêu cầu không hợp lệ" in html and "Bad Request" not in html
    assert 'href="/"' in html and "ke-gia-mao" not in html


def test_the_400_page_renders_without_a_request(rf):
    response = defaults.bad_request(rf.get("/"), SuspiciousOperation())
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
