"""The detail page: every field, confidentiality, history, the moves a user may make, escaping."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.attachments import attachment_add
from sangkien.initiatives.models import Honour, Status, Transition
from sangkien.initiatives.workflow import initiative_move

from .conftest import drive
from .entry_fixtures import HOSTILE

pytestmark = pytest.mark.django_db


def url(initiative):
    return reverse("initiatives:detail", args=[initiative.pk])


def full_entry(cast, **fields):
    data = dict(
        title="Sổ liên lạc điện tử cho phụ huynh", situation="Phụ huynh khó nắm tình hình học tập",
        content="Dùng nhóm Zalo và bảng tính chung", effect="Giảm 30% thời gian gọi điện",
        effect_summary="Liên lạc nhanh hơn", benefit_vnd=12_500_000, recognised_by="Trường THPT Đà Bắc",
        recognition_level="Cấp cơ sở", decision_number="25/QĐ-THPT", decision_date=datetime.date(2022, 8, 20),
        rewards="Giấy khen của Hiệu trưởng", first_used_on=datetime.date(2022, 3, 1),
        authors=[{"full_name": "Lò Thị Mai", "user": cast.author, "share": 70, "birth_year": 1984,
                  "position": "Tổ trưởng", "workplace": "Tổ Toán"},
                 {"full_name": "Hà Văn Tuấn", "share": 30, "birth_year": 1990}],
    )
    data.update(fields)
    return make_initiative(unit=cast.tree.school, created_by=cast.author, **data)


def test_the_author_sees_every_field_the_vietnamese_way(cast, client_for):
    initiative = full_entry(cast)
    html = client_for(cast.author).get(url(initiative)).content.decode()

    for text in ("Sổ liên lạc điện tử cho phụ huynh", cast.tree.school.name, "Giải pháp quản lý", "Giảng dạy",
                 "Phụ huynh khó nắm tình hình học tập", "Dùng nhóm Zalo và bảng tính chung",
                 "Giảm 30% thời gian gọi điện", "Liên lạc nhanh hơn", "12.500.000 đ", "01/3/2022", "Đơn vị",
                 "Trường THPT Đà Bắc", "Cấp cơ sở", "Số 25/QĐ-THPT, ngày 20/8/2022", "Giấy khen của Hiệu trưởng",
                 "Lò Thị Mai", "70%", "Tổ trưởng, Tổ Toán", "Hà Văn Tuấn", "30%", "Giai đoạn 1", "Nháp",
                 "Nhập tiếp, sửa", "Gửi CĐCS xác nhận"):
        assert text in html, text


def test_birth_years_show_only_to_the_units_officers(cast, client_for):
    initiative = drive(full_entry(cast), cast, "submitted")

    assert "sinh năm 1984" in client_for(cast.officer).get(url(initiative)).content.decode()
    assert "sinh năm 1984" in client_for(cast.upper_cdgd).get(url(initiative)).content.decode()
    assert "1984" not in client_for(cast.author).get(url(initiative)).content.decode()
    assert "1984" not in client_for(cast.other_member).get(url(initiative)).content.decode()


def test_a_confidential_entry_shows_outsiders_only_its_title_summary_and_rewards(cast, client_for, media):
    secret = full_entry(cast, confidential=True)
    attachment_add(acting_user=cast.author, initiative=secret,
                   upload=SimpleUploadedFile("quyet-dinh-mat.pdf", b"%PDF-1.4 x"))
    initiative_move(acting_user=cast.author, initiative=secret, action="submit")

    outsider = client_for(cast.other_member).get(url(secret)).content.decode()
    assert "Sổ liên lạc điện tử cho phụ huynh" in outsider
    assert "Liên lạc nhanh hơn" in outsider and "Giấy khen của Hiệu trưởng" in outsider
    for hidden in ("Dùng nhóm Zalo", "Giảm 30%", "Phụ huynh khó", "12.500.000", "Lò Thị Mai", "Hà Văn Tuấn",
                   "quyet-dinh-mat.pdf", "25/QĐ-THPT", "Lịch sử xử lý", "Chờ CĐCS xác nhận", cast.tree.school.name):
        assert hidden not in outsider, hidden

    for insider in (cast.author, cast.officer, cast.upper_cdgd):
        html = client_for(insider).get(url(secret)).content.decode()
        assert "Dùng nhóm Zalo" in html and "quyet-dinh-mat.pdf" in html and "Lò Thị Mai" in html


@pytest.mark.parametrize("who", ["officer_sibling", "upper_hn", "nobody"])
def test_the_page_is_not_found_outside_the_subtree(cast, client_for, who):
    initiative = full_entry(cast)
    assert client_for(getattr(cast, who)).get(url(initiative)).status_code == 404


def test_the_history_shows_time_actor_unit_states_and_comment(cast, client_for, in_state):
    initiative = in_state("returned")
    html = client_for(cast.author).get(url(initiative)).content.decode()

    back = Transition.objects.filter(initiative=initiative, action="return").get()
    assert back.created_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))).strftime("%d/%m/%Y %H:%M") in html
    assert cast.officer.full_name in html and "Chờ CĐCS xác nhận → <strong>Yêu cầu bổ sung</strong>" in html
    assert "đã trả lại để bổ sung" in html  # what happens next
    reason = html.split('class="reason"')[1].split("</div>")[0]  # the reason, where the author looks first
    assert "Lý do cụ thể" in reason and cast.officer.full_name in reason


def test_honours_are_listed(cast, client_for, in_state):
    initiative = in_state("honoured")
    html = client_for(cast.other_member).get(url(initiative)).content.decode()
    assert "Giấy khen" in html and cast.tree.hoa_binh.name in html and "Được khen thưởng" in html


# Moves from the page -------------------------------------------------------------------------


def test_the_officer_sees_the_moves_of_a_submitted_entry_and_others_see_none(cast, client_for, in_state):
    initiative = in_state("submitted")

    officer = client_for(cast.officer).get(url(initiative)).content.decode()
    for label in ("Xác nhận", "Trả lại để bổ sung", "Không duyệt", "Ý kiến gửi tác giả"):
        assert label in officer
    other = client_for(cast.other_member).get(url(initiative)).content.decode()
    assert "Việc bạn có thể làm" not in other
    author = client_for(cast.author).get(url(initiative)).content.decode()
    assert "Rút sáng kiến" in author and "Xác nhận</button>" not in author


def test_return_needs_a_comment_and_then_moves(cast, client_for, in_state):
    initiative = in_state("submitted")
    client = client_for(cast.officer)
    move = reverse("initiatives:move", args=[initiative.pk, "return"])

    page = client.post(move, {"version": initiative.version, "comment": "  "}, follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert "Hãy ghi rõ lý do" in page.content.decode()

    page = client.post(move, {"version": initiative.version, "comment": "Bổ sung số liệu"}, follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Status.RETURNED
    assert "Đã trả lại sáng kiến" in page.content.decode()


def test_a_stale_move_says_someone_else_acted_first(cast, client_for, in_state):
    initiative = in_state("submitted")
    seen = initiative.version
    initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")

    page = client_for(cast.officer).post(reverse("initiatives:move", args=[initiative.pk, "reject"]),
                                         {"version": seen, "comment": "Trùng"}, follow=True)
    initiative.refresh_from_db()
    assert initiative.status == Status.CONFIRMED
    assert "vừa được người khác xử lý" in page.content.decode()


def test_an_honour_is_recorded_with_its_decision(cast, client_for, in_state):
    initiative = in_state("nominated")
    client = client_for(cast.upper_hb)
    move = reverse("initiatives:move", args=[initiative.pk, "honour"])

    refused = client.post(move, {"version": initiative.version, "title": "", "decision_date": "31/02/2022"})
    assert refused.status_code == 400
    assert "Nhập hình thức khen thưởng." in refused.content.decode()
    assert "không có thật" in refused.content.decode()

    client.post(move, {"version": initiative.version, "title": "Bằng khen LĐLĐ tỉnh", "decision_number": "12/QĐ",
                       "decision_date": "20/11/2022"})
    initiative.refresh_from_db()
    assert initiative.status == Status.HONOURED
    honour = Honour.objects.get(initiative=initiative)
    assert (honour.title, honour.decision_number, honour.decision_date) == (
        "Bằng khen LĐLĐ tỉnh", "12/QĐ", datetime.date(2022, 11, 20))


@pytest.mark.parametrize("who", ["other_member", "officer_sibling"])
def test_a_move_by_someone_not_allowed_changes_nothing(cast, client_for, in_state, who):
    initiative = in_state("submitted")
    client_for(getattr(cast, who)).post(reverse("initiatives:move", args=[initiative.pk, "confirm"]),
                                        {"version": initiative.version})
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED


# Escaping and cost ---------------------------------------------------------------------------


def hostile_entry(cast, media):
    text = {name: f"{name} {HOSTILE}" for name in (
        "title", "situation", "content", "effect", "effect_summary", "recognised_by", "recognition_level",
        "decision_number", "rewards")}
    initiative = full_entry(cast, **text, authors=[
        {"full_name": f"Tên {HOSTILE}", "user": cast.author, "share": 100, "position": f"Chức {HOSTILE}",
         "workplace": f"Nơi {HOSTILE}", "birth_year": 1980}])
    attachment_add(acting_user=cast.author, initiative=initiative,
                   upload=SimpleUploadedFile(f"tep{HOSTILE}.pdf", b"%PDF-1.4 x"))
    drive(initiative, cast, "submitted")
    initiative_move(acting_user=cast.officer, initiative=initiative, action="return", comment=f"Ý kiến {HOSTILE}")
    return initiative


def test_markup_in_every_text_field_is_shown_as_text_on_every_page(cast, client_for, media):
    initiative = hostile_entry(cast, media)
    author = client_for(cast.author)
    pages = [url(initiative), reverse("initiatives:edit", args=[initiative.pk])]
    pages += [reverse("initiatives:edit_section", args=[initiative.pk, s]) for s in (
        "thong-tin-chung", "tac-gia", "noi-dung", "hieu-qua", "cong-nhan", "tep-minh-chung")]
    for page in pages:
        html = author.get(page).content.decode()
        assert HOSTILE not in html, page
        assert "&lt;script&gt;alert(" in html, page
    officer = client_for(cast.officer).get(url(initiative)).content.decode()
    assert HOSTILE not in officer and officer.count("&lt;script&gt;") >= 14
    similar = author.get(reverse("initiatives:similar"), {"title": "title situation"}).content.decode()
    assert HOSTILE not in similar


def test_the_detail_page_costs_the_same_few_queries_however_long_its_history(cast, client_for, media):
    small = full_entry(cast, authors=[{"full_name": "Một", "share": 100, "user": cast.author}])
    drive(small, cast, "submitted")
    big = full_entry(cast, authors=[{"full_name": f"Tác giả {i}", "share": 10} for i in range(10)])
    for i in range(4):
        attachment_add(acting_user=cast.author, initiative=big,
                       upload=SimpleUploadedFile(f"t{i}.pdf", b"%PDF-1.4 x"))
    drive(big, cast, "approved")
    initiative_move(acting_user=cast.upper_cdgd, initiative=big, action="nominate")
    big.refresh_from_db()
    initiative_move(acting_user=cast.upper_hb, initiative=big, action="honour",
                    honour={"title": "Bằng khen"})
    client = client_for(cast.upper_hb)
    client.get(url(small))  # warm the session

    counts = []
    for initiative in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(initiative)).status_code == 200
        counts.append(len(queries))

    # the entry still waiting for a decision looks up its level's council scoring scheme: one query
    assert counts[0] == counts[1] + 1, counts
    assert counts[1] <= 14, counts
