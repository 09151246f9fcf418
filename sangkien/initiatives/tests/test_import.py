"""Bulk import of initiatives (`manage.py import_initiatives`): all rows or none."""

import datetime
import io
import time

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from sangkien.core.text import fold
from sangkien.factories import make_initiative
from sangkien.initiatives import search
from sangkien.initiatives.importing import COLUMNS, fast_fold
from sangkien.initiatives.models import (
    Author,
    Campaign,
    Initiative,
    Notification,
    Scope,
    SolutionType,
    Status,
    Transition,
)
from sangkien.initiatives.workflow import initiative_move

from .importfiles import GOOD, csv_bytes, generated_rows, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def counts():
    return (Initiative.objects.count(), Author.objects.count(), Transition.objects.count(),
            Notification.objects.count())


@pytest.fixture
def run(tmp_path):
    """run(user, data, *options, name="sang-kien.csv") -> stdout; raises CommandError with stderr."""

    def run(user, data, *options, name="sang-kien.csv"):
        path = tmp_path / name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_initiatives", str(path), "--as", user.email, *options, stdout=out, stderr=err)
        except CommandError as exc:
            exc.stderr = err.getvalue()
            raise
        return out.getvalue()

    return run


def refused(run, user, data, *options, name="sang-kien.csv"):
    """The stderr lines of a refused import, after checking that nothing was saved."""
    before = counts()
    with pytest.raises(CommandError) as caught:
        run(user, data, *options, name=name)
    assert counts() == before
    assert "Không lưu gì" in str(caught.value)
    return caught.value.stderr.splitlines()


# ---- good files --------------------------------------------------------------------------------


def test_a_csv_with_a_byte_order_mark_creates_entries_sent_to_the_cdcs(cast, run):
    data = csv_bytes([row(), row(title="Góc đọc sách thân thiện", authors="Phạm Minh Đức")], bom=True)

    output = run(cast.officer, data)

    assert "Đã nhập 2 sáng kiến của 1 CĐCS, trạng thái “Chờ CĐCS xác nhận”" in output
    entry = Initiative.objects.get(title=GOOD["Tên sáng kiến"])
    assert entry.unit == cast.tree.school and entry.unit_path == cast.tree.school.path
    assert entry.status == Status.SUBMITTED and entry.version == 2
    assert entry.created_by == cast.officer
    assert entry.campaign.code == "01-trieu-sang-kien" and entry.phase.number == 1  # 07/3/2022
    assert entry.solution_type == SolutionType.MANAGEMENT and entry.field.code == "quan-ly-giao-duc"
    assert entry.scope == Scope.UNIT and entry.benefit_vnd == 1_500_000
    assert entry.first_used_on == datetime.date(2022, 3, 7) and entry.decision_date == datetime.date(2022, 5, 20)
    assert entry.recognised_by == "Hội đồng sáng kiến nhà trường" and entry.decision_number == "15/QĐ-THPT"
    assert [(a.full_name, a.share, a.user_id) for a in entry.authors.all()] == [
        ("Nguyễn Thị Hoa", 60, None), ("Lê Văn Nam", 40, None)]


def test_one_author_without_a_share_counts_for_100_percent(cast, run):
    run(cast.officer, csv_bytes([row(authors="  Phạm   Minh Đức ")]))

    assert [(a.full_name, a.share) for a in Author.objects.all()] == [("Phạm Minh Đức", 100)]


def test_search_columns_are_what_the_model_would_store_and_search_finds_the_entries(cast, run):
    run(cast.officer, csv_bytes([row(content="Biểu mẫu <script>alert(1)</script> ĐIỆN tử")]))

    entry = Initiative.objects.get()
    stored = (entry.title_folded, entry.search_text)
    entry.refresh_search_text()
    assert stored == (entry.title_folded, entry.search_text)
    assert entry.content == "Biểu mẫu <script>alert(1)</script> ĐIỆN tử"  # stored as typed, escaped when shown
    found = search.matching(Initiative.objects.all(), "so tay dien tu nguyen thi hoa")
    assert list(found) == [entry]


