"""The unit list, search and unit page: who sees what, escaping, and the number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.factories import UserFactory, grant, make_unit
from sangkien.orgs.roles import Role

HOSTILE = "<script>alert(1)</script>"


def list_url(**params):
    from urllib.parse import urlencode

    return reverse("orgs:list") + (f"?{urlencode(params)}" if params else "")


def detail_url(unit):
    return reverse("orgs:detail", args=[unit.code])


def codes_linked(response, units):
    html = response.content.decode()
    return {unit.code for unit in units if f'href="{detail_url(unit)}"' in html}


def test_the_list_shows_the_top_of_each_subtree_the_user_reaches(tree, sign_in):
    user = UserFactory()
    grant(user, tree.school, Role.OFFICER)
    grant(user, tree.section, Role.MEMBER)  # inside the school's subtree: not listed again
    grant(user, tree.hn_school, Role.MEMBER)
    everything = vars(tree).values()

    response = sign_in(user).get(list_url())

    assert response.status_code == 200
    assert codes_linked(response, everything) == {"HB-GD-001", "HN-001"}


def test_a_superuser_sees_the_roots(tree, cast, sign_in):
    response = sign_in(cast.superuser).get(list_url())

    assert codes_linked(response, vars(tree).values()) == {"TLD"}


def test_a_user_without_roles_is_told_so(db, sign_in):
    response = sign_in(UserFactory()).get(list_url())

    assert "Bạn chưa có vai trò ở đơn vị nào" in response.content.decode()


def test_the_list_requires_signing_in(tree, client):
    response = client.get(list_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("text", ["da bac", "Đà Bắc", "ĐÀ BẮC", "thpt  da", "Trường THPT Đà"])
def test_search_ignores_tone_marks_and_the_letter_d(tree, cast, sign_in, text):
    response = sign_in(cast.admin).get(list_url(q=text))

    assert codes_linked(response, vars(tree).values()) == {"HB-GD-001"}
    assert "thuộc Công đoàn Giáo dục tỉnh Hòa Bình" in response.content.decode()


def test_search_stays_inside_the_users_subtrees(tree, cast, sign_in):
    response = sign_in(cast.neighbour).get(list_url(q="da bac"))

    assert codes_linked(response, vars(tree).values()) == set()
    assert "Không tìm thấy đơn vị nào trong phạm vi của bạn" in response.content.decode()


def test_search_without_tone_marks_matches_several_units(tree, cast, sign_in):
    response = sign_in(cast.superuser).get(list_url(q="truong"))

    assert codes_linked(response, vars(tree).values()) == {"HB-GD-001", "HB-GD-002", "HN-001"}


def test_htmx_search_returns_only_the_results(tree, cast, sign_in):
    client = sign_in(cast.admin)

    fragment = client.get(list_url(q="cao phong"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="unit-results")
    restored = client.get(list_url(q="cao phong"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="unit-results",
                          HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" not in fragment.content.decode()
    assert codes_linked(fragment, vars(tree).values()) == {"HB-GD-002"}
    assert "<html" in restored.content.decode()


def test_htmx_paging_of_children_returns_only_the_table(tree, cast, sign_in):
    response = sign_in(cast.admin).get(detail_url(tree.cdgd), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="unit-children")

    html = response.content.decode()
    assert "<html" not in html and "<table>" in html
    assert codes_linked(response, [tree.school, tree.school2]) == {"HB-GD-001", "HB-GD-002"}


def test_search_results_are_paginated_with_links_that_work_without_javascript(tree, cast, sign_in):
    for n in range(30):
        make_unit(code=f"HB-GD-1{n:02d}", name=f"Công đoàn Trường Mầm non số {n}", kind_code="grassroots",
                  parent=tree.cdgd)
    client = sign_in(cast.admin)

    first = client.get(list_url(q="mam non")).content.decode()
    second = client.get(list_url(q="mam non", page=2)).content.decode()

    assert "Có 30 đơn vị khớp với “mam non”." in first
    assert "Trang 1/2" in first and 'href="?q=mam+non&amp;page=2"' in first
    assert first.count("Mầm non số") == 25 and second.count("Mầm non số") == 5


def test_the_unit_page_shows_its_facts_and_children(tree, cast, sign_in):
    from sangkien.orgs.models import Cluster, Unit

    Unit.objects.filter(pk=tree.cdgd.pk).update(headcount=12345, cluster=Cluster.objects.create(name="Khối 1"))

    response = sign_in(cast.admin).get(detail_url(tree.cdgd))

    html = response.content.decode()
    assert response.status_code == 200
    assert "12.345" in html and "Khối 1" in html and "Công đoàn cấp trên trực tiếp cơ sở" in html
    assert codes_linked(response, [tree.school, tree.school2]) == {"HB-GD-001", "HB-GD-002"}
    assert '<td class="num">60</td>' in html and '<td class="num">1</td>' in html  # headcount, sub-units


def test_the_breadcrumb_links_only_to_ancestors_the_user_may_view(tree, cast, sign_in):
    response = sign_in(cast.officer).get(detail_url(tree.section))

    html = response.content.decode()
    assert codes_linked(response, [tree.national, tree.hoa_binh, tree.cdgd, tree.school]) == {"HB-GD-001"}
    assert "Liên đoàn Lao động tỉnh Hòa Bình" in html  # shown, not linked


def test_an_unknown_code_is_not_found(tree, cast, sign_in):
    assert sign_in(cast.admin).get(reverse("orgs:detail", args=["KHONG-CO"])).status_code == 404


@pytest.mark.parametrize("who", ["officer", "neighbour"])
def test_a_unit_outside_the_users_reach_is_refused_politely(tree, cast, sign_in, who):
    response = sign_in(getattr(cast, who)).get(detail_url(tree.school2))

    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_a_unit_inside_the_users_reach_is_shown(tree, cast, sign_in):
    assert sign_in(cast.officer).get(detail_url(tree.section)).status_code == 200
    assert sign_in(cast.superuser).get(detail_url(tree.hn_school)).status_code == 200


def test_import_and_export_links_show_only_to_those_allowed(tree, cast, sign_in, client):
    import_url = reverse("orgs:import", args=[tree.cdgd.code])
    export_url = reverse("orgs:export", args=[tree.cdgd.code])

    admin_page = sign_in(cast.admin).get(detail_url(tree.cdgd)).content.decode()
    upper_page = sign_in(cast.upper).get(detail_url(tree.cdgd)).content.decode()
    officer_page = sign_in(cast.officer).get(detail_url(tree.school)).content.decode()

    assert import_url in admin_page and export_url in admin_page
    assert import_url not in upper_page and export_url in upper_page
    assert reverse("orgs:import", args=[tree.school.code]) not in officer_page
    assert reverse("orgs:export", args=[tree.school.code]) not in officer_page


def test_hostile_names_are_escaped_everywhere(tree, cast, sign_in):
    parent = make_unit(code="X1", name=f"Công đoàn {HOSTILE}", short_name=HOSTILE, kind_code="upper",
                       parent=tree.cdgd)
    child = make_unit(code="X2", name=f"Tổ {HOSTILE}", kind_code="section", parent=parent)
    client = sign_in(cast.admin)

    pages = [
        client.get(detail_url(parent)), client.get(detail_url(child)),  # title, breadcrumb, children
        client.get(list_url(q="cong doan")), client.get(list_url(q="script")),
    ]

    for response in pages:
        html = response.content.decode()
        assert HOSTILE not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


# The layout's own queries (session, user, consent, menu) belong to other apps; what is held
# here is that the count does not grow with the rows shown, and stays small.
def test_the_unit_page_costs_the_same_queries_for_many_children(tree, cast, sign_in,
                                                                 django_assert_max_num_queries):
    client = sign_in(cast.admin)
    client.get(detail_url(tree.cdgd))
    with_two_children = queries_of(client, detail_url(tree.cdgd))
    for n in range(40):
        make_unit(code=f"HB-GD-2{n:02d}", name=f"Công đoàn Trường số {n}", kind_code="grassroots", parent=tree.cdgd)

    with django_assert_max_num_queries(min(with_two_children, 15)):
        response = client.get(detail_url(tree.cdgd))
    assert response.content.decode().count("<tr>") == 1 + 25  # the header, then a full page


def test_the_list_and_search_cost_the_same_queries_for_many_units(tree, sign_in, django_assert_max_num_queries):
    user = UserFactory()
    grant(user, tree.hn_school, Role.MEMBER)
    grant(user, tree.school2, Role.MEMBER)
    client = sign_in(user)
    client.get(list_url())
    listing_two = queries_of(client, list_url())
    searching_two = queries_of(client, list_url(q="truong"))
    for n in range(30):
        unit = make_unit(code=f"HB-GD-3{n:02d}", name=f"Công đoàn Trường Tiểu học {n}", kind_code="grassroots",
                         parent=tree.cdgd)
        grant(user, unit, Role.MEMBER)

    with django_assert_max_num_queries(min(listing_two, 15)):
        listed = client.get(list_url())
    with django_assert_max_num_queries(min(searching_two, 15)):
        found = client.get(list_url(q="tieu hoc"))
    assert listed.content.decode().count("Tiểu học") == 25
    assert found.content.decode().count("Tiểu học") == 25
