import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from sangkien.accounts.models import User
from sangkien.core.models import AuditEvent
from sangkien.orgs.models import Membership

HEADER = "full_name,email,phone,unit_code,role"


def write_csv(tmp_path, lines, *, bom=True, name="thanh-vien.csv"):
    path = tmp_path / name
    text = "\r\n".join([HEADER, *lines]) + "\r\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_members", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot():
    return (
        sorted(User.objects.values_list("pk", "full_name", "email", "phone")),
        sorted(Membership.objects.values_list("user_id", "unit_id", "role")),
        AuditEvent.objects.count(),
    )


def rejected(path, *args):
    """The error lines for a refused file, having checked that nothing at all was saved."""
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        run(path, *args)
    assert "Không lưu gì" in str(exc.value)
    assert snapshot() == before
    assert mail.outbox == []
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_members", str(path), *args, stderr=err)
    return err.getvalue().splitlines()


# ── Good files ───────────────────────────────────────────────────────────────────────────


def test_a_csv_with_a_byte_order_mark_creates_people_roles_and_invitations(tmp_path, cast, django_capture_on_commit_callbacks):
    path = write_csv(tmp_path, [
        "Phạm Thị Hoa,Hoa.Pham@truong.edu.vn,0912 000 111,HB-GD-001,member",
        "Phạm Thị Hoa,hoa.pham@truong.edu.vn,,HB-GD-001,officer",
        "Phạm Thị Hoa,,+84 912 000 111,HB-GD-002,council",
        "Đinh Văn Sơn,,0987.000.222,HB-GD-002,member",
    ])
    with django_capture_on_commit_callbacks(execute=True):
        out, _err = run(path)
    hoa = User.objects.get(email="hoa.pham@truong.edu.vn")
    son = User.objects.get(phone="+84987000222")
    assert (hoa.full_name, hoa.phone, hoa.has_usable_password()) == ("Phạm Thị Hoa", "+84912000111", False)
    assert (son.full_name, son.email, son.has_usable_password()) == ("Đinh Văn Sơn", None, False)
    assert hoa.sort_name.startswith("h0o0a0 ")  # bulk-created, yet sortable by given name
    assert set(Membership.objects.filter(user=hoa).values_list("unit__code", "role")) == {
        ("HB-GD-001", "member"), ("HB-GD-001", "officer"), ("HB-GD-002", "council")}
    assert set(Membership.objects.filter(user=son).values_list("unit__code", "role")) == {("HB-GD-002", "member")}
    assert [m.to for m in mail.outbox] == [["hoa.pham@truong.edu.vn"]]
    assert "Thành viên Hội đồng sáng kiến, Công đoàn Trường Tiểu học Cao Phong" in mail.outbox[0].body
    assert "/tai-khoan/loi-moi/" in mail.outbox[0].body
    assert "Đã nhập 4 dòng: 2 người mới (1 được gửi thư mời), 4 vai trò được cấp, 0 vai trò đã có từ trước." in out
    assert AuditEvent.objects.filter(action="members.import", actor=None).count() == 1
    assert AuditEvent.objects.filter(action="membership.grant", data__source="import").count() == 4


def test_a_csv_without_a_byte_order_mark_reads_the_same(tmp_path, cast):
    run(write_csv(tmp_path, ["Phạm Thị Hoa,hoa@example.vn,,HB-GD-001,member"], bom=False))
    assert User.objects.get(email="hoa@example.vn").full_name == "Phạm Thị Hoa"


def test_an_xlsx_file_with_a_phone_that_lost_its_zero_is_read(tmp_path, cast, django_capture_on_commit_callbacks):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["Vũ Minh Anh", "anh.vu@example.vn", 912333444, "HB-GD-001", "editor"])
    sheet.append(["Vũ Minh Anh", None, "0912 333 444", "HB-GD-001-T1", "member"])
    path = tmp_path / "danh-sach.xlsx"
    workbook.save(path)
    with django_capture_on_commit_callbacks(execute=True):
        run(path)
    anh = User.objects.get(phone="+84912333444")
    assert anh.email == "anh.vu@example.vn"
    assert set(Membership.objects.filter(user=anh).values_list("unit__code", "role")) == {
        ("HB-GD-001", "editor"), ("HB-GD-001-T1", "member")}
    assert len(mail.outbox) == 1