def test_the_audit_rows_are_those_a_submit_by_hand_writes(cast, run):
    run(cast.upper_cdgd, csv_bytes([row()]))
    by_hand = make_initiative(unit=cast.tree.school, created_by=cast.upper_cdgd, title="Bằng tay")
    initiative_move(acting_user=cast.upper_cdgd, initiative=by_hand, action="submit")

    imported = Initiative.objects.get(title=GOOD["Tên sáng kiến"])
    fields = ("action", "from_status", "to_status", "actor_id", "unit_id", "comment")
    assert list(imported.transitions.values_list(*fields)) == list(by_hand.transitions.values_list(*fields))
    by_hand.refresh_from_db()
    assert (imported.status, imported.version) == (by_hand.status, by_hand.version)


@pytest.mark.parametrize("typed, expected", [
    ("1.500.000", 1_500_000), ("1500000", 1_500_000), ("", 0), ("2.000.000 đ", 2_000_000), ("0", 0),
    ("1 200 000", 1_200_000),
])
def test_money_is_read_with_or_without_dots(cast, run, typed, expected):
    run(cast.officer, csv_bytes([row(benefit=typed)]))

    assert Initiative.objects.get().benefit_vnd == expected


def test_an_xlsx_with_date_cells_and_number_cells_is_read(cast, run):
    excel_date = datetime.datetime(2022, 9, 5)  # noqa: DTZ001 - an Excel date cell has no time zone
    cells = row(first_used=excel_date, decision_date=datetime.date(2022, 10, 1), benefit=2500000,
                type="quản lý", field="QUAN LY GIAO DUC", scope="tỉnh")

    run(cast.officer, xlsx_bytes([cells]), name="sang-kien.xlsx")

    entry = Initiative.objects.get()
    assert entry.first_used_on == datetime.date(2022, 9, 5) and entry.decision_date == datetime.date(2022, 10, 1)
    assert entry.benefit_vnd == 2_500_000 and entry.phase.number == 2
    assert (entry.solution_type, entry.field.code, entry.scope) == (
        SolutionType.MANAGEMENT, "quan-ly-giao-duc", Scope.PROVINCE)


@pytest.mark.parametrize("typed, expected", [
    ("Giải pháp kỹ thuật", SolutionType.TECHNICAL), ("KY THUAT", SolutionType.TECHNICAL),
    ("giải pháp tác nghiệp", SolutionType.OPERATIONAL), ("ứng dụng tiến bộ kỹ thuật", SolutionType.TECH_APPLICATION),
    ("Đề tài nghiên cứu khoa học", SolutionType.RESEARCH), ("nghien cuu khoa hoc", SolutionType.RESEARCH),
])
def test_solution_types_match_without_case_or_tone_marks_and_in_short(cast, run, typed, expected):
    run(cast.officer, csv_bytes([row(type=typed)]))

    assert Initiative.objects.get().solution_type == expected


def test_an_empty_scope_is_the_unit_itself_and_dates_take_one_digit_days(cast, run):
    run(cast.officer, csv_bytes([row(scope="", first_used="1/9/2021", decision_date="")]))

    entry = Initiative.objects.get()
    assert entry.scope == Scope.UNIT and entry.first_used_on == datetime.date(2021, 9, 1)
    assert entry.decision_date is None and entry.phase is None  # before phase 1 began


def test_decomposed_unicode_from_a_mac_is_read_as_composed(cast, run):
    import unicodedata

    data = csv_bytes([[unicodedata.normalize("NFD", c) for c in row()]],
                     header=[unicodedata.normalize("NFD", h) for h in COLUMNS])

    run(cast.officer, data)

    assert Initiative.objects.get().title == GOOD["Tên sáng kiến"]


def test_unit_fills_an_empty_unit_code(cast, run):
    run(cast.officer, csv_bytes([row(unit=""), row(unit="", title="Thứ hai")]), "--unit", "HB-GD-001")

    assert set(Initiative.objects.values_list("unit__code", flat=True)) == {"HB-GD-001"}


def test_codes_typed_in_another_case_are_found(cast, run):
    run(cast.officer, csv_bytes([row(unit="hb-gd-001")]))

    assert Initiative.objects.get().unit == cast.tree.school


