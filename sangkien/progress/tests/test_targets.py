import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sangkien.core.tabular import ImportRejected, write_xlsx
from sangkien.initiatives.models import Campaign
from sangkien.progress.models import Target
from sangkien.progress.services import (
    TARGET_HEADER,
    target_set,
    targets_import,
    targets_set_for_children,
)


@pytest.fixture
def campaign(db):
    return Campaign.objects.get(code="01-trieu-sang-kien")


def test_an_upper_officer_sets_a_childs_target_but_not_their_own_or_a_siblings(cast, campaign):
    tree = cast.tree
    target_set(acting_user=cast.upper_cdgd, unit=tree.school, campaign=campaign, phase_no=1, kind="share", value=30)
    assert Target.objects.get(unit=tree.school, phase_no=1).required(60) == 18
    with pytest.raises(PermissionDenied):
        target_set(acting_user=cast.upper_cdgd, unit=tree.cdgd, campaign=campaign, phase_no=1, kind="absolute",
                   value=5)
    with pytest.raises(PermissionDenied):
        target_set(acting_user=cast.upper_cdgd, unit=tree.hn_school, campaign=campaign, phase_no=1,
                   kind="absolute", value=5)
    with pytest.raises(PermissionDenied):
        target_set(acting_user=cast.officer, unit=tree.section, campaign=campaign, phase_no=1, kind="absolute",
                   value=5)


def test_one_target_for_all_children_at_once(cast, campaign):
    created, updated = targets_set_for_children(acting_user=cast.upper_cdgd, parent=cast.tree.cdgd,
                                                campaign=campaign, phase_no=2, kind="share", value=30)
    assert (created, updated) == (2, 0)
    assert targets_set_for_children(acting_user=cast.upper_cdgd, parent=cast.tree.cdgd, campaign=campaign,
                                    phase_no=2, kind="share", value=40) == (0, 2)
    assert set(Target.objects.values_list("unit__code", "value")) == {("HB-GD-001", 40), ("HB-GD-002", 40)}


def _xlsx(rows, header=TARGET_HEADER):
    return io.BytesIO(write_xlsx(header, rows))


def test_a_targets_file_is_saved_whole(cast, campaign):
    source = _xlsx([["HB-GD-001", "1", "%", "30"], ["HB-GD-002", "", "số", "12"]])
    assert targets_import(acting_user=cast.upper_cdgd, campaign=campaign, source=source, filename="t.xlsx") == (2, 0)
    assert Target.objects.get(unit__code="HB-GD-002").phase_no == 0


def test_a_bad_targets_file_lists_every_bad_row_and_saves_nothing(cast, campaign):
    source = _xlsx([
        ["HB-GD-001", "1", "%", "130"],
        ["KHONG-CO", "1", "số", "3"],
        ["HN-001", "1", "số", "3"],
        ["HB-GD-002", "7", "bao nhiêu", "-2"],
        ["HB-GD-001", "1", "số", "5"],
    ])
    with pytest.raises(ImportRejected) as exc:
        targets_import(acting_user=cast.upper_cdgd, campaign=campaign, source=source, filename="t.xlsx")
    assert [str(e) for e in exc.value.errors] == [
        "dòng 2, cột Giá trị: tỷ lệ không quá 100",
        "dòng 3, cột Mã đơn vị: không có đơn vị mã “KHONG-CO”",
        "dòng 4, cột Mã đơn vị: đơn vị “HN-001” không thuộc cấp dưới của bạn",
        "dòng 5, cột Giai đoạn: giai đoạn phải để trống (cả chương trình) hoặc là một trong: 1, 2",
        "dòng 5, cột Giá trị: giá trị phải là số nguyên không âm",
        "dòng 5, cột Loại chỉ tiêu: ghi “số” hoặc “%”",
        "dòng 6, cột Mã đơn vị: trùng với dòng 2",
    ]
    assert not Target.objects.exists()


def test_a_targets_file_with_a_wrong_header_is_refused(cast, campaign):
    with pytest.raises(ImportRejected) as exc:
        targets_import(acting_user=cast.upper_cdgd, campaign=campaign,
                       source=_xlsx([["HB-GD-001", "1", "%", "30"]], header=["code", "phase", "kind", "value"]),
                       filename="t.xlsx")
    assert str(exc.value.errors[0]).startswith("dòng 1: dòng tiêu đề phải là: Mã đơn vị,Giai đoạn")


