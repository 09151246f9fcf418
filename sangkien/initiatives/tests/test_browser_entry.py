"""An initiative's journey in a real browser, on a 360 × 740 phone: a member enters it section
by section (saved as they type, through a lost connection and a reload), the CĐCS officer
returns it with a comment, the member fixes it and sends it again, the officer confirms it.

Debian's Chromium through Playwright, never a downloaded browser. Screenshots go to
test-artifacts/ (ignored by git) for people to look at.
"""


import pytest

from sangkien import browser_testing
from sangkien.browser_testing import ARTIFACTS
from sangkien.factories import make_initiative
from sangkien.initiatives.models import Initiative, Status
from sangkien.initiatives.workflow import initiative_move

from .entry_fixtures import consent

PHONE = {"width": 360, "height": 740}
PASSWORD = "mat-khau-dai-123"  # sangkien.factories.UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def shoot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"entry-{name}.png"), full_page=True)


def fits_the_phone(page, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{where}: the page is {width}px wide on a {PHONE['width']}px phone"


def phone(browser, base_url, user):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    browser_testing.sign_in(page, base_url, user.email, PASSWORD)
    return context, page


def saved(page):
    page.locator("#save-status .saved").wait_for()


def continue_(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu và tiếp tục").click()


def test_a_member_enters_on_a_phone_the_officer_returns_it_and_then_confirms_it(browser, live_server, cast,
                                                                                  tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    for person in (cast.author, cast.officer):
        consent(person)
    base = live_server.url

    # Someone in the same school already sent one much like it.
    twin = make_initiative(unit=cast.tree.school, created_by=cast.other_member,
                           title="Ứng dụng bảng tương tác trong giờ dạy Toán")
    initiative_move(acting_user=cast.other_member, initiative=twin, action="submit")

    # 1. The member starts a new entry: the first words typed create the draft on the server.
    context, page = phone(browser, base, cast.author)
    page.goto(f"{base}/sang-kien/moi/")
    fits_the_phone(page, "new entry")
    unit = page.locator("#id_unit")
    assert unit.input_value() == str(cast.tree.school.pk)  # their one CĐCS, already chosen
    page.locator("#id_title").press_sequentially("Ứng dụng bảng tương tác trong dạy học Toán lớp 6", delay=10)
    saved(page)
    expect(page.locator("#similar")).to_contain_text("Ứng dụng bảng tương tác trong giờ dạy Toán")
    initiative = Initiative.objects.exclude(pk=twin.pk).get()
    assert initiative.created_by == cast.author and initiative.status == Status.DRAFT
    assert page.url.endswith(f"/sang-kien/{initiative.pk}/sua/thong-tin-chung/")  # a reload opens the draft

    expect(page.get_by_role("button", name="Lưu và về các mục")).to_be_visible()
    page.locator("#id_first_used_on").fill("03/6/2022")
    page.get_by_label("Giải pháp quản lý").check()
    page.locator("#id_field").select_option(label="Giảng dạy, giáo dục")
    saved(page)
    shoot(page, "1-general-360x740")
    fits_the_phone(page, "general section")
    continue_(page)

    # 2. Authors: "Tôi là tác giả" fills the member in with 100%.
    assert "/sua/tac-gia/" in page.url
    page.get_by_role("button", name="Tôi là tác giả").click()
    expect(page.locator("#id_authors-0-share")).to_have_value("100")
    expect(page.locator("#id_authors-0-full_name")).to_have_value(cast.author.full_name)
    shoot(page, "2-authors-360x740")
    fits_the_phone(page, "authors section")
    continue_(page)

    # 3. Content, with a lost connection in the middle: nothing typed is lost.
    assert "/sua/noi-dung/" in page.url
    context.set_offline(True)
    page.locator("#id_content").fill("Dùng bảng tương tác để học sinh tự kéo thả hình khi học hình học.")
    page.locator("#save-status.save-offline").wait_for()
    shoot(page, "3-content-offline-360x740")
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    saved(page)
    initiative.refresh_from_db()
    assert initiative.content.startswith("Dùng bảng tương tác")

    # ... and a reload before the save: the copy kept on the phone is offered back.
    page.locator("#id_situation").fill("Học sinh khó hình dung hình không gian.")
    page.reload()
    page.locator("#draft-restore").wait_for(state="visible")
    shoot(page, "4-content-restore-360x740")
    page.get_by_role("button", name="Khôi phục bản đó").click()
    saved(page)
    initiative.refresh_from_db()
    assert initiative.situation == "Học sinh khó hình dung hình không gian."
    continue_(page)

    # 4. Effect and benefit, written the Vietnamese way.
    page.locator("#id_effect").fill("Giờ học sôi nổi, điểm kiểm tra tăng.")
    page.locator("#id_benefit_vnd").fill("1.500.000")
    page.get_by_label("Đơn vị", exact=True).check()
    continue_(page)
    initiative.refresh_from_db()
    assert initiative.benefit_vnd == 1_500_000
    continue_(page)  # recognition is optional

    # 5. Evidence: a PDF.
    assert "/sua/tep-minh-chung/" in page.url
    evidence = tmp_path / "quyet-dinh.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#id_files", str(evidence))
    with page.expect_navigation():
        page.get_by_role("button", name="Tải lên").click()
    assert page.get_by_role("link", name="quyet-dinh.pdf").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Xong, về các mục").click()

    # 6. The task list shows everything needed is done; sending leads to what happens next.
    assert page.locator(".task-todo").count() == 0
    shoot(page, "5-task-list-360x740")
    fits_the_phone(page, "task list")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi CĐCS xác nhận").click()
    assert "Việc tiếp theo" in page.locator("main").inner_text()
    shoot(page, "6-submitted-360x740")
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED

    # 7. The officer returns it with a comment.
    officer_context, officer = phone(browser, base, cast.officer)
    officer.goto(f"{base}/sang-kien/{initiative.pk}/")
    fits_the_phone(officer, "detail for the officer")
    shoot(officer, "7-officer-detail-360x740")
    officer.locator("summary", has_text="Trả lại để bổ sung").click()
    officer.locator("#comment-return").fill("Đề nghị bổ sung số liệu điểm kiểm tra trước và sau khi áp dụng.")
    with officer.expect_navigation():
        officer.locator("form.move-form button", has_text="Trả lại để bổ sung").click()
    assert "Đã trả lại sáng kiến" in officer.locator("main").inner_text()
    initiative.refresh_from_db()
    assert initiative.status == Status.RETURNED

    # 8. The member reads the comment, fixes the effect and sends it again.
    page.goto(f"{base}/sang-kien/{initiative.pk}/")
    assert "Đề nghị bổ sung số liệu" in page.locator("main").inner_text()
    shoot(page, "8-returned-detail-360x740")
    with page.expect_navigation():
        page.get_by_role("link", name="Bổ sung theo ý kiến").click()
    assert "Đề nghị bổ sung số liệu" in page.locator(".panel-returned").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Hiệu quả và giá trị làm lợi").click()
    page.locator("#id_effect").fill("Giờ học sôi nổi; điểm trung bình kiểm tra tăng từ 6,2 lên 7,4.")
    saved(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu và về các mục").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi lại sau khi bổ sung").click()
    assert "Việc tiếp theo" in page.locator("main").inner_text()
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED and "7,4" in initiative.effect

    # 9. The officer confirms it.
    officer.goto(f"{base}/sang-kien/{initiative.pk}/")
    with officer.expect_navigation():
        officer.locator("form.move-main button", has_text="Xác nhận").click()
    assert "Đã xác nhận sáng kiến" in officer.locator("main").inner_text()
    shoot(officer, "9-confirmed-360x740")
    officer.set_viewport_size({"width": 1280, "height": 800})
    shoot(officer, "9-confirmed-1280x800")
    initiative.refresh_from_db()
    assert initiative.status == Status.CONFIRMED
    assert [t.action for t in initiative.transitions.all()] == ["submit", "return", "resubmit", "confirm"]

    page.goto(f"{base}/sang-kien/{initiative.pk}/")
    fits_the_phone(page, "confirmed detail for the member")
    shoot(page, "10-member-detail-360x740")
    officer_context.close()
    context.close()
