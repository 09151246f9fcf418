"""The Wagtail admin speaks Vietnamese beyond Wagtail's own small vi catalogue: the page
editor's buttons and tabs, the menu and the admin's JavaScript strings come from
locale/vi/LC_MESSAGES/django.po and djangojs.po (hand-written, completing Wagtail's)."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    """Through the project's own sign-in page, as an editor does."""
    response = client.get(reverse("wagtailadmin_home"))
    response = client.post(response["Location"], {"username": user.email, "password": "mat-khau-dai-123"})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def sidebar_labels(html):
    """Every string of the admin menu, which Wagtail sends as JSON for its React sidebar."""
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert props, "no sidebar in the page"
    strings = []

    def walk(value):
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads(props.group(1)))
    return set(strings)


def test_the_page_editor_and_the_menu_are_in_vietnamese(client, sections):
    sign_in(client, sections.school_editor)

    response = client.get(reverse("wagtailadmin_pages:add", args=["comms", "storypage", sections.school.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    for vietnamese, english in [
        ("Lưu bản nháp", "Save draft"),  # the footer's main button
        ("Tiêu đề trang như bạn muốn công chúng nhìn thấy", "as you'd like it to be seen"),  # the title's help
        ("Hiển thị &amp; SEO", ">Promote<"),  # the second tab
    ]:
        assert vietnamese in html, f"{vietnamese!r} missing from the page editor"
        assert english not in html, f"{english!r} still in the page editor"
    assert re.search(r">\s*Nội dung\s*<", html) and not re.search(r">\s*Content\s*<", html)

    labels = sidebar_labels(html)
    assert {"Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp"} <= labels
    assert not {"Images", "Documents", "Reports", "Help"} & labels


def test_the_admins_javascript_strings_are_in_vietnamese(client, sections):
    sign_in(client, sections.school_editor)

    response = client.get(reverse("wagtailadmin_javascript_catalog"))

    assert response.status_code == 200
    script = response.content.decode()
    # JavaScriptCatalog writes the catalogue as JSON (non-ASCII escaped). "Collapse all" is the
    # page editor's button, drawn by the admin's JavaScript.
    assert f'"Collapse all": {json.dumps("Thu gọn tất cả")}' in script
    assert f'"Insert a block": {json.dumps("Chèn khối")}' in script
