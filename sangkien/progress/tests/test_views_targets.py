"""Targets from the dashboard: one unit, every child at once, an .xlsx file, and its template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sangkien.core.tabular import write_xlsx
from sangkien.progress.models import Target
from sangkien.progress.services import TARGET_HEADER

from . import web_fixtures

# Shared fixtures (web_fixtures.py), bound here so pytest finds them.
campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache


def post(client, unit_code, form, **fields):
    data = {"form": form, "campaign": "01-trieu-sang-kien", "phase": "0"}
    data.update({f"{form}-{k}" if k != "file" else "file-file": v for k, v in fields.items()})
    return client.post(reverse("progress:targets", args=[unit_code]), data)


def test_an_upper_officer_sees_the_target_forms_on_the_dashboard_others_do_not(cast, client_for):
    html = client_for(cast.upper_cdgd).get(reverse("progress:dashboard", args=["HB-GD"])).content.decode()
    assert "Giao chỉ tiêu cho tất cả đơn vị trực thuộc" in html
    assert 'id="chi-tieu"' in html
    for who, code in (("officer", "HB-GD-001"), ("author", "HB-GD-001")):
        html = client_for(getattr(cast, who)).get(reverse("progress:dashboard", args=[code])).content.decode()
        assert 'id="chi-tieu"' not in html, who


def test_an_upper_officer_sets_one_childs_target(cast, campaign, client_for):
    response = post(client_for(cast.upper_cdgd), "HB-GD", "one", code="HB-GD-002", phase_no="1", kind="share",
                    value="30")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("progress:dashboard", args=["HB-GD"]))
    assert "#" not in response["Location"]  # the top of the page, where the message shows
    target = Target.objects.get(unit=cast.tree.school2)
    assert (target.phase_no, target.kind, target.value, target.set_by) == (1, "share", 30, cast.upper_cdgd)


def test_one_target_is_refused_outside_the_officers_units_below(cast, client_for):
    client = client_for(cast.upper_cdgd)
    response = post(client, "HB-GD", "one", code="HN-001", phase_no="0", kind="absolute", value="3")
    assert response.status_code == 400
    assert "Không có đơn vị mã “HN-001” trong các đơn vị cấp dưới của" in response.content.decode()
    response = post(client, "HB-GD", "one", code="HB-GD", phase_no="0", kind="absolute", value="3")
    assert response.status_code == 400  # not its own unit
    assert post(client, "HB", "one", code="HB-GD", phase_no="0", kind="absolute", value="3").status_code == 403
    assert post(client_for(cast.officer), "HB-GD-001", "one", code="HB-GD-001-T1", phase_no="0",
                kind="absolute", value="3").status_code == 403
    assert post(client_for(cast.nobody), "HB-GD", "one", code="HB-GD-001", phase_no="0", kind="absolute",
                value="3").status_code == 403
    assert not Target.objects.exists()


def test_a_bad_target_is_named_beside_its_field_and_in_the_summary(cast, client_for):
    response = post(client_for(cast.upper_cdgd), "HB-GD", "one", code="HB-GD-001", phase_no="0", kind="share",
                    value="130")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html
    assert '<li><a href="#id_one-value">Tỷ lệ không quá 100%</a></li>' in html
    assert html.count("Tỷ lệ không quá 100%") == 2
    response = post(client_for(cast.upper_cdgd), "HB-GD", "all", phase_no="0", kind="absolute", value="ba")
    assert "Giá trị phải là số nguyên, ví dụ 30" in response.content.decode()
    assert not Target.objects.exists()


def test_the_same_target_for_every_child_at_once(cast, client_for):
    response = post(client_for(cast.upper_cdgd), "HB-GD", "all", phase_no="2", kind="share", value="30")
    assert response.status_code == 302
    assert set(Target.objects.values_list("unit__code", "phase_no", "value")) == {
        ("HB-GD-001", 2, 30), ("HB-GD-002", 2, 30)}
    follow = client_for(cast.upper_cdgd).get(response["Location"]).content.decode()
    assert "Đã giao chỉ tiêu cho 2 đơn vị trực thuộc (2 mới, 0 thay đổi)." in follow


def test_every_child_at_once_is_refused_to_others(cast, client_for):
    for who, code in (("officer", "HB-GD-001"), ("upper_hn", "HB-GD"), ("unit_admin", "HB-GD")):
        response = post(client_for(getattr(cast, who)), code, "all", phase_no="0", kind="absolute", value="3")
        assert response.status_code == 403, who
    assert not Target.objects.exists()


def _file(rows, header=TARGET_HEADER):
    return SimpleUploadedFile("chi-tieu.xlsx", write_xlsx(header, rows))


def test_a_targets_file_is_saved_whole(cast, client_for):
    response = post(client_for(cast.upper_cdgd), "HB-GD", "file",
                    file=_file([["HB-GD-001", "1", "%", "30"], ["HB-GD-002", "", "số", "12"]]))
    assert response.status_code == 302
    assert set(Target.objects.values_list("unit__code", "phase_no", "kind", "value")) == {
        ("HB-GD-001", 1, "share", 30), ("HB-GD-002", 0, "absolute", 12)}


def test_a_bad_targets_file_lists_every_row_error_and_saves_nothing(cast, client_for):
    rows = [
        ["HB-GD-001", "1", "%", "130"],
        ["KHONG-CO", "1", "số", "3"],
        ["HN-001", "1", "số", "3"],
        ["HB-GD-002", "7", "bao nhiêu", "-2"],
        ["HB-GD-001", "1", "số", "5"],
        ["<script>alert(1)</script>", "", "số", "1"],
    ]
    response = post(client_for(cast.upper_cdgd), "HB-GD", "file", file=_file(rows))
    html = response.content.decode()
    assert response.status_code == 400
    expected = [
        "dòng 2, cột Giá trị: tỷ lệ không quá 100",
        "dòng 3, cột Mã đơn vị: không có đơn vị mã “KHONG-CO”",
        "dòng 4, cột Mã đơn vị: đơn vị “HN-001” không thuộc cấp dưới của bạn",
        "dòng 5, cột Giai đoạn: giai đoạn phải để trống (cả chương trình) hoặc là một trong: 1, 2",
        "dòng 5, cột Giá trị: giá trị phải là số nguyên không âm",
        "dòng 5, cột Loại chỉ tiêu: ghi “số” hoặc “%”",
        "dòng 6, cột Mã đơn vị: trùng với dòng 2",
        "dòng 7, cột Mã đơn vị: không có đơn vị mã “&lt;script&gt;alert(1)&lt;/script&gt;”",
    ]
    listed = html[html.index('<section class="panel row-errors"'):]
    listed = listed[:listed.index("</section>")]
    import re

    assert re.findall(r"<li>(.*?)</li>", listed) == expected
    assert "8 lỗi trong tệp" in listed
    assert "Tệp có 6 dòng lỗi nên chưa được nhập" in html
    assert "<script>alert(1)" not in html
    assert not Target.objects.exists()


def test_an_unreadable_targets_file_is_named_as_such(cast, client_for):
    upload = SimpleUploadedFile("chi-tieu.xlsx", b"not an excel file")
    response = post(client_for(cast.upper_cdgd), "HB-GD", "file", file=upload)
    assert response.status_code == 400
    assert "Không đọc được tệp Excel (.xlsx)" in response.content.decode()


def test_a_targets_file_is_refused_to_those_who_may_not_set_targets(cast, client_for):
    for who, code in (("officer", "HB-GD-001"), ("nobody", "HB-GD"), ("upper_hn", "HB-GD")):
        response = post(client_for(getattr(cast, who)), code, "file", file=_file([["HB-GD-001", "", "số", "1"]]))
        assert response.status_code == 403, who
    assert not Target.objects.exists()


def test_the_targets_template_has_the_header_and_the_childrens_codes(cast, campaign, client_for):
    Target.objects.create(unit=cast.tree.school2, campaign=campaign, phase_no=1, kind="share", value=25)
    client = client_for(cast.upper_cdgd)
    response = client.get(reverse("progress:targets_template", args=["HB-GD"]) + "?phase=1")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == TARGET_HEADER
    assert [list(r) for r in rows[1:]] == [["HB-GD-001", "1", "số", None], ["HB-GD-002", "1", "%", 25]]
    # Filled in and sent back, it is accepted as it stands.
    filled = write_xlsx(TARGET_HEADER, [["HB-GD-001", "1", "số", 4], ["HB-GD-002", "1", "%", 25]])
    response = post(client, "HB-GD", "file", file=SimpleUploadedFile("t.xlsx", filled))
    assert response.status_code == 302
    assert Target.objects.get(unit=cast.tree.school, phase_no=1).value == 4


@pytest.mark.parametrize("who", ["officer", "nobody"])
def test_the_targets_template_is_refused_to_others(cast, client_for, who):
    code = "HB-GD-001" if who == "officer" else "HB-GD"
    assert client_for(getattr(cast, who)).get(reverse("progress:targets_template", args=[code])).status_code == 403


def test_a_targets_file_with_a_fraction_or_a_huge_value_is_listed_not_saved_never_a_500(cast, client_for):
    rows = [["HB-GD-001", "1", "số", 12.5], ["HB-GD-002", "1", "số", 10**20], ["HB-GD-001", "2", "số", "2.5"]]
    response = post(client_for(cast.upper_cdgd), "HB-GD", "file", file=_file(rows))
    assert response.status_code == 400
    html = response.content.decode()
    for error in ("dòng 2, cột Giá trị: chỉ tiêu phải là số nguyên, không có phần thập phân",
                  "dòng 3, cột Giá trị: giá trị quá lớn (tối đa 1.000.000.000)",
                  "dòng 4, cột Giá trị: chỉ tiêu phải là số nguyên, không có phần thập phân"):
        assert f"<li>{error}</li>" in html
    assert not Target.objects.exists()


def test_a_targets_file_sent_from_a_units_page_names_units_below_it_only(cast, client_for):
    rows = [["HB-GD-001", "", "số", 5], ["HB-GD", "", "số", 50]]  # the page's own unit is not below it
    response = post(client_for(cast.upper_hb), "HB-GD", "file", file=_file(rows))
    assert response.status_code == 400
    assert ("<li>dòng 3, cột Mã đơn vị: đơn vị “HB-GD” không thuộc cấp dưới của Công đoàn Giáo dục tỉnh "
            "Hòa Bình</li>") in response.content.decode()
    assert not Target.objects.exists()


def test_every_hint_and_error_the_target_forms_point_to_is_on_the_page(cast, client_for):
    import re

    client = client_for(cast.upper_cdgd)
    for html in (client.get(reverse("progress:dashboard", args=["HB-GD"])).content.decode(),
                 post(client, "HB-GD", "one", code="", phase_no="0", kind="absolute", value="x").content.decode()):
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        pointed = {i for found in re.findall(r'aria-describedby="([^"]+)"', html) for i in found.split()}
        assert pointed and pointed <= ids, pointed - ids