def test_the_campaign_window_is_read_from_the_campaign_chosen(cast, run):
    Campaign.objects.create(code="thu-nghiem", name="Thử nghiệm", eligible_from=datetime.date(2024, 1, 1),
                            eligible_to=datetime.date(2024, 12, 31))
    lines = refused(run, cast.officer, csv_bytes([row()]), "--campaign", "thu-nghiem")
    assert lines == ["dòng 2, cột Ngày áp dụng: ngày áp dụng phải trong thời gian của chương trình, "
                     "từ 01/1/2024 đến 31/12/2024"]

    run(cast.officer, csv_bytes([row(first_used="15/6/2024")]), "--campaign", "thu-nghiem")
    assert Initiative.objects.get().campaign.code == "thu-nghiem"


def test_the_same_title_in_two_cdcs_of_one_file_is_fine(cast, run):
    run(cast.upper_cdgd, csv_bytes([row(), row(unit="HB-GD-002")]))

    assert Initiative.objects.count() == 2


def test_a_withdrawn_entry_does_not_block_entering_its_title_again(cast, run):
    old = make_initiative(unit=cast.tree.school, created_by=cast.author, title=GOOD["Tên sáng kiến"])
    initiative_move(acting_user=cast.author, initiative=old, action="withdraw")

    run(cast.officer, csv_bytes([row()]))

    assert Initiative.objects.count() == 2


# ---- bad rows ----------------------------------------------------------------------------------

