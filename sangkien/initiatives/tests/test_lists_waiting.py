"""'Chờ tôi xử lý' is exactly what moves_for allows; 'Sáng kiến của tôi' shows each entry's next step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sangkien.factories import UserFactory, grant, make_initiative
from sangkien.initiatives.models import Initiative, Status
from sangkien.initiatives.selectors import initiatives_waiting_for
from sangkien.initiatives.workflow import AUTHOR, initiative_move, moves_for
from sangkien.orgs.roles import Role

from .conftest import PATHS, drive
from .listing import entries, signed_in

WAITING = reverse("initiatives:waiting")
MINE = reverse("initiatives:mine")


@pytest.fixture
def every_state(cast):
    """One entry in each state, plus the corners of the table: approved and nominated at the top."""
    made = {state: drive(make_initiative(unit=cast.tree.school, created_by=cast.author, title=state), cast, state)
            for state in PATHS}
    top = make_initiative(unit=cast.tree.school, created_by=cast.author, title="approved at the top")
    drive(top, cast, "confirmed")
    initiative_move(acting_user=cast.upper_national, initiative=top, action="approve")
    made["approved_top"] = top
    climbed = drive(make_initiative(unit=cast.tree.school, created_by=cast.author, title="nominated to the top"),
                    cast, "nominated")
    initiative_move(acting_user=cast.upper_hb, initiative=climbed, action="nominate")
    made["nominated_top"] = climbed
    made["sibling_submitted"] = make_initiative(unit=cast.tree.school2, created_by=cast.officer_sibling,
                                                title="sibling submitted")
    initiative_move(acting_user=cast.officer_sibling, initiative=made["sibling_submitted"], action="submit")
    return made


def _edge_personas(cast):
    """Roles the standing cast lacks: an upper role at the CĐCS itself as well as above it,
    and a grassroots officer role held at an upper unit."""
    both = UserFactory(full_name="upper at school and CĐGD")
    grant(both, cast.tree.school, Role.UPPER_OFFICER)
    grant(both, cast.tree.cdgd, Role.UPPER_OFFICER)
    only_school = UserFactory(full_name="upper at school only")
    grant(only_school, cast.tree.school, Role.UPPER_OFFICER)
    officer_above = UserFactory(full_name="officer role at CĐGD")
    grant(officer_above, cast.tree.cdgd, Role.OFFICER)
    return [both, only_school, officer_above]


def test_the_queue_is_exactly_what_moves_for_allows_for_every_persona(cast, every_state):
    personas = [getattr(cast, name) for name in (
        "author", "other_member", "officer", "officer_sibling", "upper_cdgd", "upper_hb", "upper_hn",
        "upper_national", "unit_admin", "nobody")] + _edge_personas(cast)
    everything = list(Initiative.objects.select_related("level_unit"))
    assert len(everything) == len(PATHS) + 3
    for user in personas:
        user.__dict__.pop("_roles_cache", None)
        expected = {i.pk for i in everything if any(m.actor != AUTHOR for m in moves_for(user, i))}
        queue = set(initiatives_waiting_for(user).values_list("pk", flat=True))
        assert queue == expected, user.full_name


def test_the_queue_cast_sees_what_the_rules_say(cast, every_state):
    def queue(user):
        return {i.title for i in initiatives_waiting_for(user)}

    assert queue(cast.officer) == {"submitted"}
    assert queue(cast.officer_sibling) == {"sibling submitted"}
    assert queue(cast.upper_cdgd) == {"confirmed", "approved"}
    assert queue(cast.upper_hb) == {"confirmed", "nominated"}
    assert queue(cast.upper_national) == {"confirmed", "nominated to the top"}
    assert queue(cast.author) == set() and queue(cast.nobody) == set() and queue(cast.upper_hn) == set()


def test_the_queue_page_lists_oldest_first_with_days_waiting_unit_and_quick_actions(client, cast):
    older, newer = entries(cast, 2, "submitted")
    Initiative.objects.filter(pk=older.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=9))
    response = signed_in(client, cast.officer).get(WAITING)
    rows = response.context["rows"]
    assert [r.pk for r in rows] == [older.pk, newer.pk]
    assert [r.days_waiting for r in rows] == [9, 0]
    body = response.content.decode()
    assert "9 ngày" in body and cast.tree.school.name in body
    assert f'value="{older.pk}:{older.version}:confirm"' in body  # a quick confirm button
    assert 'name="pick"' in body


def test_the_queue_is_empty_for_a_member_and_for_the_sibling_officer(client, cast):
    entries(cast, 1, "submitted")
    assert signed_in(client, cast.other_member).get(WAITING).context["rows"] == []
    assert signed_in(client, cast.officer_sibling).get(WAITING).context["rows"] == []
    assert "Không có sáng kiến nào chờ bạn xử lý." in client.get(WAITING).content.decode()


def test_the_queue_page_answers_htmx_with_a_fragment(client, cast):
    entries(cast, 1, "submitted")
    response = signed_in(client, cast.officer).get(WAITING, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode() and response.context["rows"]


def test_mine_lists_what_i_entered_or_wrote_in_any_status_with_the_next_step(client, cast):
    returned = entries(cast, 1, "returned", title="trả lại")[0]
    approved = entries(cast, 1, "approved", title="đã duyệt")[0]
    co_written = make_initiative(unit=cast.tree.school, created_by=cast.officer, title="viết chung",
                                 authors=[{"full_name": "Cán bộ", "share": 50},
                                          {"full_name": cast.author.full_name, "user": cast.author, "share": 50}])
    make_initiative(unit=cast.tree.school, created_by=cast.other_member, title="của người khác")
    response = signed_in(client, cast.author).get(MINE)
    rows = {r.title: r for r in response.context["rows"]}
    assert set(rows) == {"trả lại", "đã duyệt", "viết chung"}
    assert rows["trả lại"].next_step == "Bổ sung theo ý kiến của công đoàn rồi gửi lại."
    assert rows["đã duyệt"].next_step == "Đã được duyệt và được tính vào chỉ tiêu."
    assert rows["viết chung"].status == Status.DRAFT
    body = response.content.decode()
    assert "Lý do cụ thể" in body  # the officer's comment on the returned entry
    assert returned.pk and approved.pk and co_written.pk


def test_mine_is_empty_for_someone_who_wrote_nothing(client, cast):
    entries(cast, 1)
    response = signed_in(client, cast.other_member).get(MINE)
    assert response.context["rows"] == []
    assert "Bạn chưa có sáng kiến nào." in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    for url in (WAITING, MINE, reverse("initiatives:notifications")):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


def test_docs_workflow_md_shows_exactly_the_transition_table():
    """docs/workflow.md renders workflow.MOVES; this fails when one changes without the other."""
    from pathlib import Path

    from django.conf import settings

    from sangkien.initiatives.workflow import MOVES

    text = (Path(settings.BASE_DIR) / "docs" / "workflow.md").read_text(encoding="utf-8")
    rows = set()
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].startswith("`") and cells[1].endswith("`)"):
            action = cells[0].strip("`")
            source = cells[1].rsplit("(`", 1)[1].rstrip("`)")
            target = cells[2].rsplit("(`", 1)[1].rstrip("`)")
            rows.add((action, source, target, cells[3], cells[4] == "bắt buộc", cells[5]))
    expected = {(m.action, m.source.value, m.target.value, m.actor, m.needs_comment, str(m.label)) for m in MOVES}
    assert rows == expected
