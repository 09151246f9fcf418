"""Dashboards: exact figures, access over the tree, constant queries, htmx parts and export."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sangkien.core.formatting import vn_date
from sangkien.factories import make_initiative, make_unit
from sangkien.initiatives.tests.conftest import drive
from sangkien.progress import recount, selectors, versions
from sangkien.progress.models import Target

from . import web_fixtures

# Shared fixtures (web_fixtures.py), bound here so pytest finds them.
campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(code, **params):
    from django.utils.http import urlencode

    return reverse("progress:dashboard", args=[code]) + (f"?{urlencode(params)}" if params else "")


@pytest.fixture
def entries(cast):
    """Five entries of the Đà Bắc school in different states (titles carry <script>)."""
    made = {}
    for state, benefit in (("approved", 2_000_000), ("honoured", 3_000_000), ("confirmed", 700_000),
                           ("submitted", 100_000), ("draft", 999)):
        item = make_initiative(unit=cast.tree.school, created_by=cast.author, benefit_vnd=benefit,
                               title=f"Sáng kiến {state} <script>alert(1)</script>")
        made[state] = drive(item, cast, state)
    return made


def figure(html, name):
    import re

    match = re.search(rf'data-figure="{name}">([^<]*)<', html)
    return match.group(1).strip() if match else None


def test_the_dashboard_shows_the_figures_the_selectors_and_a_recount_give(cast, entries, campaign, client_for):
    Target.objects.create(unit=cast.tree.cdgd, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=8)
    response = client_for(cast.upper_cdgd).get(url("HB-GD"))
    assert response.status_code == 200
    html = response.content.decode()
    figures = selectors.unit_figures(cast.tree.cdgd, campaign)
    assert (figures.counted, figures.entries, figures.benefit, figures.people) == (2, 4, 5_000_000, 1)
    assert recount.drift() == []
    assert figure(html, "counted") == "2"
    assert figure(html, "benefit") == "5.000.000 đ"
    assert figure(html, "people") == "1"
    assert figure(html, "percent") == "25%"
    assert '<progress id="target-progress" max="100" value="25.0"' in html
    for value, _label, _count, _benefit in selectors.status_rows(figures):
        assert f'<tr data-status="{value}">' in html
    assert '<tr data-status="submitted"><th scope="row">Chờ CĐCS xác nhận</th><td class="num">1</td>' in html
    assert "data-status=\"draft\"" not in html
    # Titles never appear on a dashboard, escaped or not.
    assert "Sáng kiến approved" not in html and "<script>alert(1)" not in html


def test_a_phase_shows_only_that_phases_figures(cast, entries, campaign, client_for):
    client = client_for(cast.upper_cdgd)
    html = client.get(url("HB-GD", campaign=campaign.code, phase=1)).content.decode()
    assert figure(html, "counted") == "2"  # first used on 01/3/2022: phase 1
    assert '<option value="1" selected>' in html
    html = client.get(url("HB-GD", campaign=campaign.code, phase=2)).content.decode()
    assert figure(html, "counted") == "0"
    assert '<option value="2" selected>' in html
    # Participants are counted over the whole campaign, and say so when a phase is shown.
    assert "(cả chương trình)" in html
    assert "(cả chương trình)" not in client.get(url("HB-GD")).content.decode()


def test_the_unit_target_stands_beside_the_sum_of_its_childrens(cast, campaign, client_for):
    tree = cast.tree
    Target.objects.create(unit=tree.cdgd, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=40)
    Target.objects.create(unit=tree.school, campaign=campaign, kind=Target.Kind.SHARE, value=30)  # 18 of 60
    Target.objects.create(unit=tree.school2, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=11)
    Target.objects.create(unit=tree.section, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=500)  # grandchild
    html = client_for(cast.upper_cdgd).get(url("HB-GD")).content.decode()
    assert "Đạt 0 trên chỉ tiêu 40 sáng kiến." in html
    assert "Tổng chỉ tiêu đã giao cho các đơn vị trực thuộc: 29 sáng kiến (2/2 đơn vị đã được giao)." in html
    # A unit with nothing below it has no children's sum to show.
    html = client_for(cast.upper_cdgd).get(url("HB-GD-002")).content.decode()
    assert "Đạt 0 trên chỉ tiêu 11 sáng kiến." in html and "Tổng chỉ tiêu đã giao" not in html
    assert "Xếp hạng đơn vị trực thuộc" not in html and "Đơn vị trực thuộc chưa có sáng kiến" not in html


@pytest.mark.parametrize(("who", "allowed", "refused"), [
    ("upper_cdgd", ["HB-GD", "HB-GD-001", "HB-GD-001-T1"], ["HB", "HN-001"]),
    ("officer", ["HB-GD-001", "HB-GD-001-T1"], ["HB-GD", "HB-GD-002"]),
    ("upper_hn", ["HN", "HN-001"], ["HB-GD", "TLD"]),
    ("upper_national", ["TLD", "HN-001"], []),
    ("nobody", [], ["TLD", "HB-GD-001"]),
])
def test_a_dashboard_opens_inside_the_users_subtree_and_nowhere_else(cast, campaign, client_for, who, allowed,
                                                                        refused):
    client = client_for(getattr(cast, who))
    for code in allowed:
        assert client.get(url(code)).status_code == 200, code
        assert client.get(reverse("progress:export", args=[code])).status_code == 200, code
    for code in refused:
        response = client.get(url(code))
        assert response.status_code == 403, code
        assert "Tiến độ của" not in response.content.decode()
        assert client.get(reverse("progress:export", args=[code])).status_code == 403, code


def test_a_dashboard_needs_a_signed_in_user_and_an_existing_unit(cast, client, client_for):
    response = client.get(url("HB-GD"))
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    assert client_for(cast.upper_national).get(url("KHONG-CO")).status_code == 404


def test_the_default_dashboard_is_the_users_top_unit(cast, client_for):
    assert client_for(cast.upper_hb).get(reverse("progress:default"))["Location"] == url("HB")
    assert client_for(cast.officer).get(reverse("progress:default"))["Location"] == url("HB-GD-001")
    response = client_for(cast.nobody).get(reverse("progress:default"))
    assert response.status_code == 200
    assert "Bạn chưa có vai trò ở đơn vị nào" in response.content.decode()


def test_the_breadcrumb_links_only_the_ancestors_the_user_may_view(cast, client_for):
    html = client_for(cast.upper_cdgd).get(url("HB-GD-001")).content.decode()
    assert f'<a href="{url("HB-GD")}?campaign=01-trieu-sang-kien&amp;phase=0">' in html
    assert f'href="{url("HB")}?' not in html and f'href="{url("TLD")}?' not in html
    assert "<span>Liên đoàn Lao động tỉnh Hòa Bình</span>" in html


def _children(parent, n, start=0):
    for i in range(start, start + n):
        make_unit(code=f"{parent.code}-C{i:02d}", name=f"Công đoàn trường số {i}", kind_code="grassroots",
                  parent=parent, headcount=10 + i)


def test_a_dashboard_takes_the_same_queries_with_2_or_40_children(cast, entries, campaign, client_for,
                                                                   django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.upper_cdgd)
    pages = [url("HB-GD"), url("HB-GD", order="percent", page=2), reverse("progress:export", args=["HB-GD"])]
    for page in pages:
        client.get(page)  # warm: session, consent

    def counts():
        out = []
        for page in pages:
            versions.bump_all()  # the cached body is stale: count the queries of a full render
            with CaptureQueriesContext(connection) as captured:
                assert client.get(page).status_code == 200
            out.append(len(captured))
        with CaptureQueriesContext(connection) as captured:
            client.get(url("HB-GD", order="per100"), HTTP_HX_TARGET="ranked", **HTMX)
        out.append(len(captured))
        return out

    with_two = counts()
    _children(cast.tree.cdgd, 38)
    for i, child in enumerate(cast.tree.cdgd.get_children()[:30]):
        Target.objects.create(unit=child, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=i + 1)
    with_forty = counts()
    assert with_two == with_forty
    # And the page itself, counted by pytest-django for the record: cold, then from the cache.
    versions.bump_all()
    with django_assert_num_queries(with_forty[0]):
        client.get(url("HB-GD"))
    with CaptureQueriesContext(connection) as captured:
        client.get(url("HB-GD"))
    assert len(captured) < with_forty[0] - 5


def test_children_are_ranked_three_ways_and_paginated_25_a_page(cast, entries, campaign, client_for):
    _children(cast.tree.cdgd, 28)
    client = client_for(cast.upper_cdgd)
    html = client.get(url("HB-GD")).content.decode()
    assert "Trang 1/2" in html
    first = html.index("Công đoàn Trường THPT Đà Bắc")  # the only child with counted entries comes first
    assert first < html.index("Công đoàn trường số 0")
    assert f'href="{url("HB-GD-001")}?campaign=01-trieu-sang-kien&amp;phase=0"' in html
    page2 = client.get(url("HB-GD", page=2), HTTP_HX_TARGET="ranked", **HTMX)
    part = page2.content.decode()
    assert "<html" not in part and "Trang 2/2" in part
    assert part.count('<td class="num" data-label="Hạng">') == 5
    assert '<td class="num" data-label="Hạng">26</td>' in part
    per100 = client.get(url("HB-GD", order="per100"), HTTP_HX_TARGET="ranked", **HTMX).content.decode()
    assert 'aria-current="true" class="tab-current">Trên 100 đoàn viên' in per100
    assert "3,33" in per100  # 2 counted for 60 members


def test_children_without_entries_are_listed_and_paginated(cast, entries, client_for):
    _children(cast.tree.cdgd, 30)
    client = client_for(cast.upper_cdgd)
    html = client.get(url("HB-GD")).content.decode()
    assert "31 đơn vị trực thuộc chưa gửi sáng kiến nào." in html  # school2 and the 30 new ones
    part = client.get(url("HB-GD", trang=2), HTTP_HX_TARGET="no-entries", **HTMX).content.decode()
    assert "<html" not in part and "Trang 2/2" in part
    assert "Công đoàn Trường THPT Đà Bắc" not in part


def test_the_weekly_chart_comes_with_its_data_table(cast, entries, client_for):
    html = client_for(cast.upper_cdgd).get(url("HB-GD")).content.decode()
    assert '<svg class="chart"' in html and 'role="img"' in html
    details = html[html.index('<details class="panel chart-data">'):]
    assert "<table>" in details[:2000] and "Tuần bắt đầu" in details[:2000]
    assert '<td class="num">4</td>' in details[:3000]  # four entries sent this week
    # The caption says which weeks the chart covers (one here: this week's Monday).
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    day = vn_date(monday)
    assert f"từ {day} đến {day}: tối đa 26 tuần gần nhất có hoạt động." in html


def test_the_export_holds_the_units_figures_then_the_ranked_children(cast, entries, campaign, client_for):
    response = client_for(cast.upper_cdgd).get(reverse("progress:export", args=["HB-GD"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Thứ hạng", "Mã đơn vị", "Tên đơn vị", "Số đoàn viên")
    assert [r[1] for r in rows[1:]] == ["HB-GD", "HB-GD-001", "HB-GD-002"]
    own = dict(zip(header, rows[1], strict=True))
    assert own["Được tính (đã duyệt trở lên)"] == 2
    assert own["Giá trị làm lợi (đồng)"] == 5_000_000
    assert own["Chờ CĐCS xác nhận"] == 1 and own["CĐCS đã xác nhận"] == 1
    assert own["Người tham gia"] == 1
    assert dict(zip(header, rows[2], strict=True))["Thứ hạng"] == 1


HOSTILE = "<script>alert('x')</script>"


def test_script_in_unit_names_is_escaped_on_every_page(cast, entries, campaign, client_for):
    tree = cast.tree
    make_unit(code="HB-GD-X", name=f"Trường {HOSTILE}", short_name=f"T {HOSTILE}", kind_code="grassroots",
              parent=tree.cdgd)
    tree.cdgd.name = f"Công đoàn Giáo dục {HOSTILE}"
    tree.cdgd.short_name = f"CĐGD {HOSTILE}"
    tree.cdgd.save()
    client = client_for(cast.upper_hb)
    pages = [url("HB-GD"), url("HB-GD-X"), url("HB-GD-001"), reverse("progress:targets", args=["HB-GD"]),
             reverse("progress:embed", args=["HB-GD"]), reverse("core:home")]
    for page in pages:
        html = client.get(page).content.decode()
        assert "<script>alert" not in html, page
    assert "&lt;script&gt;" in client.get(url("HB-GD")).content.decode()


def test_the_weekly_trend_jumps_over_a_long_silence(cast, campaign):
    """A late approval years after the campaign does not push its history off the chart."""
    from sangkien.progress import dashboard
    from sangkien.progress.counters import weekly_bump

    school = cast.tree.school
    for day, n in ((datetime.date(2023, 5, 1), 3), (datetime.date(2023, 5, 15), 2), (datetime.date(2026, 11, 23), 1)):
        weekly_bump(unit_path=school.path, campaign_id=campaign.pk, when=day, approved=n)
    weeks = dashboard.trend(school, campaign)
    assert [(w, a) for w, _s, _c, a in weeks] == [
        (datetime.date(2023, 5, 1), 3), (datetime.date(2023, 5, 8), 0),  # a quiet week between: drawn
        (datetime.date(2023, 5, 15), 2), (datetime.date(2026, 11, 23), 1)]  # three years: jumped over
    assert len(dashboard.trend(school, campaign, limit=2)) == 2