BAD = [
    ({"title": ""}, "dòng 2, cột Tên sáng kiến: không được để trống"),
    ({"unit": ""}, "dòng 2, cột Mã CĐCS: không được để trống"),
    ({"authors": ""}, "dòng 2, cột Tác giả: không được để trống"),
    ({"type": ""}, "dòng 2, cột Loại giải pháp: không được để trống"),
    ({"field": ""}, "dòng 2, cột Lĩnh vực: không được để trống"),
    ({"content": ""}, "dòng 2, cột Nội dung: không được để trống"),
    ({"effect": ""}, "dòng 2, cột Hiệu quả: không được để trống"),
    ({"first_used": ""}, "dòng 2, cột Ngày áp dụng: không được để trống"),
    ({"authors": "An (50%); Bình (40%)"},
     "dòng 2, cột Tác giả: tổng tỷ lệ đóng góp phải bằng 100% (đang là 90%)"),
    ({"authors": "An (0%); Bình (100%)"},
     "dòng 2, cột Tác giả: tỷ lệ đóng góp của “An” phải từ 1 đến 100% (đang là 0%)"),
    ({"authors": "An (120%)"},
     "dòng 2, cột Tác giả: tỷ lệ đóng góp của “An” phải từ 1 đến 100% (đang là 120%)"),
    ({"authors": "An (50,5%); Bình (49,5%)"},
     "dòng 2, cột Tác giả: tỷ lệ đóng góp của “An” phải là số nguyên từ 1 đến 100 (đang là “50,5”)"),
    ({"authors": "An (60%); Bình"},
     "dòng 2, cột Tác giả: có nhiều tác giả thì ghi tỷ lệ đóng góp cho từng người (thiếu ở “Bình”); "
     "ví dụ: Nguyễn Văn An (60%); Trần Thị Bình (40%)"),
    ({"authors": "(100%)"},
     "dòng 2, cột Tác giả: thiếu họ tên trước tỷ lệ đóng góp; ví dụ: Nguyễn Văn An (60%); Trần Thị Bình (40%)"),
    ({"authors": "An 60%"},
     "dòng 2, cột Tác giả: “An 60%” không đúng dạng Họ tên (NN%); ví dụ: Nguyễn Văn An (60%); Trần Thị Bình (40%)"),
    ({"benefit": "-5.000"}, "dòng 2, cột Giá trị làm lợi (đồng): không được âm (đang là “-5.000”)"),
    ({"benefit": "năm triệu"}, "dòng 2, cột Giá trị làm lợi (đồng): phải là số tiền nguyên đồng, ví dụ 1.500.000 "
                               "hoặc 1500000 (đang là “năm triệu”)"),
    ({"benefit": "1.500,50"}, "dòng 2, cột Giá trị làm lợi (đồng): phải là số tiền nguyên đồng, ví dụ 1.500.000 "
                              "hoặc 1500000 (đang là “1.500,50”)"),
    ({"first_used": "31/02/2022"}, "dòng 2, cột Ngày áp dụng: không có ngày “31/02/2022”"),
    ({"first_used": "tháng 3/2022"}, "dòng 2, cột Ngày áp dụng: nhập ngày theo dạng ngày/tháng/năm, ví dụ "
                                     "03/6/2022 (đang là “tháng 3/2022”)"),
    ({"first_used": "31/8/2021"}, "dòng 2, cột Ngày áp dụng: ngày áp dụng phải trong thời gian của chương trình, "
                                  "từ 01/9/2021 đến 01/9/2023"),
    ({"first_used": "02/9/2023"}, "dòng 2, cột Ngày áp dụng: ngày áp dụng phải trong thời gian của chương trình, "
                                  "từ 01/9/2021 đến 01/9/2023"),
    ({"decision_date": "2022/13/01"}, "dòng 2, cột Ngày quyết định: nhập ngày theo dạng ngày/tháng/năm, ví dụ "
                                      "03/6/2022 (đang là “2022/13/01”)"),
    ({"type": "Sáng chế"}, "dòng 2, cột Loại giải pháp: không có “Sáng chế”; chọn một trong: Giải pháp kỹ thuật, "
                           "Giải pháp quản lý, Giải pháp tác nghiệp, Giải pháp ứng dụng tiến bộ kỹ thuật, "
                           "Đề tài nghiên cứu khoa học"),
    ({"scope": "Xã"}, "dòng 2, cột Phạm vi ảnh hưởng: không có “Xã”; chọn một trong: Đơn vị, Huyện, Tỉnh, Ngành, "
                      "Toàn quốc"),
    ({"unit": "KHONG-CO"}, "dòng 2, cột Mã CĐCS: không có đơn vị nào mã “KHONG-CO”"),
    ({"unit": "HB-GD"}, "dòng 2, cột Mã CĐCS: “HB-GD” (Công đoàn cấp trên trực tiếp cơ sở) không phải công đoàn "
                        "cơ sở"),
    ({"title": "x" * 501}, "dòng 2, cột Tên sáng kiến: dài quá 500 ký tự"),
    ({"title": "VÍ DỤ (xóa dòng này) - Dùng bảng tính theo dõi tiến bộ học tập của từng học sinh"},
     "dòng 2, cột Tên sáng kiến: đây là dòng ví dụ của tệp mẫu; hãy xóa dòng này trước khi nhập"),
]


@pytest.mark.parametrize("changes, line", BAD, ids=[line.split(": ", 1)[1][:40] for _c, line in BAD])
def test_each_kind_of_bad_row_is_reported_and_nothing_is_saved(cast, run, changes, line):
    good = row(title="Dòng tốt đứng trước")

    lines = refused(run, cast.upper_cdgd, csv_bytes([row(**changes), good]))

    assert lines == [line]


def test_an_unknown_field_lists_the_fields(cast, run):
    lines = refused(run, cast.officer, csv_bytes([row(field="Nuôi trồng thủy sản")]))

    assert lines[0].startswith("dòng 2, cột Lĩnh vực: không có lĩnh vực “Nuôi trồng thủy sản”; chọn một trong: "
                               "Giảng dạy, giáo dục, Quản lý giáo dục, ")


def test_every_bad_row_is_listed_in_order_with_its_row_number(cast, run):
    rows = [row(title="Một"), row(title="Hai", benefit="-1"), row(title="Ba"),
            row(title="Bốn", first_used="", authors="A (10%)"), row(title="Năm")]

    lines = refused(run, cast.officer, csv_bytes(rows))

    assert lines == [
        "dòng 3, cột Giá trị làm lợi (đồng): không được âm (đang là “-1”)",
        "dòng 5, cột Ngày áp dụng: không được để trống",
        "dòng 5, cột Tác giả: tổng tỷ lệ đóng góp phải bằng 100% (đang là 10%)",
    ]