# Values in a targets file: whole numbers only, within the form's limits, every problem a row error.

def _csv(rows, header=TARGET_HEADER):
    lines = [",".join(header), *(",".join(f'"{c}"' for c in row) for row in rows)]
    return io.BytesIO("\n".join(lines).encode())


def _import(cast, campaign, rows, filename):
    source = _xlsx(rows) if filename.endswith(".xlsx") else _csv(rows)
    return targets_import(acting_user=cast.upper_cdgd, campaign=campaign, source=source, filename=filename)


def _rejected(cast, campaign, rows, filename):
    with pytest.raises(ImportRejected) as exc:
        _import(cast, campaign, rows, filename)
    return [str(e) for e in exc.value.errors]


NOT_WHOLE = "dòng 3, cột Giá trị: chỉ tiêu phải là số nguyên, không có phần thập phân"


@pytest.mark.parametrize(("value", "filename"), [
    (12.5, "t.xlsx"),  # a number cell: was saved as 125
    (1.234, "t.xlsx"),  # a number cell that looks like "1.234" (one thousand two hundred…) as text
    ("2.5", "t.csv"),  # was read as 25
    ("2.5", "t.xlsx"),  # the same as a text cell
    ("12,5", "t.csv"),
    ("1.2345", "t.csv"),  # not groups of three after the dot: was read as 12345
    ("1.000,5", "t.csv"),
    ("12.0", "t.csv"),  # "." is the thousands separator: "12.0" is no Vietnamese way of writing 12
])
def test_a_target_that_is_not_a_whole_number_is_a_row_error(cast, campaign, value, filename):
    rows = [["HB-GD-001", "1", "số", "4"], ["HB-GD-002", "1", "số", value]]
    assert _rejected(cast, campaign, rows, filename) == [NOT_WHOLE]
    assert not Target.objects.exists()


@pytest.mark.parametrize("filename", ["t.xlsx", "t.csv"])
def test_a_corrected_file_is_read_with_whole_numbers_and_thousands_separators(cast, campaign, filename):
    rows = [["HB-GD-001", "1", "số", 12.5], ["HB-GD-002", "1", "số", "2.5"], ["HB-GD-001", 1.5, "số", -3]]
    assert _rejected(cast, campaign, rows, filename) == [
        "dòng 2, cột Giá trị: chỉ tiêu phải là số nguyên, không có phần thập phân", NOT_WHOLE,
        "dòng 4, cột Giai đoạn: giai đoạn phải để trống (cả chương trình) hoặc là một trong: 1, 2",
        "dòng 4, cột Giá trị: giá trị phải là số nguyên không âm"]
    # Corrected: 12.0 and 12 as numbers, "2.500" and "1.000.000" with dots between thousands, "12,0".
    twelve, one = (12.0, 1.0) if filename.endswith(".xlsx") else ("12", "1")
    rows = [["HB-GD-001", 1, "số", twelve], ["HB-GD-002", one, "số", "2.500"],
            ["HB-GD-001", "2", "số", "1.000.000"], ["HB-GD-002", 2, "%", "12,0"],
            ["HB-GD-001", "", "số", 12]]
    assert _import(cast, campaign, rows, filename) == (5, 0)
    assert set(Target.objects.values_list("unit__code", "phase_no", "kind", "value")) == {
        ("HB-GD-001", 1, "absolute", 12), ("HB-GD-002", 1, "absolute", 2500),
        ("HB-GD-001", 2, "absolute", 1000000), ("HB-GD-002", 2, "share", 12), ("HB-GD-001", 0, "absolute", 12)}


TOO_LARGE = "dòng 3, cột Giá trị: giá trị quá lớn (tối đa 1.000.000.000)"


