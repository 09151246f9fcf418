"""Counters stay exact: random sequences of entries, moves, edits and deletions, then a recount."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sangkien.factories import make_initiative
from sangkien.initiatives.models import Initiative, Status
from sangkien.initiatives.services import initiative_delete, initiative_update
from sangkien.initiatives.workflow import MoveRefused, StaleMove, initiative_move
from sangkien.progress import recount
from sangkien.progress.models import Counter, PeopleCounter

ACTORS = ["author", "officer", "upper_cdgd", "upper_hb", "upper_national"]
ACTIONS = ["submit", "withdraw", "resubmit", "confirm", "return", "reject", "approve", "nominate", "honour"]

operation = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 1), st.integers(0, 5_000_000), st.booleans()),
    st.tuples(st.just("move"), st.integers(0, 20), st.sampled_from(ACTIONS), st.sampled_from(ACTORS)),
    st.tuples(st.just("edit"), st.integers(0, 20), st.integers(0, 9_000_000), st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 20), st.sampled_from(["author", "admin"])),
)


class _Rollback(Exception):
    pass


def _apply(cast, admin, op):
    created = list(Initiative.objects.order_by("pk"))
    kind = op[0]
    try:
        if kind == "create":
            unit = [cast.tree.school, cast.tree.school][op[1]]
            coauthor = [{"full_name": "Đỗ Thị Hà", "birth_year": 1980, "share": 40}] if op[3] else []
            share = 60 if op[3] else 100
            make_initiative(unit=unit, created_by=cast.author, benefit_vnd=op[2],
                            authors=[{"full_name": "author", "user": cast.author, "share": share}, *coauthor])
        elif not created:
            return
        elif kind == "move":
            item = created[op[1] % len(created)]
            initiative_move(acting_user=getattr(cast, op[3]), initiative=item, action=op[2],
                            comment="Lý do", honour={"title": "Giấy khen"})
        elif kind == "edit":
            item = created[op[1] % len(created)]
            authors = None
            if op[3]:
                authors = [{"full_name": "author", "user": cast.author, "share": 50},
                           {"full_name": "Đỗ Thị Hà", "birth_year": 1980, "share": 50}]
            initiative_update(acting_user=cast.author, initiative=item, data={"benefit_vnd": op[2]}, authors=authors)
        elif kind == "delete":
            item = created[op[1] % len(created)]
            initiative_delete(acting_user=admin if op[2] == "admin" else cast.author, initiative=item)
    except (MoveRefused, StaleMove, PermissionDenied, ValidationError):
        pass


# The tests' own queue runs tasks where they are enqueued (the embedded mode: a move writes its
# notices itself); servers queue them in the database, and on PostgreSQL a move is then one
# call of its database function (initiatives migration 0012).
QUEUES = {"immediate": None, "database": {"default": {"BACKEND": "sangkien.core.tasks.DatabaseBackend"}}}


@pytest.mark.django_db
@pytest.mark.parametrize("queue", sorted(QUEUES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_counters_match_a_recount_after_any_sequence_of_writes(cast, queue, ops):
    from django.test import override_settings

    from sangkien.factories import UserFactory

    tasks = QUEUES[queue]
    try:
        with override_settings(**({"TASKS": tasks} if tasks else {})), transaction.atomic():
            admin = UserFactory(is_superuser=True)
            for op in ops:
                with transaction.atomic():
                    _apply(cast, admin, op)
            assert recount.drift() == []
            raise _Rollback
    except _Rollback:
        pass


def test_counters_roll_up_to_every_ancestor_and_count_people_once(cast, in_state):
    in_state("approved")
    national = Counter.objects.get(unit=cast.tree.national, status=Status.APPROVED)
    school = Counter.objects.get(unit=cast.tree.school, status=Status.APPROVED)
    assert (national.count, national.benefit) == (1, 1_500_000) == (school.count, school.benefit)
    assert not Counter.objects.filter(unit=cast.tree.ha_noi).exists()
    assert PeopleCounter.objects.get(unit=cast.tree.hoa_binh).people == 1
    # a second entry by the same author does not add a participant
    from sangkien.factories import make_initiative as make

    second = make(unit=cast.tree.school, created_by=cast.author, title="Sáng kiến thứ hai")
    for action, who in [("submit", "author"), ("confirm", "officer")]:
        second.refresh_from_db()
        initiative_move(acting_user=getattr(cast, who), initiative=second, action=action)
    assert PeopleCounter.objects.get(unit=cast.tree.hoa_binh).people == 1
    assert recount.drift() == []


def test_a_person_leaves_the_participants_when_their_last_counted_entry_goes_back(cast, in_state):
    from sangkien.factories import make_initiative as make

    first = in_state("confirmed")
    second = make(unit=cast.tree.school, created_by=cast.author, title="Sáng kiến thứ hai")
    for action, who in [("submit", "author"), ("confirm", "officer")]:
        second.refresh_from_db()
        initiative_move(acting_user=getattr(cast, who), initiative=second, action=action)

    def people():
        return [PeopleCounter.objects.get(unit=unit).people for unit in (cast.tree.national, cast.tree.school)]

    assert people() == [1, 1]
    first.refresh_from_db()
    initiative_move(acting_user=cast.upper_cdgd, initiative=first, action="return", comment="Bổ sung số liệu")
    assert people() == [1, 1]  # the second entry still names them
    second.refresh_from_db()
    initiative_move(acting_user=cast.upper_cdgd, initiative=second, action="reject", comment="Trùng lặp")
    assert people() == [0, 0]
    first.refresh_from_db()
    initiative_move(acting_user=cast.author, initiative=first, action="resubmit")
    first.refresh_from_db()
    initiative_move(acting_user=cast.officer, initiative=first, action="confirm")
    assert people() == [1, 1]
    assert recount.drift() == []


def test_recount_reports_and_fixes_drift(cast, in_state):
    in_state("confirmed")
    Counter.objects.filter(unit=cast.tree.cdgd, status=Status.CONFIRMED).update(count=99)
    differences = recount.drift()
    assert [(d[0], d[2], d[3]) for d in differences] == [("counter", (99, 1_500_000), (1, 1_500_000))]
    recount.rewrite()
    assert recount.drift() == []


def test_recount_command_exits_non_zero_on_drift_and_fixes_with_flag(cast, in_state):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    in_state("submitted")
    call_command("recount_progress")
    Counter.objects.filter(unit=cast.tree.national).delete()
    with pytest.raises(CommandError):
        call_command("recount_progress", "--unit", "TLD")
    call_command("recount_progress", "--fix")
    call_command("recount_progress")


@pytest.mark.parametrize("confirm", [False, True])
def test_an_import_keeps_the_counters_exact(cast, confirm):
    import io

    from sangkien.initiatives.importing import initiatives_import
    from sangkien.initiatives.tests.importfiles import csv_bytes, row

    rows = [row(title="Sổ tay điện tử theo dõi chuyên cần"), row(title="Thư viện xanh trong sân trường",
                                                                   benefit="2.000.000")]
    initiatives_import(acting_user=cast.officer, source=io.BytesIO(csv_bytes(rows)), filename="a.csv",
                       confirm=confirm)
    status = Status.CONFIRMED if confirm else Status.SUBMITTED
    national = Counter.objects.get(unit=cast.tree.national, status=status)
    assert (national.count, national.benefit) == (2, 3_500_000)
    assert recount.drift() == []


def test_moving_a_unit_in_the_tree_carries_its_initiatives_and_counters_along(cast, in_state):
    import io

    from sangkien.orgs.importing import units_import

    item = in_state("approved")
    csv = "code,parent_code,name,short_name,kind,headcount,cluster\nHB-GD-001,HN,Trường chuyển về Hà Nội,,grassroots,60,\n"
    units_import(acting_user=None, source=io.BytesIO(csv.encode()), filename="u.csv")
    item.refresh_from_db()
    cast.tree.school.refresh_from_db()
    assert item.unit_path == cast.tree.school.path and item.unit_path.startswith(cast.tree.ha_noi.path)
    assert Counter.objects.get(unit=cast.tree.ha_noi, status=Status.APPROVED).count == 1
    assert not Counter.objects.filter(unit=cast.tree.hoa_binh, status=Status.APPROVED, count__gt=0).exists()
    assert recount.drift() == []
