"""Bulk confirm/approve: each entry moved on its own, with its own outcome."""

import pytest
from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.bulk import DONE, REFUSED, STALE, initiatives_bulk_move, parse_picks
from sangkien.initiatives.models import Initiative, Status, Transition
from sangkien.initiatives.workflow import initiative_move

from .listing import entries, signed_in

BULK = reverse("initiatives:bulk")


def pick(initiative):
    return f"{initiative.pk}:{initiative.version}"


def test_a_mix_of_allowed_refused_and_stale_entries_each_gets_its_own_outcome(client, cast):
    ok_one, ok_two, stale = entries(cast, 3, "submitted")
    draft = entries(cast, 1, "draft")[0]
    sibling = make_initiative(unit=cast.tree.school2, created_by=cast.officer_sibling, title="Cao Phong")
    initiative_move(acting_user=cast.officer_sibling, initiative=sibling, action="submit")
    sibling.refresh_from_db()
    seen_stale = pick(stale)
    # someone else returns it after our officer loaded the queue
    initiative_move(acting_user=cast.officer, initiative=stale, action="return", comment="Thiếu số liệu")

    response = signed_in(client, cast.officer).post(BULK, {
        "action": "confirm", "pick": [pick(ok_one), pick(ok_two), seen_stale, pick(draft), pick(sibling)],
        "next": reverse("initiatives:waiting"),
    })
    assert response.status_code == 200
    outcomes = {o.pk: o for o in response.context["outcomes"]}
    assert outcomes[ok_one.pk].result == DONE and outcomes[ok_two.pk].result == DONE
    assert outcomes[stale.pk].result == STALE
    # someone else's draft does not exist for the officer
    assert outcomes[draft.pk].result == REFUSED and "không có quyền xem" in outcomes[draft.pk].reason
    assert outcomes[sibling.pk].result == REFUSED
    # the sibling's title is not revealed to someone who may not see it
    assert outcomes[sibling.pk].title != "Cao Phong"
    statuses = dict(Initiative.objects.values_list("pk", "status"))
    assert statuses[ok_one.pk] == statuses[ok_two.pk] == Status.CONFIRMED
    assert statuses[stale.pk] == Status.RETURNED and statuses[draft.pk] == Status.DRAFT
    assert statuses[sibling.pk] == Status.SUBMITTED
    assert Transition.objects.filter(action="confirm").count() == 2
    body = response.content.decode()
    assert "Đã xử lý" in body and "Đã có người khác xử lý" in body and "Không thực hiện được" in body
    assert "&lt;script&gt;" in body and "<script>alert(1)</script>" not in body


def test_bulk_approve_by_an_upper_officer_and_refusal_for_the_grassroots_officer(client, cast):
    first, second = entries(cast, 2, "confirmed")
    refused = initiatives_bulk_move(acting_user=cast.officer, picks=[(first.pk, first.version)], action="approve")
    assert refused[0].result == REFUSED
    refused = initiatives_bulk_move(acting_user=cast.upper_hn, picks=[(first.pk, first.version)], action="approve")
    assert refused[0].result == REFUSED
    response = signed_in(client, cast.upper_cdgd).post(BULK, {"action": "approve",
                                                              "pick": [pick(first), pick(second)]})
    assert [o.result for o in response.context["outcomes"]] == [DONE, DONE]
    assert set(Initiative.objects.values_list("status", flat=True)) == {Status.APPROVED}


def test_one_entry_from_a_rows_quick_button(client, cast):
    one, other = entries(cast, 2, "submitted")
    response = signed_in(client, cast.officer).post(BULK, {"one": f"{one.pk}:{one.version}:confirm"})
    assert [o.result for o in response.context["outcomes"]] == [DONE]
    other.refresh_from_db()
    assert other.status == Status.SUBMITTED


@pytest.mark.parametrize("data", [
    {"action": "return", "pick": ["1:1"]},  # needs a comment: not a bulk action
    {"action": "confirm"},  # nothing picked
    {"action": "confirm", "pick": ["abc", "1:x"]},
])
def test_bad_bulk_requests_change_nothing_and_say_why(client, cast, data):
    submitted = entries(cast, 1, "submitted")[0]
    response = signed_in(client, cast.officer).post(BULK, data)
    assert response.status_code == 400
    assert response.context["problem"]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_bulk_needs_a_post_and_a_signed_in_user(client, cast):
    assert client.post(BULK, {"action": "confirm"}).status_code == 302
    assert signed_in(client, cast.officer).get(BULK).status_code == 405


def test_htmx_gets_the_result_fragment(client, cast):
    one = entries(cast, 1, "submitted")[0]
    response = signed_in(client, cast.officer).post(BULK, {"action": "confirm", "pick": [pick(one)]},
                                                    HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "Đã xử lý" in body


def test_the_back_link_stays_on_this_site(client, cast):
    one = entries(cast, 1, "submitted")[0]
    response = signed_in(client, cast.officer).post(BULK, {"action": "confirm", "pick": [pick(one)],
                                                           "next": "//evil.example/"})
    assert response.context["back"] == reverse("initiatives:waiting")


def test_picks_are_parsed_defensively_and_capped():
    assert parse_picks(["1:2", "1:2", "x:1", "3", "4:5"]) == [(1, 2), (4, 5)]
    assert len(parse_picks([f"{n}:1" for n in range(500)])) == 100


def test_the_list_shows_checkboxes_only_to_officers_and_only_where_a_bulk_move_applies(client, cast):
    submitted = entries(cast, 1, "submitted")[0]
    draft = entries(cast, 1, "draft")[0]
    body = signed_in(client, cast.officer).get(reverse("initiatives:list")).content.decode()
    assert f'value="{pick(submitted)}"' in body and f'value="{pick(draft)}"' not in body
    assert 'name="action" value="confirm"' in body
    body = signed_in(client, cast.other_member).get(reverse("initiatives:list")).content.decode()
    assert 'name="pick"' not in body and 'name="action"' not in body
