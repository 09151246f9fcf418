"""The list page's filter selects and rows, built in Python (lists.py) instead of Django's
widget templates and per-row lookups: the same markup, the same choices, nothing unescaped."""

import re

import pytest
from django.urls import reverse

from sangkien.core import memo
from sangkien.factories import make_unit
from sangkien.initiatives import lists
from sangkien.initiatives.models import Campaign, Field, Phase

from .listing import entries, signed_in

LIST = reverse("initiatives:list")
SELECTS = ("status", "solution_type", "field", "phase", "date_kind", "sort")


def _select(body, name):
    found = re.search(rf'<select name="{name}"[^>]*>.*?</select>', body, re.S)
    assert found, f"no select named {name}"
    return found.group(0)


def _flat(html):
    """A select as (its attributes, its markup inside): whitespace between tags (Django's
    widget templates indent) and the order of attributes do not matter."""
    opening, inside = re.match(r"<select([^>]*)>(.*)</select>", html.strip(), re.S).groups()
    return sorted(re.findall(r'([\w-]+)="([^"]*)"', opening)), re.sub(
        r">\s+<", "><", inside.strip()
    )


@pytest.fixture
def options(db):
    hostile = Field.objects.create(
        code="hostile", name="Lĩnh vực <script>alert(1)</script>", position=1
    )
    Field.objects.create(code="hidden", name="Lĩnh vực đã tắt", position=2, is_active=False)
    campaign = Campaign.objects.first()
    phase = Phase.objects.filter(campaign=campaign).first() if campaign else None
    return hostile, phase


@pytest.mark.parametrize(
    "params",
    [
        {},
        {
            "status": "approved",
            "sort": "title",
            "date_kind": "first_used",
            "solution_type": "technical",
        },
        {"status": "no-such-status", "sort": "sideways", "field": "999999", "phase": "abc"},
        {"field": "{field}", "phase": "{phase}"},
    ],
)
def test_the_filter_selects_are_the_ones_djangos_select_widget_renders(
    client, cast, options, params
):
    hostile, phase = options
    params = {
        k: v.format(field=hostile.pk, phase=phase.pk if phase else "") for k, v in params.items()
    }
    response = signed_in(client, cast.upper_cdgd).get(LIST, params)
    assert response.status_code == 200
    body = response.content.decode()
    form = response.context["form"]
    for name in SELECTS:
        assert _flat(_select(body, name)) == _flat(str(form[name])), name


def test_a_field_name_is_escaped_and_an_inactive_field_is_not_offered(client, cast, options):
    body = signed_in(client, cast.upper_cdgd).get(LIST).content.decode()
    field_select = _select(body, "field")
    assert "Lĩnh vực &lt;script&gt;alert(1)&lt;/script&gt;" in field_select
    assert "<script>alert(1)" not in field_select
    assert "Lĩnh vực đã tắt" not in field_select


def test_an_invalid_filter_is_marked_invalid_and_listed_in_the_summary(client, cast):
    body = signed_in(client, cast.upper_cdgd).get(LIST, {"field": "999999"}).content.decode()
    assert 'aria-invalid="true"' in _select(body, "field")
    assert 'aria-describedby="id_field_error"' in _select(body, "field")
    assert re.search(r'id="id_field_error"><span class="error-message">', body)
    assert "aria-invalid" not in _select(body, "status")
    assert '<a href="#id_field">' in body


def test_the_unit_select_offers_the_way_up_the_unit_and_its_children_by_name(client, cast, tree):
    make_unit(
        code="HB-GD-000",
        name="Công đoàn Trường Mầm non An Bình",
        kind_code="grassroots",
        parent=tree.cdgd,
    )
    body = signed_in(client, cast.upper_national).get(LIST, {"unit": "HB-GD"}).content.decode()
    got = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', _select(body, "unit"))
    assert got == [
        ("TLD", "", tree.national.name),
        ("HB", "", tree.hoa_binh.name),
        ("HB-GD", " selected", tree.cdgd.name),
        ("HB-GD-000", "", "— Công đoàn Trường Mầm non An Bình"),
        ("HB-GD-001", "", f"— {tree.school.name}"),
        ("HB-GD-002", "", f"— {tree.school2.name}"),
    ]


def test_the_unit_select_stops_at_the_users_own_top_unit(client, cast):
    body = signed_in(client, cast.upper_cdgd).get(LIST, {"unit": "HB-GD-001"}).content.decode()
    codes = re.findall(r'<option value="([^"]*)"', _select(body, "unit"))
    assert codes[:2] == ["HB-GD", "HB-GD-001"]
    assert "HB" not in codes and "TLD" not in codes


