"""The import page: upload, a preview that saves nothing, then the import of the kept file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sangkien.accounts.models import Consent, PrivacyNotice
from sangkien.factories import make_initiative
from sangkien.initiatives.import_template import template_xlsx
from sangkien.initiatives.importing import COLUMNS, EXAMPLE_TITLE
from sangkien.initiatives.models import (
    Author,
    Campaign,
    Field,
    Initiative,
    Notification,
    Status,
    Transition,
)
from sangkien.initiatives.views_import import SESSION_KEY, upload_dir

from .importfiles import csv_bytes, row

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> Sổ tay"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    return tmp_path / "uploads"


def signed_in(user):
    notice = PrivacyNotice.current()
    if notice is not None:
        Consent.objects.get_or_create(user=user, notice=notice)
    client = Client()
    client.force_login(user)
    return client


def counts():
    return (Initiative.objects.count(), Author.objects.count(), Transition.objects.count(),
            Notification.objects.count())


def upload(client, data, name="sang-kien.csv", **fields):
    fields.setdefault("campaign", Campaign.objects.get(code="01-trieu-sang-kien").pk)
    return client.post(reverse("initiatives:import"), {"file": SimpleUploadedFile(name, data), **fields})


# ---- who may ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer", "upper_cdgd", "unit_admin"])
def test_officers_see_the_page_and_the_template_link(cast, who):
    response = signed_in(getattr(cast, who)).get(reverse("initiatives:import"))

    assert response.status_code == 200
    assert reverse("initiatives:import_template") in response.content.decode()


@pytest.mark.parametrize("who", ["author", "other_member", "nobody"])
@pytest.mark.parametrize("url", ["initiatives:import", "initiatives:import_template"])
def test_members_and_people_without_a_role_are_refused(cast, who, url):
    assert signed_in(getattr(cast, who)).get(reverse(url)).status_code == 403


def test_members_may_not_upload_or_import_either(cast):
    client = signed_in(cast.author)
    assert upload(client, csv_bytes([row()])).status_code == 403
    assert client.post(reverse("initiatives:import_run"), {"token": "x"}).status_code == 403
    assert counts() == (0, 0, 0, 0)


def test_anonymous_visitors_are_sent_to_sign_in(cast):
    response = Client().get(reverse("initiatives:import"))

    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_confirm_box_is_offered_only_to_cdcs_officers(cast):
    assert 'name="confirm"' in signed_in(cast.officer).get(reverse("initiatives:import")).content.decode()
    assert 'name="confirm"' not in signed_in(cast.upper_cdgd).get(reverse("initiatives:import")).content.decode()


def test_a_cdcs_officer_finds_their_cdcs_filled_in(cast):
    page = signed_in(cast.officer).get(reverse("initiatives:import")).content.decode()

    assert 'value="HB-GD-001"' in page


# ---- preview, then import ----------------------------------------------------------------------


def test_the_preview_shows_the_rows_as_they_will_be_saved_and_saves_nothing(cast, uploads):
    client = signed_in(cast.officer)
    rows = [row(title=HOSTILE, authors="Lê Văn <b>Nam</b>"), row(title="Góc đọc sách", benefit="")]

    response = upload(client, csv_bytes(rows))

    page = response.content.decode()
    assert response.status_code == 200
    assert counts() == (0, 0, 0, 0)
    assert "Nhập 2 sáng kiến" in page
    assert "2 sáng kiến của 1 CĐCS" in page and "“Chờ CĐCS xác nhận”" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Sổ tay" in page
    assert "<script>alert" not in page and "<b>Nam</b>" not in page
    assert "1.500.000 đ" in page and "07/3/2022" in page and "Giải pháp quản lý" in page
    assert "Giai đoạn 1" in page
    assert len(list(uploads.iterdir())) == 1  # kept on the server for the import


def test_importing_after_the_preview_saves_the_kept_file(cast, uploads):
    client = signed_in(cast.officer)
    upload(client, csv_bytes([row(title=HOSTILE), row(title="Góc đọc sách")]))
    token = client.session[SESSION_KEY]["token"]

    response = client.post(reverse("initiatives:import_run"), {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("initiatives:import")
    assert "Đã nhập 2 sáng kiến của 1 CĐCS, trạng thái “Chờ CĐCS xác nhận”." in response.content.decode()
    entry = Initiative.objects.get(title=HOSTILE)  # stored as typed; every page escapes it
    assert entry.status == Status.SUBMITTED and entry.created_by == cast.officer
    assert list(uploads.iterdir()) == [] and SESSION_KEY not in client.session


def test_the_import_does_not_trust_anything_the_browser_sends_back(cast, uploads):
    client = signed_in(cast.officer)
    upload(client, csv_bytes([row()]))

    response = client.post(reverse("initiatives:import_run"), {"token": "guessed", "title": "Khác"}, follow=True)

    assert "Không còn tệp đã tải lên để nhập. Hãy chọn lại tệp." in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_another_session_cannot_import_someone_elses_upload(cast):
    client = signed_in(cast.officer)
    upload(client, csv_bytes([row()]))
    token = client.session[SESSION_KEY]["token"]

    other = signed_in(cast.upper_cdgd)
    other.post(reverse("initiatives:import_run"), {"token": token})

    assert counts() == (0, 0, 0, 0)


def test_a_file_that_went_bad_since_the_preview_is_refused_with_its_errors(cast):
    client = signed_in(cast.officer)
    upload(client, csv_bytes([row()]))
    make_initiative(unit=cast.tree.school, created_by=cast.author, title=row()[1])  # entered meanwhile
    before = counts()

    response = client.post(reverse("initiatives:import_run"), {"token": client.session[SESSION_KEY]["token"]})

    assert response.status_code == 400
    assert "dòng 2, cột Tên sáng kiến: CĐCS “HB-GD-001” đã có sáng kiến tên" in response.content.decode()
    assert counts() == before


def test_confirm_from_the_page_submits_and_confirms(cast):
    client = signed_in(cast.officer)
    response = upload(client, csv_bytes([row()]), confirm="on")
    assert "“CĐCS đã xác nhận”" in response.content.decode()

    client.post(reverse("initiatives:import_run"), {"token": client.session[SESSION_KEY]["token"]})

    entry = Initiative.objects.get()
    assert entry.status == Status.CONFIRMED
    assert list(entry.transitions.values_list("action", flat=True)) == ["submit", "confirm"]


def test_a_default_cdcs_fills_empty_codes(cast):
    client = signed_in(cast.officer)
    upload(client, csv_bytes([row(unit="")]), unit_code="HB-GD-001")
    client.post(reverse("initiatives:import_run"), {"token": client.session[SESSION_KEY]["token"]})

    assert Initiative.objects.get().unit == cast.tree.school


def test_similar_titles_are_flagged_in_the_preview(cast):
    existing = make_initiative(unit=cast.tree.school, created_by=cast.author,
                               title="Sổ tay điện tử theo dõi chuyên cần học sinh lớp chủ nhiệm")

    page = upload(signed_in(cast.officer), csv_bytes([row()])).content.decode()

    assert "1 sáng kiến có tên gần giống sáng kiến khác cùng CĐCS" in page
    assert reverse("initiatives:detail", args=[existing.pk]) in page


# ---- refusals ----------------------------------------------------------------------------------


def test_a_bad_file_lists_every_bad_row_and_saves_nothing(cast, uploads):
    rows = [row(), row(title="Hai", authors="An (50%)"), row(title="Ba", first_used="1/1/2020")]

    response = upload(signed_in(cast.officer), csv_bytes(rows))

    page = response.content.decode()
    assert response.status_code == 400
    assert "Chưa nhập được: tệp có 2 lỗi. Không có gì được lưu." in page
    assert "<li>dòng 3, cột Tác giả: tổng tỷ lệ đóng góp phải bằng 100% (đang là 50%)</li>" in page
    assert ("<li>dòng 4, cột Ngày áp dụng: ngày áp dụng phải trong thời gian của chương trình, "
            "từ 01/9/2021 đến 01/9/2023</li>") in page
    assert reverse("initiatives:import_run") not in page and counts() == (0, 0, 0, 0)
    assert list(uploads.iterdir()) == []


def test_rows_of_units_outside_the_subtree_are_refused(cast):
    response = upload(signed_in(cast.officer), csv_bytes([row(unit="HN-001")]))

    assert response.status_code == 400
    assert "dòng 2, cột Mã CĐCS: CĐCS “HN-001” không thuộc phạm vi bạn quản lý" in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_a_default_cdcs_outside_the_subtree_is_refused(cast):
    response = upload(signed_in(cast.officer), csv_bytes([row(unit="")]), unit_code="HB-GD-002")

    assert response.status_code == 400
    assert "Bạn không thể nhập sáng kiến cho đơn vị “HB-GD-002”." in response.content.decode()
    assert SESSION_KEY not in signed_in(cast.officer).session


def test_confirm_by_someone_who_may_not_confirm_there_is_refused(cast):
    from sangkien.factories import grant
    from sangkien.orgs.roles import Role

    grant(cast.upper_cdgd, cast.tree.school2, Role.OFFICER)  # offered the box, but not for school
    response = upload(signed_in(cast.upper_cdgd), csv_bytes([row()]), confirm="on")

    assert response.status_code == 400
    assert "dòng 2, cột Mã CĐCS: bạn không có quyền xác nhận sáng kiến của CĐCS “HB-GD-001”" in \
        response.content.decode()


def test_other_file_types_are_refused(cast):
    response = upload(signed_in(cast.officer), b"%PDF-1.4", name="sang-kien.pdf")

    assert response.status_code == 400
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.content.decode()


# ---- the template ------------------------------------------------------------------------------


def load(data):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def test_the_template_has_the_headers_an_example_drop_downs_and_a_guide(cast):
    response = signed_in(cast.officer).get(reverse("initiatives:import_template"))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "mau-nhap-sang-kien.xlsx" in response["Content-Disposition"]
    book = load(response.content)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet["A2"].value == "HB-GD-001" and sheet["B2"].value == EXAMPLE_TITLE
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert validations == {
        "D2:D20001": "'Danh mục'!$A$2:$A$6",
        "E2:E20001": f"'Danh mục'!$B$2:$B${Field.objects.filter(is_active=True).count() + 1}",
        "J2:J20001": "'Danh mục'!$C$2:$C$6",
    }
    lists = book["Danh mục"]
    assert [lists.cell(r, 1).value for r in range(2, 7)] == [
        "Giải pháp kỹ thuật", "Giải pháp quản lý", "Giải pháp tác nghiệp", "Giải pháp ứng dụng tiến bộ kỹ thuật",
        "Đề tài nghiên cứu khoa học"]
    assert [lists.cell(r, 3).value for r in range(2, 7)] == ["Đơn vị", "Huyện", "Tỉnh", "Ngành", "Toàn quốc"]
    guide = book["Hướng dẫn"]
    explained = [guide.cell(r, 1).value for r in range(1, guide.max_row + 1)]
    assert all(name in explained for name in COLUMNS)


def test_the_template_filled_in_from_its_own_lists_imports(cast, tmp_path):
    import datetime

    from django.core.management import call_command

    book = load(template_xlsx(campaign=Campaign.objects.get(code="01-trieu-sang-kien"), unit_code="HB-GD-001"))
    sheet, lists = book.worksheets[0], book["Danh mục"]
    sheet.delete_rows(2)  # the example row
    for n in range(2, 5):
        sheet.append(["HB-GD-001", f"Sáng kiến từ tệp mẫu số {n}", "Trần Thị Bình (70%); Lê Văn Nam (30%)",
                      lists.cell(n, 1).value, lists.cell(n, 2).value, "", "Nội dung", "Hiệu quả", 1200000,
                      lists.cell(n, 3).value, datetime.datetime(2022, n, 10), "", "", None])  # noqa: DTZ001
    path = tmp_path / "tu-mau.xlsx"
    book.save(path)

    call_command("import_initiatives", str(path), "--as", cast.officer.email, stdout=io.StringIO())

    assert Initiative.objects.count() == 3
    assert sorted(Initiative.objects.values_list("solution_type", "scope")) == [
        ("management", "district"), ("operational", "province"), ("technical", "unit")]


def test_the_example_row_left_in_the_template_is_refused(cast, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_xlsx(campaign=Campaign.objects.get(code="01-trieu-sang-kien"), unit_code="HB-GD-001"))

    with pytest.raises(CommandError):
        call_command("import_initiatives", str(path), "--as", cast.officer.email, stderr=io.StringIO())
    assert Initiative.objects.count() == 0


def test_names_in_the_template_that_look_like_formulas_stay_text(cast):
    Field.objects.create(code="cong-thuc", name="=HYPERLINK(\"http://x\",\"bấm\")", position=0)
    Field.objects.create(code="cong", name="+1+2", position=1)
    Field.objects.create(code="a-cong", name="@SUM(A1)", position=2)

    book = load(signed_in(cast.officer).get(reverse("initiatives:import_template")).content)

    lists = book["Danh mục"]
    hostile = {"=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "@SUM(A1)"}
    cells = [lists.cell(r, 2) for r in range(2, lists.max_row + 1) if lists.cell(r, 2).value in hostile]
    assert len(cells) == 3
    assert {c.data_type for c in cells} == {"s"}
    assert book.worksheets[0]["E2"].data_type == "s"


def test_the_nav_links_officers_to_the_import(cast):
    page = signed_in(cast.officer).get(reverse("initiatives:import")).content.decode()
    assert 'data-nav="import"' in page

    page = signed_in(cast.author).get("/").content.decode()
    assert 'data-nav="import"' not in page


def test_uploads_are_kept_outside_media(settings):
    from pathlib import Path

    settings.IMPORT_UPLOAD_DIR = ""
    assert not str(upload_dir()).startswith(str(Path(settings.MEDIA_ROOT)))