def test_blank_lines_keep_the_spreadsheet_row_numbers(cast, run):
    data = csv_bytes([row(title="Một"), [""] * len(COLUMNS), row(title="Ba", type="?")])

    lines = refused(run, cast.officer, data)

    assert lines[0].startswith("dòng 4, cột Loại giải pháp: không có “?”")


def test_a_wrong_header_is_refused(cast, run):
    header = list(COLUMNS)
    header[1], header[2] = header[2], header[1]

    lines = refused(run, cast.officer, csv_bytes([row()], header=header))

    assert lines[0].startswith("dòng 1: dòng tiêu đề phải là: Mã CĐCS,Tên sáng kiến,Tác giả,")


def test_a_file_without_rows_is_refused(cast, run):
    assert refused(run, cast.officer, csv_bytes([])) == [
        "dòng 2: tệp chưa có sáng kiến nào (sáng kiến bắt đầu từ dòng 2, ngay dưới dòng tiêu đề)"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(cast, run):
    with pytest.raises(CommandError, match="Chỉ nhận tệp .csv hoặc .xlsx"):
        run(cast.officer, b"hello", name="sang-kien.txt")
    with pytest.raises(CommandError, match="Không đọc được tệp Excel"):
        run(cast.officer, b"not a zip", name="sang-kien.xlsx")


# ---- whose rows --------------------------------------------------------------------------------


def test_rows_outside_the_users_subtree_are_bad_rows(cast, run):
    rows = [row(), row(unit="HB-GD-002"), row(unit="HN-001")]

    lines = refused(run, cast.officer, csv_bytes(rows))

    assert lines == [
        "dòng 3, cột Mã CĐCS: CĐCS “HB-GD-002” không thuộc phạm vi bạn quản lý",
        "dòng 4, cột Mã CĐCS: CĐCS “HN-001” không thuộc phạm vi bạn quản lý",
    ]


def test_an_upper_officer_imports_for_every_cdcs_below_and_not_beside(cast, run):
    run(cast.upper_cdgd, csv_bytes([row(), row(unit="HB-GD-002")]))
    assert Initiative.objects.count() == 2

    lines = refused(run, cast.upper_cdgd, csv_bytes([row(title="Mới", unit="HN-001")]))
    assert lines == ["dòng 2, cột Mã CĐCS: CĐCS “HN-001” không thuộc phạm vi bạn quản lý"]


@pytest.mark.parametrize("who", ["author", "other_member", "nobody"])
def test_people_without_an_officer_role_may_not_import(cast, run, who):
    before = counts()
    with pytest.raises(CommandError, match="Chỉ cán bộ công đoàn mới nhập được sáng kiến từ tệp"):
        run(getattr(cast, who), csv_bytes([row()]))
    assert counts() == before


def test_an_unknown_or_inactive_user_is_refused(cast, run, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match="Không có người dùng đang hoạt động nào là “ai@example.vn”"):
        call_command("import_initiatives", str(path), "--as", "ai@example.vn")
    cast.officer.is_active = False
    cast.officer.save()
    with pytest.raises(CommandError, match="Không có người dùng đang hoạt động"):
        call_command("import_initiatives", str(path), "--as", cast.officer.email)


def test_the_acting_user_may_be_named_by_phone_in_any_format(cast, run, tmp_path):
    cast.officer.phone = "+84912345678"
    cast.officer.save()
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row()]))

    call_command("import_initiatives", str(path), "--as", "0912 345 678", stdout=io.StringIO())

    assert Initiative.objects.get().created_by == cast.officer


def test_a_default_unit_outside_the_subtree_is_refused(cast, run):
    with pytest.raises(CommandError, match="Bạn không thể nhập sáng kiến cho đơn vị “HN-001”"):
        run(cast.officer, csv_bytes([row(unit="")]), "--unit", "HN-001")
    with pytest.raises(CommandError, match="Không có đơn vị nào mã “ZZ”"):
        run(cast.officer, csv_bytes([row(unit="")]), "--unit", "ZZ")
    assert counts() == (0, 0, 0, 0)