def test_the_unit_select_caps_the_children_and_not_the_way_up(cast, tree, monkeypatch):
    for n in range(4):
        make_unit(
            code=f"HB-GD-9{n}",
            name=f"Công đoàn Trường số {n}",
            kind_code="grassroots",
            parent=tree.cdgd,
        )
    monkeypatch.setattr(lists, "UNIT_CHOICES_CAP", 2)
    capped = lists.scope_choices(
        cast.upper_national, lists.list_scope(cast.upper_national, "HB-GD")
    )
    # children by name: "… số 0", "… số 1" come before "… THPT Đà Bắc"
    assert [code for code, _n, _p in capped] == ["TLD", "HB", "HB-GD", "HB-GD-90", "HB-GD-91"]
    monkeypatch.setattr(lists, "UNIT_CHOICES_CAP", 300)
    memo.clear_all()
    scope = lists.list_scope(cast.upper_national, "HB-GD")
    assert len(lists.scope_choices(cast.upper_national, scope)) == 3 + 6


# ---- kept per process, seen at once when they change ----------------------------------------


def test_a_renamed_added_or_removed_unit_shows_in_the_unit_select_on_the_next_request(
    client, cast, tree
):
    signed_in(client, cast.upper_cdgd)
    assert tree.school.name in _select(client.get(LIST, {"unit": "HB-GD"}).content.decode(), "unit")
    tree.school.name = "Công đoàn Trường THPT Đà Bắc (đổi tên)"
    tree.school.save()
    unit_select = _select(client.get(LIST, {"unit": "HB-GD"}).content.decode(), "unit")
    assert "— Công đoàn Trường THPT Đà Bắc (đổi tên)</option>" in unit_select
    added = make_unit(
        code="HB-GD-003", name="Công đoàn Trường mới", kind_code="grassroots", parent=tree.cdgd
    )
    assert "Công đoàn Trường mới" in _select(
        client.get(LIST, {"unit": "HB-GD"}).content.decode(), "unit"
    )
    added.delete()
    assert "Công đoàn Trường mới" not in _select(
        client.get(LIST, {"unit": "HB-GD"}).content.decode(), "unit"
    )


def test_a_renamed_unit_shows_in_the_heading_on_the_next_request(client, cast, tree):
    signed_in(client, cast.upper_cdgd)
    assert tree.cdgd.name in client.get(LIST, {"unit": "HB-GD"}).content.decode()
    tree.cdgd.name = "Công đoàn ngành Giáo dục tỉnh Hòa Bình"
    tree.cdgd.save()
    body = client.get(LIST, {"unit": "HB-GD"}).content.decode()
    assert "<h1>Sáng kiến — Công đoàn ngành Giáo dục tỉnh Hòa Bình</h1>" in body


def test_a_new_or_renamed_phase_shows_in_the_phase_select_on_the_next_request(client, cast):
    signed_in(client, cast.upper_cdgd)
    client.get(LIST, {"unit": "HB-GD"})
    campaign = Campaign.objects.first()
    phase = Phase.objects.create(
        campaign=campaign,
        number=9,
        name="Giai đoạn thử",
        starts_on="2030-01-01",
        ends_on="2030-12-31",
    )
    body = client.get(LIST, {"unit": "HB-GD"}).content.decode()
    assert f'<option value="{phase.pk}">Giai đoạn thử</option>' in _select(body, "phase")
    phase.name = "Giai đoạn thử (sửa)"
    phase.save()
    body = client.get(LIST, {"unit": "HB-GD", "phase": phase.pk}).content.decode()
    assert f'<option value="{phase.pk}" selected>Giai đoạn thử (sửa)</option>' in _select(
        body, "phase"
    )


def test_a_row_shows_its_link_status_unit_authors_and_benefit(client, cast):
    (entry,) = entries(cast, 1, "confirmed", benefit_vnd=1234567)
    body = signed_in(client, cast.upper_cdgd).get(LIST).content.decode()
    row = re.search(r"<tbody>.*?</tbody>", body, re.S).group(0)
    assert f'<a class="row-title" href="{reverse("initiatives:detail", args=[entry.pk])}">' in row
    assert "Sáng kiến 0 &lt;script&gt;alert(1)&lt;/script&gt;" in row
    assert f'<span class="tag status-confirmed">{entry.get_status_display()}</span>' in row
    assert f'<td data-label="Đơn vị">{cast.tree.school.name}</td>' in row
    names = ", ".join(a.full_name for a in entry.authors.all())
    assert names and f'<span class="row-meta">{names}</span>' in row
    assert "1.234.567 đ" in row


# ---- the rows (templatetags/initiative_rows.py) ----------------------------------------------


def _rows(body):
    return re.search(r"<tbody>.*?</tbody>", body, re.S).group(0)


