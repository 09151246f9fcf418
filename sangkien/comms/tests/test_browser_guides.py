"""Screenshots for the demo's two guides, taken on this system's real screens on a phone:
a member enters an initiative, the CĐCS officer confirms it, the upper level approves it.

The pictures are committed in sangkien/comms/demo/screenshots/ (comms/demo.py puts them into
the guides "Hướng dẫn nhập sáng kiến" and "Quy trình xác nhận và duyệt sáng kiến"). A test
run takes them into a temporary folder, leaving the committed ones alone; after a screen
changes, `SANGKIEN_SAVE_SCREENSHOTS=1 make test` saves them there, to be committed.
"""

import io
import os

import pytest
from django.core.management import call_command
from PIL import Image

from sangkien import browser_testing
from sangkien.browser_testing import restore_migration_data
from sangkien.comms.demo import SCREENSHOTS
from sangkien.core.demo import data
from sangkien.initiatives.models import Initiative, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MEMBER = f"doanvien@{data.DEMO_DOMAIN}"
OFFICER = f"canbo.cdcs@{data.DEMO_DOMAIN}"
UPPER = f"canbo.captren@{data.DEMO_DOMAIN}"
TITLE = "Sổ điểm điện tử cho tổ chuyên môn Toán"


def phone(browser, base, login=None):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if login:
        browser_testing.sign_in(page, base, login, data.DEMO_PASSWORD)
    else:
        page.goto(f"{base}/tai-khoan/dang-nhap/")
    return context, page


@pytest.fixture
def shots(tmp_path):
    """Where this run's pictures go: the committed folder only when asked to save them."""
    return SCREENSHOTS if os.environ.get("SANGKIEN_SAVE_SCREENSHOTS") else tmp_path / "screenshots"


def shoot(page, name, into):
    """One phone screen (not the whole page): what a guide's step shows. Every step has its
    committed picture, which the guides show."""
    assert (SCREENSHOTS / f"{name}.png").is_file()
    into.mkdir(parents=True, exist_ok=True)
    path = into / f"{name}.png"
    page.screenshot(path=str(path))
    with Image.open(path) as image:  # a real picture of a phone screen, not an empty file
        assert image.size == (PHONE["width"], PHONE["height"])
        assert len(image.getcolors(maxcolors=1_000_000) or []) > 20


def go(page, action):
    with page.expect_navigation():
        action()


def test_the_guides_screens_entering_confirming_and_approving(browser, live_server, settings, tmp_path, shots):
    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()
    call_command("seed_demo", "--no-initiatives", stdout=io.StringIO())
    base = live_server.url

    # How to enter: the sign-in page, then the entry's short sections.
    context, page = phone(browser, base)
    page.fill("input[name=username]", MEMBER)
    shoot(page, "nhap-1-dang-nhap", shots)
    page.fill("input[name=password]", data.DEMO_PASSWORD)
    go(page, lambda: page.locator("main form button[type=submit]").click())
    page.goto(f"{base}/sang-kien/moi/")
    page.locator("#id_title").press_sequentially(TITLE, delay=5)
    page.locator("#save-status .saved").wait_for()
    page.locator("#id_first_used_on").fill("03/6/2022")
    page.get_by_label("Giải pháp quản lý").check()
    page.locator("#id_field").select_option(label="Giảng dạy, giáo dục")
    page.locator("#save-status .saved").wait_for()
    shoot(page, "nhap-2-thong-tin-chung", shots)
    go(page, lambda: page.get_by_role("button", name="Lưu và tiếp tục").click())
    page.get_by_role("button", name="Tôi là tác giả").click()
    shoot(page, "nhap-3-tac-gia", shots)
    go(page, lambda: page.get_by_role("button", name="Lưu và tiếp tục").click())
    page.locator("#id_situation").fill("Giáo viên tổng hợp điểm bằng tay, mất nhiều giờ mỗi kỳ.")
    page.locator("#id_content").fill("Bảng tính dùng chung cho tổ, tự tính điểm trung bình và xếp loại.")
    go(page, lambda: page.get_by_role("button", name="Lưu và tiếp tục").click())
    page.locator("#id_effect").fill("Tiết kiệm khoảng 20 giờ mỗi học kỳ cho tổ chuyên môn.")
    page.locator("#id_benefit_vnd").fill("0")
    page.get_by_label("Đơn vị", exact=True).check()
    go(page, lambda: page.get_by_role("button", name="Lưu và tiếp tục").click())
    go(page, lambda: page.get_by_role("button", name="Lưu và tiếp tục").click())  # recognition is optional
    evidence = tmp_path / "quyet-dinh-cong-nhan.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.set_input_files("#id_files", str(evidence))
    go(page, lambda: page.get_by_role("button", name="Tải lên").click())
    go(page, lambda: page.get_by_role("link", name="Xong, về các mục").click())
    assert page.locator(".task-todo").count() == 0
    shoot(page, "nhap-4-cac-muc", shots)
    go(page, lambda: page.get_by_role("button", name="Gửi CĐCS xác nhận").click())
    assert "Việc tiếp theo" in page.locator("main").inner_text()
    shoot(page, "nhap-5-da-gui", shots)
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == Status.SUBMITTED
    context.close()

    # How approval works: the CĐCS officer's queue and the entry, confirmed; the upper level approves.
    context, officer = phone(browser, base, OFFICER)
    officer.goto(f"{base}/sang-kien/cho-toi-xu-ly/")
    assert TITLE in officer.locator("main").inner_text()
    shoot(officer, "duyet-1-cho-xu-ly", shots)
    officer.goto(f"{base}/sang-kien/{initiative.pk}/")
    shoot(officer, "duyet-2-chi-tiet", shots)
    go(officer, lambda: officer.locator("form.move-main button", has_text="Xác nhận").click())
    assert "Đã xác nhận sáng kiến" in officer.locator("main").inner_text()
    shoot(officer, "duyet-3-da-xac-nhan", shots)
    context.close()

    context, upper = phone(browser, base, UPPER)
    upper.goto(f"{base}/sang-kien/{initiative.pk}/")
    go(upper, lambda: upper.locator("form.move-main button", has_text="Duyệt").first.click())
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    shoot(upper, "duyet-4-cap-tren-duyet", shots)
    context.close()
