"""Every state × move × role: allowed where docs/workflow.md says, refused everywhere else."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from sangkien.initiatives.models import Status, Transition
from sangkien.initiatives.workflow import MOVES, MoveRefused, StaleMove, initiative_move, moves_for

from .conftest import PATHS

PERSONAS = ["author", "other_member", "officer", "officer_sibling", "upper_cdgd", "upper_hb", "upper_hn",
            "upper_national", "unit_admin", "nobody"]
ACTIONS = ["submit", "withdraw", "resubmit", "confirm", "return", "reject", "approve", "nominate", "honour"]

# Written out by hand from the product's rules, not derived from the table under test.
# (state, action) -> who may; the entry's CĐCS is tree.school under CĐGD Hòa Bình.
ALLOWED = {
    ("draft", "submit"): {"author"},
    ("draft", "withdraw"): {"author"},
    ("submitted", "withdraw"): {"author"},
    ("returned", "withdraw"): {"author"},
    ("returned", "resubmit"): {"author"},
    ("submitted", "confirm"): {"officer"},
    ("submitted", "return"): {"officer"},
    ("submitted", "reject"): {"officer"},
    ("confirmed", "approve"): {"upper_cdgd", "upper_hb", "upper_national"},
    ("confirmed", "return"): {"upper_cdgd", "upper_hb", "upper_national"},
    ("confirmed", "reject"): {"upper_cdgd", "upper_hb", "upper_national"},
    # approved by CĐGD tỉnh: it sits at CĐGD; only CĐGD proposes it one level up (to LĐLĐ tỉnh)
    ("approved", "nominate"): {"upper_cdgd"},
    # nominated once: it sits at LĐLĐ Hòa Bình, whose officers honour it or propose it further
    ("nominated", "nominate"): {"upper_hb"},
    ("nominated", "honour"): {"upper_hb"},
}
TARGET = {
    "submit": "submitted", "withdraw": "withdrawn", "resubmit": "submitted", "confirm": "confirmed",
    "return": "returned", "reject": "rejected", "approve": "approved", "nominate": "nominated",
    "honour": "honoured",
}


class _Undo(Exception):
    pass


@pytest.mark.parametrize("state", list(PATHS))
def test_each_move_is_allowed_only_to_the_roles_the_rules_name(in_state, cast, state):
    """For one state, every action × every persona; each allowed move is rolled back after checking."""
    initiative = in_state(state)
    before = Transition.objects.filter(initiative=initiative).count()
    for action in ACTIONS:
        for who in PERSONAS:
            user = getattr(cast, who)
            user.__dict__.pop("_roles_cache", None)
            allowed = who in ALLOWED.get((state, action), set())
            case = f"{state} × {action} × {who}"
            assert (action in {m.action for m in moves_for(user, initiative)}) == allowed, case
            if allowed:
                try:
                    with transaction.atomic():
                        initiative_move(acting_user=user, initiative=initiative, action=action,
                                        comment="Cần bổ sung số liệu", honour={"title": "Bằng khen"})
                        initiative.refresh_from_db()
                        assert initiative.status == TARGET[action], case
                        last = Transition.objects.filter(initiative=initiative).last()
                        assert (last.action, last.from_status, last.to_status, last.actor) == (
                            action, state, TARGET[action], user), case
                        raise _Undo
                except _Undo:
                    pass
                initiative.refresh_from_db()
            else:
                with pytest.raises(MoveRefused):
                    initiative_move(acting_user=user, initiative=initiative, action=action, comment="x",
                                    honour={"title": "Bằng khen"})
            assert initiative.status == state, case
            assert Transition.objects.filter(initiative=initiative).count() == before, case


def test_the_table_has_a_row_for_every_allowed_pair():
    assert {(m.source.value, m.action) for m in MOVES} == set(ALLOWED)


@pytest.mark.parametrize(("state", "action", "who"), [
    ("submitted", "return", "officer"), ("submitted", "reject", "officer"),
    ("confirmed", "return", "upper_cdgd"), ("confirmed", "reject", "upper_cdgd"),
])
def test_return_and_reject_need_a_comment_and_change_nothing_without_one(in_state, cast, state, action, who):
    initiative = in_state(state)
    with pytest.raises(ValidationError) as exc:
        initiative_move(acting_user=getattr(cast, who), initiative=initiative, action=action, comment="   ")
    assert "comment" in exc.value.message_dict
    initiative.refresh_from_db()
    assert initiative.status == state


def test_a_move_on_a_stale_copy_is_refused_and_counts_once(in_state, cast):
    initiative = in_state("submitted")
    from sangkien.initiatives.models import Initiative

    seen_by_second_officer = Initiative.objects.get(pk=initiative.pk)
    initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    with pytest.raises(StaleMove):
        initiative_move(acting_user=cast.officer, initiative=seen_by_second_officer, action="return",
                        comment="Thiếu minh chứng")
    initiative.refresh_from_db()
    assert initiative.status == Status.CONFIRMED
    assert Transition.objects.filter(initiative=initiative, action__in=["confirm", "return"]).count() == 1


def test_a_move_on_an_entry_whose_unit_moved_meanwhile_is_refused_and_writes_nothing(in_state, cast):
    # The move reads the units above the entry before its transaction: if the unit moved in
    # the tree since (an import of units, which rewrites the entries' paths without a new
    # version), those units are no longer the entry's and nothing may be counted to them.
    from sangkien.initiatives.models import Initiative
    from sangkien.progress.models import Counter

    initiative = in_state("submitted")
    Initiative.objects.filter(pk=initiative.pk).update(unit_path=cast.tree.cdgd.path + "ZZZZ")
    counters = sorted(Counter.objects.values_list("unit_id", "phase_no", "status", "count", "benefit"))
    with pytest.raises(StaleMove):
        initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    assert Initiative.objects.get(pk=initiative.pk).status == Status.SUBMITTED
    assert not Transition.objects.filter(initiative=initiative, action="confirm").exists()
    assert sorted(Counter.objects.values_list("unit_id", "phase_no", "status", "count", "benefit")) == counters


def test_nominations_climb_one_level_at_a_time_up_to_the_top(in_state, cast):
    initiative = in_state("approved")
    assert initiative.level_unit == cast.tree.cdgd
    initiative_move(acting_user=cast.upper_cdgd, initiative=initiative, action="nominate")
    initiative.refresh_from_db()
    assert initiative.level_unit == cast.tree.hoa_binh
    initiative_move(acting_user=cast.upper_hb, initiative=initiative, action="nominate")
    initiative.refresh_from_db()
    assert initiative.level_unit == cast.tree.national
    # at the top there is nowhere further to propose it
    assert "nominate" not in {m.action for m in moves_for(cast.upper_national, initiative)}
    with pytest.raises(MoveRefused):
        initiative_move(acting_user=cast.upper_national, initiative=initiative, action="nominate")
    initiative_move(acting_user=cast.upper_national, initiative=initiative, action="honour",
                    honour={"title": "Bằng khen của Tổng Liên đoàn", "decision_number": "123/QĐ-TLĐ"})
    initiative.refresh_from_db()
    assert initiative.status == Status.HONOURED
    assert initiative.honours.get().unit == cast.tree.national


def test_an_incomplete_draft_cannot_be_submitted(cast):
    from sangkien.factories import make_initiative

    initiative = make_initiative(unit=cast.tree.school, created_by=cast.author, content="", first_used_on=None,
                                 authors=[{"full_name": "A", "share": 60}])
    with pytest.raises(ValidationError) as exc:
        initiative_move(acting_user=cast.author, initiative=initiative, action="submit")
    assert {"content", "first_used_on", "authors"} <= set(exc.value.message_dict)
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


def test_every_move_leaves_an_audit_row_with_actor_unit_and_comment(in_state, cast):
    initiative = in_state("returned")
    rows = list(Transition.objects.filter(initiative=initiative).values_list(
        "action", "from_status", "to_status", "actor__full_name", "unit__code", "comment"))
    assert rows == [
        ("submit", "draft", "submitted", "author", "HB-GD-001", "Lý do cụ thể"),
        ("return", "submitted", "returned", "officer", "HB-GD-001", "Lý do cụ thể"),
    ]
