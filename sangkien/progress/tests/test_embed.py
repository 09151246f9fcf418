"""The counter widget's snippet and the widget's idea of the site it came from.

In production the static files have hashed names (whitenoise's CompressedManifestStaticFilesStorage):
the snippet pasted on other websites must still name the stable, unhashed file, and the widget
must find the site's address from either name.
"""

import json
import posixpath
import re

import pytest
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.test import override_settings
from django.urls import reverse

SITE = "https://sangkien.example.vn"


class HashedNames(StaticFilesStorage):
    """Static URLs as the manifest storage gives them: a content hash in the file's name."""

    def url(self, name):
        root, ext = posixpath.splitext(name)
        return super().url(f"{root}.0123456789ab{ext}")


HASHED = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": f"{__name__}.HashedNames"},
}


def widget_source():
    with open(finders.find("js/counter-widget.js"), encoding="utf-8") as script:
        return script.read()


@override_settings(STORAGES=HASHED)
def test_the_snippet_names_the_unhashed_script_that_outlives_a_deploy(tree, client):
    html = client.get(reverse("progress:embed", args=["HB"])).content.decode()
    snippet = re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "src=&quot;http://testserver/static/js/counter-widget.js&quot;" in snippet or \
        'src="http://testserver/static/js/counter-widget.js"' in snippet
    assert "0123456789ab" not in snippet
    # The page's own preview may use the hashed copy (cached for a year by browsers).
    assert "/static/js/counter-widget.0123456789ab.js" in html


def test_the_widget_finds_the_site_from_a_plain_or_hashed_name():
    # The widget's own expression (a JavaScript regex that Python's re reads the same way).
    found = re.search(r'script\.src\.replace\(/(.+?)/, ""\)', widget_source())
    assert found, "the base computation of counter-widget.js changed: update this test"
    for name in ("counter-widget.js", "counter-widget.js?v=2", "counter-widget.ef701a3d10d0.js",
                 "counter-widget.ef701a3d10d0.js?v=2"):
        assert re.sub(found.group(1), "", f"{SITE}/static/js/{name}") == SITE, name


@pytest.mark.browser
def test_the_widget_draws_the_figures_asked_of_its_own_site_in_a_browser(browser):
    """A union's page on another domain with the snippet, as pasted (the unhashed name) and as the
    site's own pages give it (hashed): every request is answered by the test, no server runs."""
    for name in ("counter-widget.js", "counter-widget.ef701a3d10d0.js?v=2"):
        draws_from_its_site(browser, name)


def draws_from_its_site(browser, name):
    source, asked, elsewhere = widget_source(), [], []
    figures = {"unit": "HB", "name": "Liên đoàn Lao động tỉnh Hòa Bình", "counted": 1234, "target": None,
               "percent": None}

    def answer(route):
        url = route.request.url
        if url == "https://congdoan.example.org/":
            route.fulfill(content_type="text/html; charset=utf-8", body=(
                '<!doctype html><meta charset="utf-8"><div data-sangkien-counter="HB"></div>'
                f'<script src="{SITE}/static/js/{name}" async></script>'))
        elif url == f"{SITE}/static/js/{name}":
            route.fulfill(content_type="text/javascript; charset=utf-8", body=source)
        elif url.startswith(f"{SITE}/api/v1/progress/"):
            asked.append(url)
            route.fulfill(content_type="application/json", body=json.dumps(figures),
                          headers={"Access-Control-Allow-Origin": "*"})
        else:  # a favicon, or the widget asking a wrong address
            elsewhere.append(url)
            route.fulfill(status=404, body="")

    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/*", answer)
        page.goto("https://congdoan.example.org/")
        page.wait_for_load_state("networkidle")  # the script, then its question
        # Not …/counter-widget.<hash>.js/api/v1/…, a 404.
        assert asked == [f"{SITE}/api/v1/progress/HB"], (name, elsewhere)
        link = page.locator("[data-sangkien-counter] a")
        link.wait_for(timeout=10_000)
        assert "1.234" in page.locator("[data-sangkien-counter]").inner_text()
        assert link.get_attribute("href") == f"{SITE}/"
    finally:
        context.close()