# ---- duplicates --------------------------------------------------------------------------------


def test_duplicate_titles_within_the_file_ignore_case_and_tone_marks(cast, run):
    rows = [row(), row(title="SO TAY DIEN TU theo doi  chuyen can cua hoc sinh"), row(title="Khác")]

    lines = refused(run, cast.officer, csv_bytes(rows))

    assert lines == ["dòng 3, cột Tên sáng kiến: trùng tên với sáng kiến ở dòng 2 (cùng CĐCS)"]


def test_titles_already_in_the_unit_are_duplicates(cast, run):
    existing = make_initiative(unit=cast.tree.school, created_by=cast.author, title="Sổ tay điện tử theo dõi "
                               "chuyên cần của học sinh")
    typed = "sổ tay ĐIỆN TỬ theo dõi chuyên cần của học sinh"
    assert search.is_duplicate_title(Initiative.objects.filter(unit=cast.tree.school), typed)

    lines = refused(run, cast.officer, csv_bytes([row(title="Khác"), row(title=typed)]))

    assert lines == [f"dòng 3, cột Tên sáng kiến: CĐCS “HB-GD-001” đã có sáng kiến tên “{existing.title}”"]


def test_similar_titles_are_reported_as_a_warning_on_a_dry_run(cast, run):
    make_initiative(unit=cast.tree.school, created_by=cast.author,
                    title="Sổ tay điện tử theo dõi chuyên cần học sinh lớp chủ nhiệm")

    output = run(cast.officer, csv_bytes([row(), row(title="Trồng rau sạch ở vườn trường")]), "--dry-run")

    assert "Có 1 sáng kiến tên gần giống sáng kiến khác cùng CĐCS, nên xem lại:" in output
    assert ("dòng 2: “Sổ tay điện tử theo dõi chuyên cần của học sinh” gần giống “Sổ tay điện tử theo dõi "
            "chuyên cần học sinh lớp chủ nhiệm”") in output


# ---- --confirm and --dry-run -------------------------------------------------------------------


def test_confirm_submits_and_confirms_when_the_user_is_the_cdcs_officer(cast, run):
    run(cast.officer, csv_bytes([row(), row(title="Hai")]), "--confirm")

    for entry in Initiative.objects.all():
        assert (entry.status, entry.version) == (Status.CONFIRMED, 3)
        assert list(entry.transitions.values_list("action", "from_status", "to_status", "actor", "unit")) == [
            ("submit", "draft", "submitted", cast.officer.pk, cast.tree.school.pk),
            ("confirm", "submitted", "confirmed", cast.officer.pk, cast.tree.school.pk),
        ]


def test_confirm_is_refused_row_by_row_to_those_who_may_not_confirm(cast, run):
    lines = refused(run, cast.upper_cdgd, csv_bytes([row(), row(title="Hai", unit="HB-GD-002")]), "--confirm")

    assert lines == [
        f"dòng {n}, cột Mã CĐCS: bạn không có quyền xác nhận sáng kiến của CĐCS “{code}”; bỏ chọn “xác nhận "
        "luôn” để gửi các sáng kiến này cho CĐCS xác nhận" for n, code in ((2, "HB-GD-001"), (3, "HB-GD-002"))]


def test_confirm_is_refused_for_a_cdcs_the_officer_does_not_lead(cast, run):
    from sangkien.factories import grant
    from sangkien.orgs.roles import Role

    grant(cast.officer, cast.tree.school2, Role.MEMBER)  # may enter for it, may not confirm there
    lines = refused(run, cast.officer, csv_bytes([row(), row(unit="HB-GD-002")]), "--confirm")

    assert lines == ["dòng 3, cột Mã CĐCS: bạn không có quyền xác nhận sáng kiến của CĐCS “HB-GD-002”; bỏ chọn "
                     "“xác nhận luôn” để gửi các sáng kiến này cho CĐCS xác nhận"]


