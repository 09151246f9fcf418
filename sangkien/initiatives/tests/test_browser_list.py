"""A unit's list in a real browser: choosing a status in the filters replaces the results in
place (htmx, no reload, no htmx error), and the kept page follows a move made meanwhile.

Debian's Chromium through Playwright, never a downloaded browser.
"""

import pytest

from sangkien import browser_testing
from sangkien.browser_testing import ARTIFACTS
from sangkien.initiatives.workflow import initiative_move

from .entry_fixtures import consent
from .listing import entries

PASSWORD = "mat-khau-dai-123"  # sangkien.factories.UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def test_a_status_filter_replaces_the_results_in_place_and_the_list_follows_a_move(browser, live_server, cast):
    from playwright.sync_api import expect

    submitted = entries(cast, 2, "submitted", title="Bảng tin điện tử {n}")
    entries(cast, 1, "confirmed", title="Sổ điểm số hóa")
    consent(cast.upper_cdgd)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" or "htmx:" in m.text else None)
    browser_testing.sign_in(page, live_server.url, cast.upper_cdgd.email, PASSWORD)

    page.goto(f"{live_server.url}/sang-kien/danh-sach/?unit=HB-GD")
    expect(page.locator("#list-region")).to_contain_text("Bảng tin điện tử 0")
    page.evaluate("window.notReloaded = true")
    page.locator(".filters select[name=status]").select_option("confirmed")
    expect(page.locator("#list-region")).not_to_contain_text("Bảng tin điện tử 0")
    expect(page.locator("#list-region")).to_contain_text("Sổ điểm số hóa")
    assert page.evaluate("window.notReloaded") is True  # replaced in place, not a new page
    assert "status=confirmed" in page.url  # the address follows (hx-push-url)

    initiative_move(acting_user=cast.officer, initiative=submitted[0], action="confirm")
    page.reload()
    expect(page.locator("#list-region")).to_contain_text("Bảng tin điện tử 0")  # the kept page followed
    page.screenshot(path=str(ARTIFACTS / "list-filtered.png"), full_page=True)
    assert not problems, problems
    context.close()
