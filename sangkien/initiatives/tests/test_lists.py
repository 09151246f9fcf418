"""Lists over a unit's subtree: scope, filters, sorting, pagination, queries, escaping."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sangkien.factories import UserFactory, grant
from sangkien.initiatives.models import Field, Initiative, Phase, SolutionType, Status
from sangkien.orgs.roles import Role

from .listing import entries, page_titles, sent_initiative, signed_in

LIST = reverse("initiatives:list")


@pytest.fixture
def spread(cast):
    """Entries in the school, its sibling school and Hà Nội, one of each kind."""
    tree = cast.tree
    school = sent_initiative(unit=tree.school, created_by=cast.author, title="Đà Bắc <script>alert(1)</script>")
    sibling = sent_initiative(unit=tree.school2, created_by=cast.officer_sibling, title="Cao Phong riêng")
    hanoi_author = UserFactory(full_name="Tác giả Cầu Giấy")
    grant(hanoi_author, tree.hn_school, Role.MEMBER)
    hanoi = sent_initiative(unit=tree.hn_school, created_by=hanoi_author, title="Cầu Giấy riêng")
    return school, sibling, hanoi


def titles_for(client, user, **params):
    response = signed_in(client, user).get(LIST, params)
    assert response.status_code == 200
    return set(page_titles(response))


# ---- scope ---------------------------------------------------------------------------

def test_an_officer_sees_the_entries_of_their_unit_only(client, cast, spread):
    assert titles_for(client, cast.officer) == {"Đà Bắc <script>alert(1)</script>"}


def test_a_sibling_schools_officer_never_sees_the_school_entries(client, cast, spread):
    assert titles_for(client, cast.officer_sibling) == {"Cao Phong riêng"}
    response = client.get(LIST, {"q": "da bac"})
    assert page_titles(response) == []


def test_an_upper_officer_sees_the_whole_subtree_and_nothing_beyond(client, cast, spread):
    assert titles_for(client, cast.upper_cdgd) == {"Đà Bắc <script>alert(1)</script>", "Cao Phong riêng"}
    assert titles_for(client, cast.upper_hn) == {"Cầu Giấy riêng"}
    assert len(titles_for(client, cast.upper_national)) == 3


def test_someone_without_a_role_sees_an_empty_list_and_anonymous_is_sent_to_sign_in(client, cast, spread):
    assert titles_for(client, cast.nobody) == set()
    client.logout()
    response = client.get(LIST)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_list_narrows_to_a_descendant_unit(client, cast, spread):
    assert titles_for(client, cast.upper_cdgd, unit="HB-GD-002") == {"Cao Phong riêng"}
    assert titles_for(client, cast.upper_national, unit="HB") == {"Đà Bắc <script>alert(1)</script>",
                                                                  "Cao Phong riêng"}


def test_a_unit_outside_the_users_tree_is_not_found(client, cast, spread):
    signed_in(client, cast.officer)
    assert client.get(LIST, {"unit": "HB-GD-002"}).status_code == 404
    assert client.get(LIST, {"unit": "HN"}).status_code == 404
    assert client.get(LIST, {"unit": "NO-SUCH-UNIT"}).status_code == 404
    assert client.get(reverse("initiatives:export"), {"unit": "HN"}).status_code == 404


def test_the_subtree_is_read_as_a_range_on_unit_path_never_with_like(client, cast, spread):
    signed_in(client, cast.upper_cdgd)
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST, {"unit": "HB-GD", "status": "draft"})
    listing = [q["sql"] for q in ctx.captured_queries if "initiatives_initiative" in q["sql"]
               and '"unit_path" >=' in q["sql"]]
    assert listing, "the list reads unit_path as a range"
    assert not any("LIKE" in sql.upper() for sql in listing)


# ---- filters ---------------------------------------------------------------------------

@pytest.fixture
def varied(cast):
    """Five entries in the school, differing in every filterable way."""
    school = cast.tree.school
    research = SolutionType.RESEARCH
    other_field = Field.objects.exclude(code="giang-day").first()
    phase1, phase2 = Phase.objects.order_by("number")[:2]
    a = sent_initiative(unit=school, created_by=cast.author, title="Bếp ăn bán trú an toàn", benefit_vnd=5_000_000,
                        first_used_on=datetime.date(2022, 2, 1), phase=phase1)
    b = sent_initiative(unit=school, created_by=cast.author, title="Đổi mới sinh hoạt tổ chuyên môn",
                        solution_type=research, benefit_vnd=0, first_used_on=datetime.date(2022, 7, 1), phase=phase2)
    c = sent_initiative(unit=school, created_by=cast.author, title="Ứng dụng Zalo quản lý lớp", field=other_field,
                        benefit_vnd=20_000_000, first_used_on=datetime.date(2022, 9, 1), phase=phase2)
    d = entries(cast, 1, "submitted", title="Âm nhạc trong giờ ra chơi", phase=phase2)[0]
    e = entries(cast, 1, "confirmed", title="Chăm sóc vườn trường", phase=phase2)[0]
    # created on different days, oldest first: a, b, c, d, e
    base = timezone.now() - datetime.timedelta(days=30)
    for offset, item in enumerate([a, b, c, d, e]):
        Initiative.objects.filter(pk=item.pk).update(created_at=base + datetime.timedelta(days=offset * 5))
    # waited longest: c, then a
    Initiative.objects.filter(pk=c.pk).update(status_changed_at=base - datetime.timedelta(days=10))
    Initiative.objects.filter(pk=a.pk).update(status_changed_at=base - datetime.timedelta(days=5))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "other_field": other_field, "phase1": phase1, "base": base}


def names(client, user, varied, **params):
    response = signed_in(client, user).get(LIST, params)
    assert response.status_code == 200
    by_pk = {v.pk: k for k, v in varied.items() if hasattr(v, "pk") and isinstance(v, Initiative)}
    return [by_pk[row.pk] for row in response.context["rows"]]


def test_status_filter(client, cast, varied):
    assert names(client, cast.officer, varied, status="submitted") == ["d", "c", "b", "a"]
    assert names(client, cast.officer, varied, status="confirmed") == ["e"]


def test_solution_type_filter(client, cast, varied):
    assert names(client, cast.officer, varied, solution_type="research") == ["b"]


def test_field_filter(client, cast, varied):
    assert names(client, cast.officer, varied, field=varied["other_field"].pk) == ["c"]


def test_phase_filter(client, cast, varied):
    assert names(client, cast.officer, varied, phase=varied["phase1"].pk) == ["a"]


def test_unit_filter_and_first_use_date_range(client, cast, varied):
    got = names(client, cast.upper_cdgd, varied, unit="HB-GD-001", date_kind="first_used",
                date_from="01/6/2022", date_to="31/8/2022", sort="oldest")
    assert got == ["b"]


def test_created_date_range_in_either_format(client, cast, varied):
    base = timezone.localtime(varied["base"]).date()
    start = (base + datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    end = (base + datetime.timedelta(days=10)).isoformat()
    assert names(client, cast.officer, varied, date_kind="created", date_from=start, date_to=end,
                 sort="oldest") == ["b", "c"]


def test_text_search_ignores_tone_marks(client, cast, varied):
    assert names(client, cast.officer, varied, q="bep an ban tru") == ["a"]
    assert names(client, cast.officer, varied, q="ĐỔI MỚI") == ["b"]


def test_a_bad_date_is_reported_in_vietnamese_and_ignored(client, cast, varied):
    response = signed_in(client, cast.officer).get(LIST, {"date_from": "31/02/2022", "status": "confirmed"})
    assert response.status_code == 200
    assert "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()
    assert [r.pk for r in response.context["rows"]] == [varied["e"].pk]


def test_an_unknown_choice_is_ignored_not_an_error_page(client, cast, varied):
    response = signed_in(client, cast.officer).get(LIST, {"status": "bogus", "sort": "nope", "page": "x"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 5


# ---- sorting ---------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "expected"), [
    ("newest", ["e", "d", "c", "b", "a"]),
    ("oldest", ["a", "b", "c", "d", "e"]),
    ("title", ["d", "a", "e", "b", "c"]),  # Âm, Bếp, Chăm, Đổi, Ứng: tone marks and đ folded
    ("benefit", ["c", "a", "e", "d", "b"]),  # 20M, 5M, then 1.5M newest first, then 0
    ("waiting", ["c", "a", "b", "d", "e"]),
])
def test_sorting(client, cast, varied, key, expected):
    got = names(client, cast.officer, varied, sort=key)
    if key == "waiting":
        assert got[:2] == expected[:2]  # b, d, e moved within the same second: any order after
    else:
        assert got == expected


# ---- pagination and queries ------------------------------------------------------------

def test_pages_of_twenty_five_with_a_count(client, cast):
    entries(cast, 27)
    signed_in(client, cast.officer)
    first = client.get(LIST)
    assert len(first.context["rows"]) == 25
    page = first.context["page"]
    assert (page.total, page.num_pages, page.has_next) == (27, 2, True)
    assert "Trang 1/2" in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["rows"]) == 2 and not second.context["page"].has_next
    assert not set(page_titles(first)) & set(page_titles(second))
    # a page past the end shows the last one
    assert client.get(LIST, {"page": 99}).context["page"].number == 2


def test_a_count_above_the_cap_says_more_than(cast, monkeypatch):
    from sangkien.initiatives import lists

    entries(cast, 4)
    page = lists.paginate(Initiative.objects.order_by("pk"), 1, per_page=2, cap=3)
    assert page.capped and page.num_pages is None and page.has_next and len(page) == 2


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_list_page_queries_do_not_grow_with_the_rows(client, cast):
    signed_in(client, cast.upper_cdgd)
    entries(cast, 5, "confirmed")
    few, response = _queries(client, LIST)
    assert len(response.context["rows"]) == 5
    entries(cast, 25, "confirmed")
    many, response = _queries(client, LIST)
    assert len(response.context["rows"]) == 25
    assert many == few
    assert few <= 16


def test_waiting_page_queries_do_not_grow_with_the_rows(client, cast):
    signed_in(client, cast.officer)
    entries(cast, 5, "submitted")
    few, response = _queries(client, reverse("initiatives:waiting"))
    assert len(response.context["rows"]) == 5
    entries(cast, 25, "submitted")
    many, response = _queries(client, reverse("initiatives:waiting"))
    assert len(response.context["rows"]) == 25
    assert many == few
    assert few <= 14


def test_mine_page_queries_do_not_grow_with_the_rows(client, cast):
    signed_in(client, cast.author)
    entries(cast, 5, "returned")
    few, _r = _queries(client, reverse("initiatives:mine"))
    entries(cast, 25, "submitted")
    many, response = _queries(client, reverse("initiatives:mine"))
    assert len(response.context["rows"]) == 25
    assert many == few


# ---- htmx, escaping --------------------------------------------------------------------

def test_htmx_gets_only_the_results_fragment(client, cast, spread):
    response = signed_in(client, cast.officer).get(LIST, {"q": "da bac"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'class="filters"' in body
    assert "Đà Bắc" in body


@pytest.mark.parametrize("name", ["list", "mine", "waiting"])
def test_script_in_titles_is_escaped_on_every_list_page(client, cast, name):
    entries(cast, 1, "submitted")
    user = cast.author if name == "mine" else cast.officer
    body = signed_in(client, user).get(reverse(f"initiatives:{name}")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)</script>" not in body


def test_the_filter_form_works_without_javascript(client, cast, spread):
    body = signed_in(client, cast.officer).get(LIST).content.decode()
    assert f'<form method="get" action="{LIST}"' in body
    assert 'name="q"' in body and 'name="status"' in body and 'name="sort"' in body


def test_every_status_choice_is_offered(client, cast, spread):
    body = signed_in(client, cast.officer).get(LIST).content.decode()
    for status in Status:
        assert f'value="{status.value}"' in body