def test_dry_run_checks_and_saves_nothing(cast, run):
    before = counts()

    output = run(cast.officer, csv_bytes([row(), row(title="Hai")]), "--dry-run", "--confirm")

    assert counts() == before
    assert "Tệp hợp lệ: sẽ nhập 2 sáng kiến của 1 CĐCS, trạng thái “CĐCS đã xác nhận”" in output
    assert "HB-GD-001  Công đoàn Trường THPT Đà Bắc: 2" in output
    assert "Chạy thử (--dry-run): chưa lưu gì." in output


def test_dry_run_of_a_bad_file_lists_the_errors(cast, run):
    assert refused(run, cast.officer, csv_bytes([row(benefit="-1")]), "--dry-run") == [
        "dòng 2, cột Giá trị làm lợi (đồng): không được âm (đang là “-1”)"]


# ---- progress counters ----------------------------------------------------------------------------


@pytest.mark.parametrize("confirm", [False, True])
def test_progress_counters_match_a_recount_after_an_import(cast, run, in_state, confirm):
    from sangkien.progress import recount

    in_state("approved")  # counters already hold something
    rows = [row(title=f"Sáng kiến {i}", authors="Nguyễn Thị Hoa (50%); Lê Văn Nam (50%)",
                first_used="07/3/2022" if i % 2 else "05/9/2022") for i in range(6)]
    assert recount.drift() == []

    run(cast.officer, csv_bytes(rows), *(["--confirm"] if confirm else []))

    assert recount.drift() == []


# ---- notices -----------------------------------------------------------------------------------


def test_the_cdcs_officers_get_one_notice_per_import_and_nobody_an_email(cast, run, django_capture_on_commit_callbacks):
    rows = [row(title=f"Sáng kiến số {i}") for i in range(30)]

    with django_capture_on_commit_callbacks(execute=True):
        run(cast.upper_cdgd, csv_bytes(rows))

    notes = list(Notification.objects.all())
    assert [(n.user, n.kind, n.initiative) for n in notes] == [(cast.officer, "import", None)]
    assert notes[0].message == (f"{cast.upper_cdgd.full_name} đã nhập 30 sáng kiến của Công đoàn Trường THPT Đà "
                                "Bắc; các sáng kiến đang chờ CĐCS xác nhận.")
    assert mail.outbox == []


def test_confirmed_rows_tell_the_nearest_upper_level_once(cast, run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run(cast.officer, csv_bytes([row(), row(title="Hai")]), "--confirm")

    assert [(n.user, n.message) for n in Notification.objects.all()] == [
        (cast.upper_cdgd, f"{cast.officer.full_name} đã nhập và xác nhận 2 sáng kiến của Công đoàn Trường THPT Đà "
                          "Bắc; các sáng kiến đang chờ cấp trên duyệt.")]


# ---- the fold used for speed ---------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđĐ ÀÁẢÃẠàáảãạẰẮẲẴẶẦẤẨẪẬỀẾỂỄỆỒỐỔỖỘỜỚỞỠỢỪỨỬỮỰỲÝỶỸỴ"
                                              "\u0300\u0301\u0303\u0309\u0323\t\n ΣΑςκ-.,0129İ"))))
def test_the_fast_fold_is_exactly_fold(text):
    assert fast_fold(text) == fold(text)


@given(st.text())
def test_the_fast_fold_is_exactly_fold_on_any_text(text):
    assert fast_fold(text) == fold(text)


# ---- 20,000 rows -------------------------------------------------------------------------------


@pytest.mark.slow
def test_twenty_thousand_rows_import_well_under_a_minute(cast, run):
    data = csv_bytes(generated_rows(20_000, ["HB-GD-001", "HB-GD-002"]))

    started = time.perf_counter()
    output = run(cast.upper_cdgd, data)
    seconds = time.perf_counter() - started

    print(f"\n20,000 rows imported in {seconds:.1f} s ({Initiative.objects.count()} initiatives)")
    assert "Đã nhập 20.000 sáng kiến của 2 CĐCS" in output
    assert Initiative.objects.filter(status=Status.SUBMITTED).count() == 20_000
    assert Transition.objects.filter(action="submit").count() == 20_000
    assert Author.objects.count() == sum(1 if i % 3 == 0 else 2 for i in range(20_000))
    assert seconds < 60