def test_an_existing_person_is_given_roles_and_kept_as_they_are(tmp_path, cast):
    path = write_csv(tmp_path, [
        f"Tên trong tệp,{cast.member.email.upper()},,HB-GD-001,member",
        f"Tên trong tệp,{cast.member.email},,HB-GD-002,officer",
    ])
    out, _err = run(path)
    cast.member.refresh_from_db()
    assert cast.member.full_name == "Đoàn viên Đà Bắc"
    assert set(Membership.objects.filter(user=cast.member).values_list("unit__code", "role")) == {
        ("HB-GD-001", "member"), ("HB-GD-002", "officer")}
    assert "0 người mới" in out and "1 vai trò được cấp, 1 vai trò đã có từ trước" in out
    assert mail.outbox == []


def test_importing_as_a_unit_admin_inside_their_subtree_works(tmp_path, cast):
    path = write_csv(tmp_path, ["Bùi Thu Trang,trang@example.vn,,HB-GD-001-T1,unit_admin"])
    run(path, "--as", "0912 345 678")  # the admin, by phone
    assert Membership.objects.filter(user__email="trang@example.vn", role="unit_admin", granted_by=cast.admin).exists()
    assert AuditEvent.objects.filter(action="members.import", actor=cast.admin).exists()


# ── Bad files: every bad row listed, nothing saved ───────────────────────────────────────


@pytest.mark.parametrize(("lines", "expected"), [
    ([",a@example.vn,,HB-GD-001,member"], "dòng 2, cột full_name: thiếu họ và tên"),
    (["Lê A,a@example,,HB-GD-001,member"], "dòng 2, cột email: thư điện tử “a@example” không đúng dạng"),
    (["Lê A,,12345,HB-GD-001,member"], "dòng 2, cột phone: số điện thoại “12345” không hợp lệ"),
    (["Lê A,,,HB-GD-001,member"], "dòng 2, cột email: cần có thư điện tử hoặc số điện thoại"),
    (["Lê A,a@example.vn,,,member"], "dòng 2, cột unit_code: thiếu mã đơn vị"),
    (["Lê A,a@example.vn,,HB-GD-999,member"], "dòng 2, cột unit_code: không có đơn vị nào mã “HB-GD-999”"),
    (["Lê A,a@example.vn,,HB-GD-001,boss"],
     "dòng 2, cột role: vai trò “boss” không hợp lệ; chỉ dùng: member, officer, upper_officer, editor, council, "
     "unit_admin"),
    (["Lê A,a@example.vn,,HB-GD-001,member", "Lê Văn A,a@example.vn,,HB-GD-002,member"],
     "dòng 3, cột full_name: cùng một người với dòng 2 nhưng họ và tên khác (“Lê A”)"),
    (["Lê A,a@example.vn,0912000001,HB-GD-001,member", "Lê A,,0912 000 001,HB-GD-001,member"],
     "dòng 3: trùng với dòng 2 (cùng người, cùng đơn vị, cùng vai trò)"),
    (["Lê A,a@example.vn,0912000001,HB-GD-001,member", "Lê A,a@example.vn,0912000002,HB-GD-002,member"],
     "dòng 3, cột phone: người này (dòng 2) đã có số điện thoại khác"),
    (["Lê A,a@example.vn,,HB-GD-001,member", "Lê B,,0912000001,HB-GD-001,member",
      "Lê A,a@example.vn,0912000001,HB-GD-002,member"],
     "dòng 4, cột phone: thư điện tử và số điện thoại ở dòng này thuộc về hai người khác nhau (dòng 2 và dòng 3)"),
])
def test_each_kind_of_bad_row_is_reported_exactly(tmp_path, cast, lines, expected):
    assert rejected(write_csv(tmp_path, lines)) == [expected]


def test_an_email_of_one_existing_person_and_a_phone_of_another_is_a_bad_row(tmp_path, cast):
    path = write_csv(tmp_path, [f"Lê A,{cast.member.email},0912 345 678,HB-GD-001,officer"])
    assert rejected(path) == [
        "dòng 2, cột phone: thư điện tử thuộc về một người dùng đã có, còn số điện thoại thuộc về người dùng khác"]


def test_a_wrong_header_is_refused(tmp_path, cast):
    path = tmp_path / "sai.csv"
    path.write_text("ho_ten,email,phone,unit_code,role\nLê A,a@example.vn,,HB-GD-001,member\n", encoding="utf-8")
    assert rejected(path) == [
        "dòng 1: dòng tiêu đề phải là: full_name,email,phone,unit_code,role "
        "(đang là: ho_ten,email,phone,unit_code,role)"]


def test_every_bad_row_is_listed_not_only_the_first(tmp_path, cast):
    path = write_csv(tmp_path, [
        "Lê A,a@example.vn,,HB-GD-001,member",
        ",b@example.vn,,HB-GD-001,member",
        "Lê C,c@example.vn,,HB-GD-001,member",
        "Lê D,d@example.vn,,NOPE,member",
    ])
    assert rejected(path) == [
        "dòng 3, cột full_name: thiếu họ và tên",
        "dòng 5, cột unit_code: không có đơn vị nào mã “NOPE”",
    ]


