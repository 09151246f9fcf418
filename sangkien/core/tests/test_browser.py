"""The demo in a real browser: every demo account signs in and sees its menu, on a phone and
on a desk screen. Debian's Chromium, driven by Playwright; never a downloaded browser.

Screenshots go to test-artifacts/ (ignored by git) for people to look at.
"""

import io

import pytest
from django.core.management import call_command

from sangkien import browser_testing
from sangkien.browser_testing import ARTIFACTS, restore_migration_data
from sangkien.core.demo import data

PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}

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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    browser_testing.sign_in(page, base_url, login, data.DEMO_PASSWORD)
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

