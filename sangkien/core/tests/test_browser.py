"""The demo in a real browser: every demo account signs in and sees its menu, on a phone and
on a desk screen. Debian's Chromium, driven by Playwright; never a downloaded browser.

Screenshots go to test-artifacts/ (ignored by git) for people to look at.
"""

import importlib
import io
import os
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.migrations import RunPython

from sangkien.core.demo import data

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]

# Menu items by data-nav name: every signed-in demo account sees EVERYONE's; a gated item is
# seen by exactly the roles listed and by no one else.
EVERYONE = {"units", "initiatives", "mine", "notifications", "my-data", "logout"}
GATED = {
    "waiting": {"officer", "upper_officer"},
    "members": {"officer", "upper_officer", "unit_admin"},
    "import": {"officer", "upper_officer", "unit_admin", "system_admin"},
    "scoring": {"officer", "upper_officer", "unit_admin", "system_admin"},
    "scoring-queue": {"council"},
    "admin": {"system_admin"},
    "cms": {"system_admin"},
}
ROLES = ["member", "officer", "council", "upper_officer", "editor", "unit_admin", "system_admin"]
MUST_SEE = {role: EVERYONE | {item for item, roles in GATED.items() if role in roles} for role in ROLES}
MUST_NOT_SEE = {role: {item for item, roles in GATED.items() if role not in roles} | {"login"} for role in ROLES}
# Pages of our own, which mark their menu item as the current page.
MARKED = {"units", "initiatives", "mine", "waiting", "import", "notifications", "members", "my-data", "scoring",
          "scoring-queue"}
LOGINS = {
    (role or "system_admin"): f"{local}@{data.DEMO_DOMAIN}"
    for role, local, *_ in data.DEMO_ACCOUNTS
}

# live_server needs committed data, so these tests flush the database after themselves (and
# run last, see sangkien/conftest.py); a transactional test before them has flushed away what
# the data migrations put in, which the demo needs: put it back first. Each function here
# is idempotent (update_or_create). Django's serialized_rollback would do the same, but it
# collides with the content types that every other flush recreates.
DATA_MIGRATIONS = [
    ("orgs", "0002_unit_kinds"),
    ("accounts", "0002_privacy_notice_v1"),
    ("initiatives", "0002_default_fields_and_campaign"),
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def restore_migration_data():
    for app_label, name in DATA_MIGRATIONS:
        module = importlib.import_module(f"{apps.get_app_config(app_label).name}.migrations.{name}")
        for operation in module.Migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
    # Wagtail's own initial data (a locale, a root page and a default site), without which /cms/ fails;
    # its data migration is written for an older schema, so rebuilt here through its API.
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if not Page.objects.exists():
        home = Page.add_root(title="Root", slug="root").add_child(instance=Page(title="Sáng kiến", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls
    # (seeding the demo) are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(live_server):
    restore_migration_data()
    # The tree and the accounts are what the menus depend on; the 5,000 demo initiatives
    # would cost half a minute per test.
    call_command("seed_demo", "--no-initiatives", stdout=io.StringIO())
    return live_server.url


def shoot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def visible_items(page, scope):
    items = page.locator(f"{scope} [data-nav]")
    return {items.nth(i).get_attribute("data-nav") for i in range(items.count()) if items.nth(i).is_visible()}


def sign_in(page, base_url, login):
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", data.DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/dang-nhap/" not in page.url, f"{login} could not sign in"
    assert "/dong-y/" not in page.url, f"{login} was sent to the consent page"


def assert_menu(items, role):
    assert MUST_SEE[role] <= items, f"{role} misses {sorted(MUST_SEE[role] - items)}"
    assert not MUST_NOT_SEE[role] & items, f"{role} must not see {sorted(MUST_NOT_SEE[role] & items)}"


@pytest.mark.parametrize("role", ROLES)
def test_each_demo_account_signs_in_and_sees_its_menu(browser, demo, role):
    context = browser.new_context(viewport=DESK, locale="vi-VN")
    page = context.new_page()
    sign_in(page, demo, LOGINS[role])

    items = visible_items(page, ".site-nav")
    assert_menu(items, role)
    assert page.locator(".nav-fold").is_hidden()  # the phone's disclosure stays out of the way
    shoot(page, f"{role}-home-1280x800")

    # Every item leads to a page that exists and that this role may open.
    for item in sorted(items - {"logout"}):
        link = page.locator(f".nav-wide [data-nav={item}]")
        href = link.get_attribute("href")
        response = page.goto(demo + href if href.startswith("/") else href)
        assert response.status == 200, f"{role}: {item} → {href} answered {response.status}"
        if item in MARKED:
            current = page.locator(f".nav-wide [data-nav={item}]")
            assert current.get_attribute("aria-current") == "page", f"{role}: {item} not marked current"
            shoot(page, f"{role}-{item}-1280x800")
        page.goto(f"{demo}/")

    # On a phone the same items sit behind one button that needs no JavaScript.
    page.set_viewport_size(PHONE)
    page.goto(f"{demo}/")
    assert visible_items(page, ".site-nav") == set()
    page.locator(".nav-fold > summary").click()
    assert visible_items(page, ".site-nav") == items
    for item in items:
        box = page.locator(f".nav-fold [data-nav={item}]").bounding_box()
        assert box["height"] >= 44, f"{item}: touch target {box['height']}px high"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, f"{item} overflows"
    shoot(page, f"{role}-menu-360x740")

    page.locator(".nav-fold [data-nav=logout]").click()
    page.wait_for_load_state()
    assert visible_items(page, ".site-nav") == {"login"}
    context.close()


def test_the_public_home_page_invites_to_sign_in(browser, demo):
    for viewport in (PHONE, DESK):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        response = page.goto(f"{demo}/")

        assert response.status == 200
        assert visible_items(page, ".site-nav") == {"login"}
        text = page.locator("main").inner_text()
        assert "Tự hào trí tuệ lao động Việt Nam" in text
        assert "1 triệu sáng kiến – Triệu việc tốt" in text
        assert "đó đều là sáng kiến" in text
        # Nothing overflows sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        shoot(page, f"anonymous-home-{viewport['width']}x{viewport['height']}")
        page.locator(".hero a.button").click()
        page.wait_for_load_state()
        assert "/tai-khoan/dang-nhap/" in page.url
        shoot(page, f"anonymous-login-{viewport['width']}x{viewport['height']}")
        context.close()

