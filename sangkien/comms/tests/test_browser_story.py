"""The issue's browser test: an editor writes a story in the Wagtail admin and submits it,
the approver publishes it, and it appears on the public home page; then the public pages are
looked at on a phone (390 px) and a desk screen. Debian's Chromium through Playwright.

Screenshots go to test-artifacts/ (ignored by git) for people to look at.
"""

import io

import pytest
from django.core.management import call_command

from sangkien import browser_testing
from sangkien.browser_testing import ARTIFACTS, restore_migration_data
from sangkien.comms.demo import seed_comms
from sangkien.comms.models import SectionPage, StoryPage
from sangkien.core.demo import data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}
EDITOR = f"bientap@{data.DEMO_DOMAIN}"  # Role.EDITOR in CĐGD tỉnh Hòa Bình
APPROVER = f"canbo.captren@{data.DEMO_DOMAIN}"  # Role.UPPER_OFFICER there: the section's approver
TITLE = "Cô giáo Lò Thị Hương và sổ điểm điện tử ở Đà Bắc"


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()
    call_command("seed_demo", "--no-initiatives", stdout=io.StringIO())
    seed_comms(with_pages=False)  # the three sections, their groups and workflows
    return live_server.url


def sign_in(browser, base, login, viewport=DESK):
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_testing.sign_in(page, base, login, data.DEMO_PASSWORD)
    return context, page


def shoot(page, name, full_page=True):
    page.screenshot(path=str(ARTIFACTS / f"comms-{name}.png"), full_page=full_page)


def fits(page, viewport, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{where}: {width}px wide on a {viewport['width']}px screen"


def test_an_editor_writes_a_story_the_approver_publishes_it_and_it_is_on_the_home_page(browser, site):
    section = SectionPage.objects.get(unit__code="HB-GD")

    # 1. The editor writes the story in the Wagtail admin and submits it to the section's workflow.
    context, editor = sign_in(browser, site, EDITOR)
    editor.goto(f"{site}/cms/pages/add/comms/storypage/{section.pk}/")
    editor.fill("#id_title", TITLE)
    editor.fill("#id_lead", "Tổ Toán trường Đà Bắc chuyển sổ điểm giấy sang bảng tính, tiết kiệm hàng chục giờ mỗi kỳ.")
    # The admin fills the address from the title when the title field is left (debounced):
    # submitting before that would send an empty one, as a too-quick hand would.
    editor.wait_for_function("document.querySelector('#id_slug').value !== ''")
    shoot(editor, "1-editor-writes-1280x800", full_page=False)
    with editor.expect_navigation():
        editor.locator("button[name=action-submit]").evaluate("button => button.click()")
    shoot(editor, "1-editor-submitted-1280x800")
    story = StoryPage.objects.filter(title=TITLE).first()
    assert story is not None, editor.locator("main").inner_text()[:1500]
    assert not story.live and story.slug == "co-giao-lo-thi-huong-va-so-diem-dien-tu-o-da-bac"
    assert story.current_workflow_state is not None and story.current_workflow_state.status == "in_progress"
    context.close()

    # Not on the home page yet.
    public = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    home = public.new_page()
    home.goto(f"{site}/")
    assert TITLE not in home.locator("main").inner_text()

    # 2. The approver opens it and approves: the section's only task, so it is published.
    context, approver = sign_in(browser, site, APPROVER)
    approver.goto(f"{site}/cms/pages/{story.pk}/edit/")
    shoot(approver, "2-approver-reviews-1280x800", full_page=False)
    with approver.expect_navigation():
        approver.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").evaluate("button => button.click()")
    story.refresh_from_db()
    assert story.live
    context.close()

    # 3. On the home page (its news is cached at most 10 seconds), with its way to the story.
    from django.core.cache import cache

    cache.clear()
    home.goto(f"{site}/")
    news = home.locator("#home-news-title").locator("xpath=..")
    assert TITLE in news.inner_text()
    fits(home, PHONE, "home")
    shoot(home, "3-home-390x844")
    with home.expect_navigation():
        news.get_by_role("link", name=TITLE).click()
    assert home.url.endswith(f"{section.url}co-giao-lo-thi-huong-va-so-diem-dien-tu-o-da-bac/")
    assert home.locator("h1").inner_text() == TITLE
    assert home.locator("meta[property='og:title']").get_attribute("content") == TITLE
    assert home.locator("a[data-share=facebook]").is_visible()
    fits(home, PHONE, "story")
    shoot(home, "4-story-390x844")
    home.set_viewport_size(DESK)
    shoot(home, "4-story-1280x800")
    public.close()


def test_the_public_pages_read_well_on_a_phone_and_a_desk(browser, site):
    from sangkien.kit.services import kit_generate

    from .publishing import article, repost

    kit_generate()
    section = SectionPage.objects.get(unit__code="HB-GD")
    article(section, "Hòa Bình phát động phong trào sáng kiến trong trường học")
    post = repost(section)
    for viewport in (PHONE, DESK):
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        size = f"{viewport['width']}x{viewport['height']}"
        for name, path in (("home", "/"), ("section", section.url), ("repost", post.url),
                           ("search", "/tim-kiem/?q=hoa+binh"), ("kit", "/bo-nhan-dien/")):
            response = page.goto(f"{site}{path}")
            assert response.status == 200, path
            fits(page, viewport, name)
            # Touch targets: every share link and button at least 44 px high.
            for link in page.locator("a.button, button.button").all():
                if link.is_visible():
                    assert link.bounding_box()["height"] >= 44, f"{name}: {link.inner_text()}"
            shoot(page, f"public-{name}-{size}")
        context.close()
