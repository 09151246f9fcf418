"""Any filtered list to .xlsx and .csv: Vietnamese headers, numbers, dates, no formulas."""

import codecs
import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sangkien.factories import make_initiative
from sangkien.initiatives import exporting

from .conftest import drive
from .listing import entries, sent_initiative, signed_in

EXPORT = reverse("initiatives:export")


def download(client, **params):
    response = client.get(EXPORT, params)
    assert response.status_code == 200, response.content[:300]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def read_csv(body):
    assert body.startswith(codecs.BOM_UTF8)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(body):
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return [[cell for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def hostile(cast):
    return drive(make_initiative(
        unit=cast.tree.school, created_by=cast.author, title="=cmd()", effect_summary="+1 tiết kiệm",
        rewards="@SUM(A1)", benefit_vnd=12_345_678, first_used_on=datetime.date(2022, 6, 3),
        decision_date=datetime.date(2022, 9, 5), effect="-2+3 <script>alert(1)</script>",
        authors=[{"full_name": "=HYPERLINK(\"http://x\")", "share": 100, "user": cast.author}],
    ), cast, "submitted")


def test_csv_has_a_bom_vietnamese_headers_and_no_formulas(client, cast, hostile):
    response, body = download(signed_in(client, cast.officer), format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = read_csv(body)
    header = rows[0]
    assert header[:3] == ["Mã số", "Tên sáng kiến", "Mã đơn vị"]
    assert "Giá trị làm lợi (đồng)" in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["Tên sáng kiến"] == "'=cmd()"
    assert row["Tóm tắt hiệu quả"] == "'+1 tiết kiệm"
    assert row["Khen thưởng"] == "'@SUM(A1)"
    assert row["Hiệu quả"] == "'-2+3 <script>alert(1)</script>"  # plain text, not HTML-escaped
    assert row["Tác giả"] == "'=HYPERLINK(\"http://x\") (100%)"
    assert row["Giá trị làm lợi (đồng)"] == "12345678"
    assert row["Ngày áp dụng"] == "03/06/2022" and row["Ngày quyết định"] == "05/09/2022"
    assert row["Trạng thái"] == "Chờ CĐCS xác nhận" and row["Công đoàn cơ sở"] == cast.tree.school.name


def test_xlsx_keeps_text_as_text_money_as_numbers_and_dates_as_dd_mm_yyyy(client, cast, hostile):
    response, body = download(signed_in(client, cast.officer), format="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(body)
    header = [c.value for c in rows[0]]
    assert header == exporting.headers()
    row = dict(zip(header, rows[1], strict=True))
    title = row["Tên sáng kiến"]
    assert title.value == "=cmd()" and title.data_type == "s"  # text, never a formula
    for name in ("Tóm tắt hiệu quả", "Khen thưởng", "Hiệu quả", "Tác giả"):
        assert row[name].data_type == "s", name
    assert row["Hiệu quả"].value == "-2+3 <script>alert(1)</script>"
    assert row["Giá trị làm lợi (đồng)"].value == 12_345_678
    assert row["Giá trị làm lợi (đồng)"].data_type == "n"
    assert row["Ngày áp dụng"].value == "03/06/2022"


def test_the_export_follows_the_lists_filters_scope_and_sort(client, cast):
    entries(cast, 2, "submitted", title="Nộp {n}")
    entries(cast, 1, "draft", title="Nháp {n}")
    sent_initiative(unit=cast.tree.school2, created_by=cast.officer_sibling, title="Trường bên cạnh")
    signed_in(client, cast.upper_cdgd)
    _r, body = download(client, format="csv", status="submitted", sort="title")
    assert [r[1] for r in read_csv(body)[1:]] == ["Nộp 0", "Nộp 1", "Trường bên cạnh"]
    _r, body = download(client, format="csv", unit="HB-GD-002")
    assert [r[1] for r in read_csv(body)[1:]] == ["Trường bên cạnh"]
    _r, body = download(signed_in(client, cast.officer), format="xlsx")
    # drafts are their author's own: never in a list, so never in an export
    assert sorted(c[1].value for c in read_xlsx(body)[1:]) == ["Nộp 0", "Nộp 1"]


def test_an_export_over_the_limit_asks_to_narrow_the_list(client, cast, monkeypatch):
    monkeypatch.setattr(exporting, "MAX_ROWS", 2)
    entries(cast, 3)
    response = signed_in(client, cast.officer).get(EXPORT, {"format": "csv"})
    assert response.status_code == 400
    assert "thu hẹp danh sách" in response.content.decode()


def test_export_reads_in_chunks_with_a_constant_number_of_queries(cast, django_assert_max_num_queries, monkeypatch):
    from sangkien.initiatives.models import Initiative

    monkeypatch.setattr(exporting, "CHUNK", 10)
    entries(cast, 25)
    with django_assert_max_num_queries(3 * 2 + 2):  # per chunk: the rows and their authors
        rows = list(exporting.rows(Initiative.objects.order_by("pk"), cast.officer))
    assert len(rows) == 25


def test_csv_cells_are_guarded_only_when_they_start_like_a_formula():
    assert [exporting.csv_safe(v) for v in ["=1", "+1", "-1", "@a", "\tx", "a=b", 5, None, ""]] == [
        "'=1", "'+1", "'-1", "'@a", "'\tx", "a=b", 5, "", ""]


def test_export_needs_a_signed_in_user(client, db):
    assert client.get(EXPORT, {"format": "csv"}).status_code == 302
