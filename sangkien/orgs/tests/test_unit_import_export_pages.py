"""Importing and exporting a subtree from the unit's pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sangkien.core.models import AuditEvent
from sangkien.factories import UserFactory, grant, make_unit
from sangkien.orgs.importing import COLUMNS
from sangkien.orgs.models import Unit
from sangkien.orgs.roles import Role

from .conftest import tree_snapshot

HOSTILE = "<script>alert(1)</script>"
SCOPE = "“Công đoàn Giáo dục tỉnh Hòa Bình”"


def import_url(unit):
    return reverse("orgs:import", args=[unit.code])


def export_url(unit):
    return reverse("orgs:export", args=[unit.code])


def upload(path):
    return {"file": SimpleUploadedFile(path.name, path.read_bytes())}


def test_a_unit_admin_imports_a_file_into_their_subtree(tree, cast, sign_in, unit_file):
    path = unit_file([
        ("HB-GD-003", "HB-GD", "Công đoàn Trường Mầm non Hoa Sen", "", "grassroots", "20", ""),
        ("HB-GD-002", "HB-GD", tree.school2.name, "", "grassroots", "1234", ""),
    ])
    client = sign_in(cast.admin)

    response = client.post(import_url(tree.cdgd), upload(path), follow=True)

    assert response.redirect_chain == [(reverse("orgs:detail", args=["HB-GD"]), 302)]
    html = response.content.decode()
    assert "Đã nhập 2 dòng: 1 đơn vị mới, 1 đơn vị được cập nhật, 0 đơn vị không thay đổi." in html
    assert Unit.objects.get(code="HB-GD-003").path == tree.cdgd.path + "0003"
    assert Unit.objects.get(code="HB-GD-002").headcount == 1234
    assert "1.234" in html
    event = AuditEvent.objects.get(action="units.import")
    assert (event.actor, event.unit, event.message) == (cast.admin, tree.cdgd, "units.csv")


def test_a_unit_admin_may_update_their_own_unit_in_place(tree, cast, sign_in, unit_file):
    path = unit_file([("HB-GD", "HB", tree.cdgd.name, "CĐGD", "upper", "900", "")], fmt="xlsx")

    response = sign_in(cast.admin).post(import_url(tree.cdgd), upload(path))

    assert response.status_code == 302
    assert Unit.objects.get(code="HB-GD").headcount == 900


def test_rows_reaching_outside_the_subtree_are_all_listed_and_nothing_is_saved(tree, cast, sign_in, unit_file):
    path = unit_file([
        ("HB-GD-003", "HB-GD", "Công đoàn Trường Mầm non Hoa Sen", "", "grassroots", "20", ""),
        ("HN-001", "HB-GD", "Chuyển trường Hà Nội sang", "", "grassroots", "", ""),
        ("X1", "HN", "Trường mới ở Hà Nội", "", "grassroots", "", ""),
        ("X2", "", "Một gốc mới", "", "national", "", ""),
        ("HB-GD", "HN", tree.cdgd.name, "", "upper", "", ""),
        ("X3", "HB", "Trường mới ở tỉnh", "", "grassroots", "", ""),
        ("X4", HOSTILE, "Tên", "", "grassroots", "", ""),
    ])
    before = tree_snapshot()

    response = sign_in(cast.admin).post(import_url(tree.cdgd), upload(path))

    html = response.content.decode()
    assert response.status_code == 200
    assert tree_snapshot() == before
    assert not AuditEvent.objects.filter(action="units.import").exists()
    assert 'class="error-summary"' in html and 'href="#id_file"' in html
    assert "Tệp có 6 dòng lỗi nên chưa được nhập, không có thay đổi nào được lưu." in html
    for line in [
        f"dòng 3, cột code: đơn vị “HN-001” không thuộc phạm vi {SCOPE} nên không được sửa ở đây",
        f"dòng 4, cột parent_code: đơn vị cấp trên “HN” không thuộc phạm vi {SCOPE}",
        f"dòng 5, cột parent_code: cần mã đơn vị cấp trên thuộc phạm vi {SCOPE}",
        "dòng 6, cột parent_code: không được đổi đơn vị cấp trên của “HB-GD”, đơn vị bạn đang quản trị "
        "(phải là “HB”)",
        f"dòng 7, cột parent_code: đơn vị cấp trên “HB” không thuộc phạm vi {SCOPE}",
        "dòng 8, cột parent_code: không có đơn vị cấp trên mã “&lt;script&gt;alert(1)&lt;/script&gt;”, "
        "cả trong tệp lẫn trong hệ thống",
    ]:
        assert f"<li>{line}</li>" in html
    assert HOSTILE not in html


def test_a_missing_file_is_named_in_the_error_summary(tree, cast, sign_in):
    response = sign_in(cast.admin).post(import_url(tree.cdgd), {})

    html = response.content.decode()
    assert '<a href="#id_file">Chọn tệp danh sách đơn vị để tải lên</a>' in html
    assert "field-error" in html


def test_a_file_of_another_kind_is_refused_beside_the_field(tree, cast, sign_in):
    data = {"file": SimpleUploadedFile("don-vi.pdf", b"%PDF-1.4")}

    response = sign_in(cast.admin).post(import_url(tree.cdgd), data)

    assert "Tệp phải có đuôi .xlsx hoặc .csv" in response.content.decode()


@pytest.mark.parametrize(("who", "unit"), [
    ("officer", "school"),  # inside, without the admin role
    ("upper", "cdgd"),  # an upper officer may export, not import
    ("neighbour", "cdgd"),  # a unit admin beside it
    ("admin", "hoa_binh"),  # the admin's own parent, above their reach
])
def test_the_import_page_is_refused_to_others(tree, cast, sign_in, unit_file, who, unit):
    target = getattr(tree, unit)
    client = sign_in(getattr(cast, who))
    before = tree_snapshot()
    path = unit_file([("X", target.code, "Tên", "", "grassroots", "", "")])

    assert client.get(import_url(target)).status_code == 403
    assert client.post(import_url(target), upload(path)).status_code == 403
    assert tree_snapshot() == before


def test_the_import_page_asks_anonymous_visitors_to_sign_in(tree, client):
    response = client.get(import_url(tree.cdgd))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_superuser_may_import_anywhere(tree, cast, sign_in, unit_file):
    path = unit_file([("HN-002", "HN", "Công đoàn Bệnh viện Bạch Mai", "", "grassroots", "", "")])

    assert sign_in(cast.superuser).post(import_url(tree.ha_noi), upload(path)).status_code == 302
    assert Unit.objects.filter(code="HN-002").exists()


def read_export(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple("" if cell is None else cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def test_the_export_lists_the_subtree_in_the_import_columns(tree, cast, sign_in):
    response = sign_in(cast.admin).get(export_url(tree.cdgd))

    assert response["Content-Disposition"] == 'attachment; filename="don-vi-HB-GD.xlsx"'
    assert read_export(response) == [
        COLUMNS,
        ("HB-GD", "HB", "Công đoàn Giáo dục tỉnh Hòa Bình", "", "upper", 0, ""),
        ("HB-GD-001", "HB-GD", "Công đoàn Trường THPT Đà Bắc", "", "grassroots", 60, ""),
        ("HB-GD-001-T1", "HB-GD-001", "Tổ công đoàn Toán", "", "section", 12, ""),
        ("HB-GD-002", "HB-GD", "Công đoàn Trường Tiểu học Cao Phong", "", "grassroots", 35, ""),
    ]


def test_an_export_imports_back_unchanged(tree, cast, sign_in, tmp_path):
    from sangkien.orgs.models import Cluster

    school = make_unit(code="HB-GD-007", name=f"=HYPERLINK(\"http://x\") {HOSTILE}", short_name="+1",
                       kind_code="grassroots", parent=tree.cdgd, headcount=5,
                       cluster=Cluster.objects.create(name="Khối <b>trường</b>"))
    make_unit(code="007", name="-Tổ 1", kind_code="section", parent=school)
    client = sign_in(cast.admin)
    exported = client.get(export_url(tree.cdgd)).content
    before = tree_snapshot()
    path = tmp_path / "don-vi-HB-GD.xlsx"
    path.write_bytes(exported)

    response = client.post(import_url(tree.cdgd), upload(path), follow=True)

    assert "Đã nhập 6 dòng: 0 đơn vị mới, 0 đơn vị được cập nhật, 6 đơn vị không thay đổi." in (
        response.content.decode()
    )
    assert tree_snapshot() == before


def test_the_whole_tree_exported_by_a_superuser_reimports_unchanged_from_the_command(tree, cast, sign_in, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "all.xlsx"
    path.write_bytes(sign_in(cast.superuser).get(export_url(tree.national)).content)
    before = tree_snapshot()
    out = io.StringIO()

    call_command("import_units", str(path), stdout=out)

    assert "8 đơn vị không thay đổi" in out.getvalue()
    assert tree_snapshot() == before


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("admin", "cdgd", 200),
    ("upper", "cdgd", 200),  # an upper officer of the province above
    ("superuser", "ha_noi", 200),
    ("officer", "school", 403),
    ("neighbour", "cdgd", 403),
    ("admin", "hoa_binh", 403),
])
def test_the_export_is_for_unit_admins_and_upper_officers_over_their_subtree(tree, cast, sign_in, who, unit,
                                                                              status):
    assert sign_in(getattr(cast, who)).get(export_url(getattr(tree, unit))).status_code == status


def test_a_member_may_not_export(tree, sign_in):
    member = UserFactory()
    grant(member, tree.cdgd, Role.MEMBER)

    assert sign_in(member).get(export_url(tree.cdgd)).status_code == 403