def test_importing_as_a_unit_admin_outside_their_subtree_is_refused(tmp_path, cast):
    path = write_csv(tmp_path, ["Lê A,a@example.vn,,HB-GD-001,member", "Lê B,b@example.vn,,HN-001,member",
                                "Lê C,c@example.vn,,HB,member"])
    assert rejected(path, "--as", cast.admin.email) == [
        "dòng 3, cột unit_code: bạn không có quyền mời người dùng vào đơn vị “HN-001”",
        "dòng 4, cột unit_code: bạn không có quyền mời người dùng vào đơn vị “HB”",
    ]


def test_importing_as_an_officer_who_may_not_invite_is_refused(tmp_path, cast):
    path = write_csv(tmp_path, ["Lê A,a@example.vn,,HB-GD-001,member"])
    assert rejected(path, "--as", cast.upper.email) == [
        "dòng 2, cột unit_code: bạn không có quyền mời người dùng vào đơn vị “HB-GD-001”"]


def test_an_unknown_acting_user_or_file_stops_the_command(tmp_path, cast):
    path = write_csv(tmp_path, ["Lê A,a@example.vn,,HB-GD-001,member"])
    with pytest.raises(CommandError, match="Không có người dùng"):
        run(path, "--as", "khong-co@example.vn")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run(tmp_path / "khong-co.csv")
    other = tmp_path / "danh-sach.txt"
    other.write_text(HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match=r"Chỉ nhận tệp \.csv hoặc \.xlsx"):
        run(other)
    assert not User.objects.filter(email="a@example.vn").exists()


def test_a_refused_file_exits_with_a_non_zero_status(tmp_path, cast, capsys):
    from django.core.management import ManagementUtility

    path = write_csv(tmp_path, ["Lê A,,,HB-GD-001,member"])
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_members", str(path)]).execute()
    assert exc.value.code == 1
    assert "dòng 2, cột email: cần có thư điện tử hoặc số điện thoại" in capsys.readouterr().err


# ── The same import from the members page ────────────────────────────────────────────────


def upload(client, code, content, name="ds.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("accounts:unit_members_import", args=[code]),
                       {"file": SimpleUploadedFile(name, content.encode("utf-8-sig"), content_type="text/csv")})


def test_a_unit_admin_imports_from_the_members_page(client, cast, sign_in, django_capture_on_commit_callbacks):
    sign_in(cast.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "HB-GD-001", f"{HEADER}\nNgô Lan,lan@example.vn,,HB-GD-001,member\n")
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="lan@example.vn", unit__code="HB-GD-001", granted_by=cast.admin).exists()
    assert len(mail.outbox) == 1
    assert "Đã nhập 1 dòng" in client.get(response["Location"]).content.decode()


def test_a_bad_upload_lists_every_row_escaped_and_saves_nothing(client, cast, sign_in):
    sign_in(cast.admin)
    before = snapshot()
    response = upload(client, "HB-GD-001", f"{HEADER}\n<script>x</script>,a@example.vn,,HB-GD-001,member\n"
                                           "Lê Hai,a@example.vn,,HB-GD-001,officer\nLê Ba,b@example.vn,,HN-001,member\n")
    assert response.status_code == 400
    body = response.content.decode()
    assert "dòng 3, cột full_name: cùng một người với dòng 2 nhưng họ và tên khác (“&lt;script&gt;x&lt;/script&gt;”)" in body
    assert "dòng 4, cột unit_code: bạn không có quyền mời người dùng vào đơn vị “HN-001”" in body
    assert "<script>x</script>" not in body
    assert snapshot() == before


def test_an_upload_that_is_not_csv_or_xlsx_is_refused_beside_the_field(client, cast, sign_in):
    sign_in(cast.admin)
    response = upload(client, "HB-GD-001", "x", name="ds.pdf")
    assert response.status_code == 400
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in response.content.decode()


@pytest.mark.parametrize(("who", "code"), [("officer", "HB-GD-001"), ("upper", "HB-GD"), ("admin", "HN-001")])
def test_importing_from_a_page_one_may_not_invite_on_is_refused(client, cast, sign_in, who, code):
    sign_in(getattr(cast, who))
    response = upload(client, code, f"{HEADER}\nNgô Lan,lan@example.vn,,{code},member\n")
    assert response.status_code == 403
    assert not User.objects.filter(email="lan@example.vn").exists()
