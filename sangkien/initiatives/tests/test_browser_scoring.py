"""Council scoring in a real browser: the upper-level officer assigns a council member on a
phone, the member scores the entry on a 360 × 740 phone (a wrong cell first, told beside it),
revises, and the approver sees the average beside “Duyệt” and in “Chờ tôi xử lý”.

Debian's Chromium through Playwright, never a downloaded browser; the fixtures and helpers
are test_browser_entry's. Screenshots go to test-artifacts/ (ignored by git).
"""

from decimal import Decimal

import pytest

from sangkien import browser_testing
from sangkien.factories import UserFactory, grant, make_initiative
from sangkien.initiatives import scoring
from sangkien.initiatives.models import Campaign, ScoringAssignment
from sangkien.orgs.roles import Role

from .conftest import drive
from .entry_fixtures import consent
from .test_browser_entry import (
    ARTIFACTS,
    PASSWORD,
    expect,
    fits_the_phone,
    phone,
)

DESK = {"width": 1280, "height": 800}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def shoot(page, name):
    page.screenshot(path=str(ARTIFACTS / f"scoring-{name}.png"), full_page=True)


def test_a_council_member_scores_on_a_phone_and_the_approver_sees_the_average(browser, live_server, cast):  # noqa: F811
    base = live_server.url
    campaign = Campaign.objects.get(code="01-trieu-sang-kien")
    member = UserFactory(full_name="Đinh Thị Lan Anh")
    grant(member, cast.tree.cdgd, Role.COUNCIL)
    for person in (member, cast.upper_cdgd):
        consent(person)
    scheme = scoring.scheme_save(
        acting_user=cast.upper_cdgd, unit=cast.tree.cdgd, campaign=campaign, pass_mark=Decimal(50),
        criteria=[scoring.CriterionRow("Tính mới", "Tính mới, sáng tạo", Decimal(30)),
                  scoring.CriterionRow("Hiệu quả", "Hiệu quả kinh tế, xã hội", Decimal(40)),
                  scoring.CriterionRow("Khả năng áp dụng", "Khả năng áp dụng, nhân rộng", Decimal(30))])
    entry = drive(make_initiative(unit=cast.tree.school, created_by=cast.author,
                                  title="Bảng tương tác tự làm trong giờ Sinh học"), cast, "confirmed")

    # 1. The upper-level officer assigns the member from a phone.
    context, page = phone(browser, base, cast.upper_cdgd)
    page.goto(f"{base}/sang-kien/hoi-dong/{cast.tree.cdgd.code}/phan-cong/")
    fits_the_phone(page, "assign")
    page.get_by_label("Đinh Thị Lan Anh").check()
    page.get_by_role("button", name="Phân công cho sáng kiến đã chọn").click()  # no entry ticked yet
    page.wait_for_load_state()
    expect(page.locator(".error-summary")).to_contain_text("Bạn chưa chọn sáng kiến nào")
    expect(page.get_by_label("Đinh Thị Lan Anh")).to_be_checked()  # the tick stays
    page.locator(f"#pick-{entry.pk}").check()
    page.get_by_role("button", name="Phân công cho sáng kiến đã chọn").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Đã phân công 1 lượt chấm")
    expect(page.locator("main")).to_contain_text("0/1 người đã chấm")
    shoot(page, "assigned-360x740")
    context.close()
    assert ScoringAssignment.objects.get().scorer == member

    # 2. The member finds it through the menu, on a phone.
    context, page = phone(browser, base, member)
    page.locator(".nav-fold > summary").click()
    page.locator(".nav-fold [data-nav=scoring-queue]").click()
    page.wait_for_load_state()
    fits_the_phone(page, "queue")
    shoot(page, "queue-360x740")
    page.get_by_role("link", name="Chấm điểm “Bảng tương tác tự làm trong giờ Sinh học”").click()
    page.wait_for_load_state()
    fits_the_phone(page, "score sheet")

    # A wrong cell is named beside it; what was typed stays.
    page.get_by_label("Tính mới, sáng tạo").fill("31")
    page.get_by_label("Hiệu quả kinh tế, xã hội").fill("32,5")
    page.get_by_label("Khả năng áp dụng, nhân rộng").fill("hai mươi")
    page.get_by_role("button", name="Lưu điểm").click()
    page.wait_for_load_state()
    beside = page.locator(".field-error .error-message")
    expect(beside).to_have_count(2)
    expect(beside.first).to_contain_text("phải từ 0 đến 30")
    expect(beside.last).to_contain_text("nhập bằng số")
    expect(page.get_by_label("Hiệu quả kinh tế, xã hội")).to_have_value("32,5")
    fits_the_phone(page, "score sheet with errors")
    shoot(page, "errors-360x740")
    assert ScoringAssignment.objects.get().scored_at is None

    page.get_by_label("Tính mới, sáng tạo").fill("25")
    page.get_by_label("Khả năng áp dụng, nhân rộng").fill("20")
    page.get_by_label("Nhận xét").fill("Cần bổ sung số liệu đối chứng.")
    page.get_by_role("button", name="Lưu điểm").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("77,5/100")
    expect(page.locator("main")).to_contain_text("77,5 điểm")

    # Revising: the sheet says what was given, and the new total replaces it.
    page.get_by_role("link", name="Sửa điểm “Bảng tương tác tự làm trong giờ Sinh học”").click()
    page.wait_for_load_state()
    expect(page.locator("#my-total")).to_contain_text("77,5")
    page.get_by_label("Hiệu quả kinh tế, xã hội").fill("35")
    page.get_by_role("button", name="Lưu điểm đã sửa").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("80/100")
    shoot(page, "saved-360x740")
    context.close()

    # 3. The approver sees the average in “Chờ tôi xử lý” and beside “Duyệt”, on a desk screen.
    context = browser.new_context(viewport=DESK, locale="vi-VN")
    page = context.new_page()
    browser_testing.sign_in(page, base, cast.upper_cdgd.email, PASSWORD)
    page.goto(f"{base}/sang-kien/cho-toi-xu-ly/")
    row = page.locator("tr", has_text="Bảng tương tác tự làm trong giờ Sinh học")
    expect(row).to_contain_text("80")
    expect(row).to_contain_text("Đạt")
    expect(row).to_contain_text("1/1 người đã chấm")
    shoot(page, "waiting-1280x800")
    page.goto(f"{base}/sang-kien/{entry.pk}/")
    expect(page.get_by_role("button", name="Duyệt")).to_be_visible()
    panel = page.locator("#scoring")
    expect(panel).to_contain_text("Điểm trung bình: 80/100")
    expect(panel).to_contain_text("Đạt (từ 50)")
    expect(panel).to_contain_text("Đinh Thị Lan Anh: 80")
    expect(panel).to_contain_text("Cần bổ sung số liệu đối chứng.")
    shoot(page, "approver-1280x800")
    context.close()
    assert scheme.assignments.get().total == Decimal(80)
