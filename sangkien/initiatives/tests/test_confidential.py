"""Confidential entries: outside the unit's officers and the authors, only the title, the
effect summary and the rewards show — in lists, search, filters, exports and the detail page."""

import csv
import io

import pytest
from django.urls import reverse

from sangkien.factories import UserFactory, grant, make_initiative
from sangkien.initiatives.models import Initiative, SolutionType
from sangkien.initiatives.presenting import full_view_q, present
from sangkien.initiatives.workflow import initiative_move
from sangkien.orgs.roles import Role

from .conftest import drive
from .listing import signed_in

LIST = reverse("initiatives:list")
SECRET_CONTENT = "Quy trình pha chế độc quyền"
SECRET_AUTHOR = "Phạm Bí Danh"


@pytest.fixture
def secret(cast):
    # Sent to the CĐCS: drafts are their author's own and never listed.
    return drive(make_initiative(
        unit=cast.tree.school, created_by=cast.author, title="Sáng kiến mật <script>alert(1)</script>",
        confidential=True, content=SECRET_CONTENT, effect="Hiệu quả chi tiết riêng",
        effect_summary="Tóm tắt công khai", rewards="Giấy khen cấp tỉnh", benefit_vnd=987_654_321,
        solution_type=SolutionType.RESEARCH,
        authors=[{"full_name": SECRET_AUTHOR, "user": cast.author, "share": 100}],
    ), cast, "submitted")


@pytest.fixture
def open_entry(cast):
    return drive(make_initiative(unit=cast.tree.school, created_by=cast.author, title="Sáng kiến công khai",
                                 benefit_vnd=1_000, solution_type=SolutionType.RESEARCH), cast, "submitted")


@pytest.fixture
def council(cast):
    user = UserFactory(full_name="Hội đồng")
    grant(user, cast.tree.school, Role.COUNCIL)
    return user


FULL = ["author", "officer", "upper_cdgd", "upper_national", "unit_admin"]
OUTSIDERS = ["other_member"]


def _body(client, user, url=LIST, **params):
    response = signed_in(client, user).get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_an_outsider_sees_only_title_summary_and_rewards_in_the_list(client, cast, secret, who):
    body = _body(client, getattr(cast, who))
    assert "Sáng kiến mật &lt;script&gt;" in body
    assert "Tóm tắt công khai" in body and "Giấy khen cấp tỉnh" in body
    assert SECRET_AUTHOR not in body and "987.654.321" not in body


@pytest.mark.parametrize("who", FULL)
def test_officers_over_the_unit_and_the_author_see_it_in_full(client, cast, secret, who):
    body = _body(client, getattr(cast, who))
    assert SECRET_AUTHOR in body and "987.654.321" in body


def test_a_council_member_of_the_unit_sees_it_in_full(client, cast, secret, council):
    assert SECRET_AUTHOR in _body(client, council)


def test_search_finds_a_confidential_entry_by_its_title_only_for_outsiders(client, cast, secret):
    def found(user, q):
        response = signed_in(client, user).get(LIST, {"q": q})
        return [r.pk for r in response.context["rows"]]

    assert found(cast.other_member, "sang kien mat") == [secret.pk]
    assert found(cast.other_member, "pha che doc quyen") == []  # content stays secret
    assert found(cast.other_member, "pham bi danh") == []  # so do the authors
    assert found(cast.officer, "pha che doc quyen") == [secret.pk]
    assert found(cast.officer, "pham bi danh") == [secret.pk]


def test_filters_and_sorting_on_hidden_fields_do_not_reveal_them(client, cast, secret, open_entry):
    def pks(user, **params):
        return [r.pk for r in signed_in(client, user).get(LIST, params).context["rows"]]

    assert pks(cast.other_member, solution_type="research") == [open_entry.pk]
    assert set(pks(cast.officer, solution_type="research")) == {secret.pk, open_entry.pk}
    assert pks(cast.other_member, date_kind="first_used", date_from="01/01/2022") == [open_entry.pk]
    # by benefit, the hidden one goes last for an outsider, first for the officer
    assert pks(cast.other_member, sort="benefit") == [open_entry.pk, secret.pk]
    assert pks(cast.officer, sort="benefit") == [secret.pk, open_entry.pk]


def test_the_export_blanks_hidden_cells_for_outsiders(client, cast, secret):
    def row(user):
        response = signed_in(client, user).get(reverse("initiatives:export"), {"format": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        return dict(zip(rows[0], rows[1], strict=True))

    outsider = row(cast.other_member)
    assert outsider["Tên sáng kiến"] == "Sáng kiến mật <script>alert(1)</script>"
    assert outsider["Tóm tắt hiệu quả"] == "Tóm tắt công khai" and outsider["Khen thưởng"] == "Giấy khen cấp tỉnh"
    for hidden in ("Tác giả", "Loại giải pháp", "Lĩnh vực", "Hiệu quả", "Giá trị làm lợi (đồng)", "Ngày áp dụng"):
        assert outsider[hidden] == "", hidden
    officer = row(cast.officer)
    assert officer["Tác giả"] == f"{SECRET_AUTHOR} (100%)" and officer["Giá trị làm lợi (đồng)"] == "987654321"


def test_the_detail_page_hides_the_content_from_outsiders(client, cast, secret):
    url = reverse("initiatives:detail", args=[secret.pk])
    outsider = _body(client, cast.other_member, url)
    assert "Tóm tắt công khai" in outsider
    assert SECRET_CONTENT not in outsider and SECRET_AUTHOR not in outsider and "987.654.321" not in outsider
    assert SECRET_CONTENT in _body(client, cast.officer, url)
    # beyond the unit it is not there at all
    assert signed_in(client, cast.officer_sibling).get(url).status_code == 404


def test_presented_entries_deny_by_default(cast, secret):
    shown = present(secret, cast.other_member)
    assert shown.redacted and shown.title == secret.title and shown.rewards == "Giấy khen cấp tỉnh"
    assert shown.content == "" and shown.benefit_vnd == "" and shown.some_future_field == ""
    assert present(secret, cast.officer).content == SECRET_CONTENT


def test_the_sql_mirror_agrees_with_the_rule_for_every_persona(cast, secret, council):
    other = make_initiative(unit=cast.tree.school, created_by=cast.other_member, title="khác", confidential=True)
    initiative_move(acting_user=cast.other_member, initiative=other, action="submit")
    names = ["author", "other_member", "officer", "officer_sibling", "upper_cdgd", "upper_hb", "upper_hn",
             "upper_national", "unit_admin", "nobody"]
    for user in [getattr(cast, n) for n in names] + [council]:
        user.__dict__.pop("_roles_cache", None)
        by_sql = set(Initiative.objects.filter(full_view_q(user)).values_list("pk", flat=True))
        by_rule = {i.pk for i in (secret, other) if user.has_perm("initiatives.view_full", i)}
        assert by_sql == by_rule, user.full_name
