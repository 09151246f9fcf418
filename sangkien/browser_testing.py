"""What the browser tests share: Debian's Chromium driven by Playwright (never a downloaded
browser), where screenshots go, and the data a transactional test must put back.

The `browser` fixture itself is in sangkien/conftest.py.
"""

import importlib
import os
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

# live_server needs committed data, so the browser tests flush the database after themselves
# (and run last, see sangkien/conftest.py); a transactional test before them has flushed away
# what the data migrations put in, which the pages need: restore_migration_data() puts it back.
# Each function here is idempotent (update_or_create). Django's serialized_rollback would do the
# same, but it collides with the content types that every other flush recreates.
DATA_MIGRATIONS = [
    ("orgs", "0002_unit_kinds"),
    ("accounts", "0002_privacy_notice_v1"),
    ("initiatives", "0002_default_fields_and_campaign"),
]


def restore_migration_data():
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations import RunPython
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    for app_label, name in DATA_MIGRATIONS:
        module = importlib.import_module(f"{apps.get_app_config(app_label).name}.migrations.{name}")
        for operation in module.Migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
    # Wagtail's own initial data (a locale, a root page and a default site), without which /cms/
    # fails; its data migration is written for an older schema, so rebuilt here through its API.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Page.objects.exists():
        home = Page.add_root(title="Root", slug="root").add_child(instance=Page(title="Sáng kiến", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@contextmanager
def chromium():
    """Debian's Chromium under Playwright; skips (fails on CI) when it is not installed."""
    import pytest

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (seeding
    # the demo, checking the database) are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def sign_in(page, base_url, login, password):
    """Signs `login` in through the project's own sign-in page, as a person would."""
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/dang-nhap/" not in page.url, f"{login} could not sign in"