def test_a_confidential_row_shows_an_outsider_its_public_part_only(client, cast):
    from sangkien.factories import make_initiative

    from .conftest import drive

    drive(
        make_initiative(
            unit=cast.tree.school,
            created_by=cast.author,
            title="Mật <b>1</b>",
            confidential=True,
            effect_summary="Tóm tắt <i>công khai</i>",
            rewards="Giấy khen <script>x</script>",
            benefit_vnd=987_654_321,
            authors=[{"full_name": "Phạm Bí Danh", "user": cast.author, "share": 100}],
        ),
        cast,
        "submitted",
    )
    row = _rows(signed_in(client, cast.other_member).get(LIST).content.decode())
    assert re.search(r'Mật &lt;b&gt;1&lt;/b&gt;</a>\s+<span class="tag">Mật</span>', row)
    assert '<span class="row-meta">Tóm tắt &lt;i&gt;công khai&lt;/i&gt;</span>' in row
    assert (
        '<span class="row-meta">Khen thưởng: Giấy khen &lt;script&gt;x&lt;/script&gt;</span>' in row
    )
    assert '<span class="muted">Không công khai</span>' in row
    assert "Phạm Bí Danh" not in row and "987.654.321" not in row
    full = _rows(signed_in(client, cast.officer).get(LIST).content.decode())
    assert '<span class="row-meta">Phạm Bí Danh</span>' in full and "987.654.321 đ" in full


def test_an_officer_row_has_a_labelled_checkbox_for_the_moves_it_allows(client, cast):
    (entry,) = entries(cast, 1, "submitted")
    body = signed_in(client, cast.officer).get(LIST).content.decode()
    row = _rows(body)
    assert (
        f'<input type="checkbox" name="pick" value="{entry.pk}:{entry.version}" id="pick-{entry.pk}">'
        in row
    )
    assert (
        f'<label for="pick-{entry.pk}"><span class="visually-hidden">'
        "Chọn “Sáng kiến 0 &lt;script&gt;alert(1)&lt;/script&gt;”</span></label>" in row
    )
    assert '<th scope="col"><span class="visually-hidden">Chọn</span></th>' in body
    # someone who may move nothing gets no checkbox column
    assert 'name="pick"' not in signed_in(client, cast.other_member).get(LIST).content.decode()


def test_a_waiting_row_has_its_days_its_quick_move_and_a_link_for_the_others(client, cast):
    (entry,) = entries(cast, 1, "submitted")
    row = _rows(
        signed_in(client, cast.officer).get(reverse("initiatives:waiting")).content.decode()
    )
    assert '<td data-label="Đã chờ" class="num">0 ngày</td>' in row
    assert (
        f'<button type="submit" class="button" name="one" value="{entry.pk}:{entry.version}:confirm">'
        "Xác nhận</button>" in row
    )
    detail = reverse("initiatives:detail", args=[entry.pk])
    assert f'<a href="{detail}">Trả lại, không duyệt hoặc khen thưởng…</a>' in row


# ---- the count of a unit's list filtered by status (lists.counted_total) --------------------


def _count(client, **params):
    """The count the page says (read from its text: a page kept whole renders no template)."""
    response = client.get(LIST, params)
    assert response.status_code == 200
    said = re.search(r"trong ([\d.]+) sáng kiến", response.content.decode())
    return int(said[1].replace(".", "")) if said else 0


def test_a_units_count_by_status_is_the_number_of_its_entries_and_follows_each_move(client, cast):
    from sangkien.initiatives.workflow import initiative_move

    entries(cast, 3, "submitted")
    confirmed = entries(cast, 2, "confirmed")
    signed_in(client, cast.upper_cdgd)
    for unit in ("HB-GD", "HB-GD-001", "HB-GD-002"):
        for status in ("", "submitted", "confirmed", "approved", "draft"):
            scope = lists.list_scope(cast.upper_cdgd, unit)
            values = {"status": status} if status else {}
            expected = lists.initiatives_list(cast.upper_cdgd, scope, values).count()
            assert lists.counted_total(scope, values) == expected, (unit, status)
            assert _count(client, unit=unit, status=status) == expected, (unit, status)
    assert _count(client, unit="HB-GD", status="confirmed") == 2
    initiative_move(acting_user=cast.upper_cdgd, initiative=confirmed[0], action="approve")
    assert _count(client, unit="HB-GD", status="confirmed") == 1
    assert _count(client, unit="HB-GD", status="approved") == 1
    assert _count(client, unit="HB-GD") == 5


def test_a_narrowing_filter_or_a_list_without_unit_counts_the_entries_themselves(client, cast):
    entries(cast, 2, "submitted")
    scope = lists.list_scope(cast.upper_cdgd, "HB-GD")
    assert lists.counted_total(scope, {"status": "submitted", "q": "sáng kiến"}) is None
    assert lists.counted_total(scope, {"solution_type": "technical"}) is None
    assert lists.counted_total(lists.list_scope(cast.upper_cdgd), {"status": "submitted"}) is None
    signed_in(client, cast.upper_cdgd)
    assert _count(client, unit="HB-GD", status="submitted", q="không có chữ này") == 0
    assert _count(client, status="submitted") == 2