@pytest.mark.parametrize(("value", "filename", "error"), [
    (10**9 + 1, "t.xlsx", TOO_LARGE),
    (10**12, "t.xlsx", TOO_LARGE),  # was saved
    (10**20, "t.xlsx", TOO_LARGE),  # was a 500: Python int too large to convert to SQLite INTEGER
    (1e20, "t.xlsx", TOO_LARGE),
    ("100000000000000000000", "t.csv", TOO_LARGE),
    ("1.000.000.000.000", "t.csv", TOO_LARGE),
    ("9" * 400, "t.csv", TOO_LARGE),
    ("inf", "t.csv", "dòng 3, cột Giá trị: giá trị phải là số nguyên không âm"),  # was a 500 (OverflowError)
    ("1e400", "t.csv", "dòng 3, cột Giá trị: giá trị phải là số nguyên không âm"),  # was a 500
    ("1e3", "t.csv", "dòng 3, cột Giá trị: giá trị phải là số nguyên không âm"),  # was read as 1000
    ("١٢", "t.csv", "dòng 3, cột Giá trị: giá trị phải là số nguyên không âm"),  # Arabic-Indic digits
])
def test_a_target_beyond_the_forms_limits_is_a_row_error_never_a_crash(cast, campaign, value, filename, error):
    rows = [["HB-GD-001", "1", "số", "4"], ["HB-GD-002", "1", "số", value]]
    assert _rejected(cast, campaign, rows, filename) == [error]
    assert not Target.objects.exists()


def test_the_largest_targets_the_form_allows_are_imported(cast, campaign):
    rows = [["HB-GD-001", "1", "số", 10**9], ["HB-GD-002", "1", "%", 100],
            ["HB-GD-001", "2", "số", "1.000.000.000"], ["HB-GD-002", "2", "%", "101"]]
    assert _rejected(cast, campaign, rows, "t.csv") == ["dòng 5, cột Giá trị: tỷ lệ không quá 100"]
    rows[3][3] = "100"
    assert _import(cast, campaign, rows, "t.csv") == (4, 0)
    assert Target.objects.get(unit__code="HB-GD-001", phase_no=1).value == 10**9
    rows.append(["HB-GD-002", "", "số", 10**9 + 1])
    assert _rejected(cast, campaign, rows, "t.xlsx") == [
        "dòng 6, cột Giá trị: giá trị quá lớn (tối đa 1.000.000.000)"]


def test_a_target_set_directly_has_the_forms_upper_limit(cast, campaign):
    with pytest.raises(ValidationError):
        target_set(acting_user=cast.upper_cdgd, unit=cast.tree.school, campaign=campaign, phase_no=1,
                   kind="absolute", value=10**9 + 1)
    target_set(acting_user=cast.upper_cdgd, unit=cast.tree.school, campaign=campaign, phase_no=1,
               kind="absolute", value=10**9)
    assert Target.objects.get(unit=cast.tree.school).value == 10**9


@pytest.mark.parametrize("phase", ["²", "١"])  # digits to str.isdigit, not to int(): was a 500
def test_an_odd_phase_is_a_row_error_never_a_crash(cast, campaign, phase):
    rows = [["HB-GD-001", "1", "số", "4"], ["HB-GD-002", phase, "số", "4"]]
    assert _rejected(cast, campaign, rows, "t.csv") == [
        "dòng 3, cột Giai đoạn: giai đoạn phải để trống (cả chương trình) hoặc là một trong: 1, 2"]
    assert not Target.objects.exists()


def test_a_csv_file_the_reader_cannot_read_is_refused_never_a_crash(cast, campaign):
    from sangkien.core.tabular import UnreadableFile

    source = io.BytesIO(",".join(TARGET_HEADER).encode() + b'\n"' + b"x" * 200_000 + b'",1,s\xe1\xbb\x91,4\n')
    with pytest.raises(UnreadableFile):
        targets_import(acting_user=cast.upper_cdgd, campaign=campaign, source=source, filename="t.csv")
    assert not Target.objects.exists()


def test_a_file_sent_from_a_units_page_sets_targets_below_that_unit_only(cast, campaign):
    """The province's officer may set the education union's target, but not from its page."""
    source = _xlsx([["HB-GD-001", "", "số", "5"], ["HB-GD", "", "số", "50"]])
    with pytest.raises(ImportRejected) as exc:
        targets_import(acting_user=cast.upper_hb, campaign=campaign, source=source, filename="t.xlsx",
                       within=cast.tree.cdgd)
    assert [str(e) for e in exc.value.errors] == [
        "dòng 3, cột Mã đơn vị: đơn vị “HB-GD” không thuộc cấp dưới của Công đoàn Giáo dục tỉnh Hòa Bình"]
    assert not Target.objects.exists()
    source.seek(0)
    assert targets_import(acting_user=cast.upper_hb, campaign=campaign, source=source, filename="t.xlsx",
                          within=cast.tree.hoa_binh) == (2, 0)
