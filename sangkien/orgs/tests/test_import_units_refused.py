"""Files `import_units` refuses: every bad row is named exactly, and nothing is saved."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sangkien.core.models import AuditEvent

from .conftest import tree_snapshot

GOOD = ("HB-GD-003", "HB-GD", "Công đoàn Trường Mầm non Hoa Sen", "", "grassroots", "20", "Khối mới")
KINDS = "national, province, sector, upper, grassroots, section"


def rejected_lines(path, **options):
    with pytest.raises(CommandError) as caught:
        call_command("import_units", str(path), stdout=io.StringIO(), **options)
    return str(caught.value).splitlines()


@pytest.fixture
def refuse(tree, unit_file):
    """Imports rows that must be refused; returns the error lines, having checked that the
    tree, the clusters and the audit log are exactly as before."""

    def refuse(rows, **file_options):
        before = tree_snapshot()
        lines = rejected_lines(unit_file(rows, **file_options))
        assert tree_snapshot() == before
        assert not AuditEvent.objects.filter(action="units.import").exists()
        assert lines[0].startswith("Tệp bị từ chối, không có thay đổi nào được lưu.")
        assert lines[-1] == "Dòng tiêu đề cần có: code,parent_code,name,short_name,kind,headcount,cluster"
        return lines[1:-1]

    return refuse


def test_an_unknown_parent_is_refused(refuse):
    assert refuse([GOOD, ("X", "KHONG-CO", "Tên", "", "grassroots", "", "")]) == [
        "dòng 3, cột parent_code: không có đơn vị cấp trên mã “KHONG-CO”, cả trong tệp lẫn trong hệ thống",
    ]


def test_an_unknown_kind_is_refused(refuse):
    assert refuse([("X", "HB", "Tên", "", "tinh", "", ""), GOOD]) == [
        f"dòng 2, cột kind: loại đơn vị “tinh” không có; dùng một trong các mã: {KINDS}",
    ]


def test_an_empty_kind_is_refused(refuse):
    assert refuse([GOOD, ("X", "HB", "Tên", "", "", "", "")]) == [
        f"dòng 3, cột kind: loại đơn vị không được để trống; dùng một trong các mã: {KINDS}",
    ]


def test_a_code_twice_in_the_file_is_refused(refuse):
    assert refuse([GOOD, ("X", "HB", "Tên", "", "upper", "", ""), GOOD]) == [
        "dòng 4, cột code: mã “HB-GD-003” đã có ở dòng 2",
    ]


def test_a_cycle_inside_the_file_is_refused_on_each_of_its_rows(refuse):
    assert refuse([
        ("A", "B", "Đơn vị A", "", "upper", "", ""),
        GOOD,
        ("B", "A", "Đơn vị B", "", "upper", "", ""),
    ]) == [
        "dòng 2, cột parent_code: đơn vị cấp trên tạo thành vòng lặp: A → B → A",
        "dòng 4, cột parent_code: đơn vị cấp trên tạo thành vòng lặp: A → B → A",
    ]


def test_a_cycle_through_units_already_in_the_database_is_refused(tree, refuse):
    # Hòa Bình under one of its own schools: school → education union → Hòa Bình → school.
    assert refuse([("HB", "HB-GD-001", tree.hoa_binh.name, "", "province", "", "")]) == [
        "dòng 2, cột parent_code: đơn vị cấp trên tạo thành vòng lặp: HB → HB-GD-001 → HB-GD → HB",
    ]


def test_a_unit_that_is_its_own_parent_is_refused(refuse):
    assert refuse([("X", "X", "Tên", "", "upper", "", "")]) == [
        "dòng 2, cột parent_code: đơn vị cấp trên tạo thành vòng lặp: X → X",
    ]


def test_a_negative_headcount_is_refused(refuse):
    assert refuse([GOOD, ("X", "HB", "Tên", "", "upper", "-5", "")]) == [
        "dòng 3, cột headcount: số đoàn viên không được âm (đang là “-5”)",
    ]


@pytest.mark.parametrize("value", ["abc", "1.234", "12,5", "3e2", "mười"])
def test_a_headcount_that_is_not_a_whole_number_is_refused(refuse, value):
    assert refuse([("X", "HB", "Tên", "", "upper", value, "")]) == [
        "dòng 2, cột headcount: số đoàn viên phải là số nguyên, viết liền không có dấu chấm, "
        f"ví dụ 1234 (đang là “{value}”)",
    ]


def test_an_empty_name_is_refused(refuse):
    assert refuse([GOOD, ("X", "HB", "", "Viết tắt", "upper", "", "")]) == [
        "dòng 3, cột name: tên đơn vị không được để trống",
    ]


def test_an_empty_code_is_refused(refuse):
    assert refuse([("", "HB", "Tên", "", "upper", "", ""), GOOD]) == [
        "dòng 2, cột code: mã đơn vị không được để trống",
    ]


def test_a_code_with_a_slash_is_refused(refuse):
    assert refuse([("HB/01", "HB", "Tên", "", "upper", "", "")]) == [
        "dòng 2, cột code: mã đơn vị không được chứa dấu “/”",
    ]


def test_a_wrong_header_is_refused(refuse):
    header = ("ma", "parent_code", "name", "short_name", "kind", "headcount", "cluster")
    assert refuse([GOOD], header=header) == [
        "dòng 1: dòng tiêu đề phải là: code,parent_code,name,short_name,kind,headcount,cluster "
        "(đang là: ma,parent_code,name,short_name,kind,headcount,cluster)",
    ]


def test_a_header_with_a_missing_column_is_refused(refuse):
    header = ("code", "parent_code", "name", "kind", "headcount", "cluster")
    assert refuse([GOOD[:3] + GOOD[4:]], header=header) == [
        "dòng 1: dòng tiêu đề phải là: code,parent_code,name,short_name,kind,headcount,cluster "
        "(đang là: code,parent_code,name,kind,headcount,cluster)",
    ]


def test_every_bad_row_is_listed_in_file_order(refuse):
    assert refuse([
        ("A", "KHONG-CO", "", "", "upper", "-1", ""),
        GOOD,
        ("B", "HB", "Tên", "", "xa", "nhiều", ""),
        ("A", "HB", "Tên", "", "upper", "", ""),
    ], fmt="xlsx") == [
        "dòng 2, cột headcount: số đoàn viên không được âm (đang là “-1”)",
        "dòng 2, cột name: tên đơn vị không được để trống",
        "dòng 2, cột parent_code: không có đơn vị cấp trên mã “KHONG-CO”, cả trong tệp lẫn trong hệ thống",
        "dòng 4, cột headcount: số đoàn viên phải là số nguyên, viết liền không có dấu chấm, ví dụ 1234 "
        "(đang là “nhiều”)",
        f"dòng 4, cột kind: loại đơn vị “xa” không có; dùng một trong các mã: {KINDS}",
        "dòng 5, cột code: mã “A” đã có ở dòng 2",
    ]


def test_a_parent_outside_the_given_unit_is_refused(tree, unit_file):
    before = tree_snapshot()

    lines = rejected_lines(unit_file([GOOD, ("X", "HN", "Tên", "", "grassroots", "", "")]), within="HB-GD")

    assert lines[1:-1] == [
        "dòng 3, cột parent_code: đơn vị cấp trên “HN” không thuộc phạm vi “Công đoàn Giáo dục tỉnh Hòa Bình”",
    ]
    assert tree_snapshot() == before


def test_a_file_that_is_not_utf8_is_refused(tree, tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes("code,parent_code,name,short_name,kind,headcount,cluster\nX,HB,Hòa Bình,,upper,,\n".encode("cp1252"))

    with pytest.raises(CommandError, match="Tệp CSV phải được lưu với bảng mã UTF-8."):
        call_command("import_units", str(path))


def test_a_file_of_another_kind_is_refused(tree, tmp_path):
    path = tmp_path / "units.txt"
    path.write_text("code\n", encoding="utf-8")

    with pytest.raises(CommandError, match=r"Chỉ nhận tệp \.csv hoặc \.xlsx\."):
        call_command("import_units", str(path))
