"""What one workflow move costs, and where its notifications go.

The bench's confirm page (`bench/run.py`) posts one confirm per request: every statement
inside the move holds the national and province counter rows locked until it commits.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.initiatives.models import Initiative, Notification, Status, Transition
from sangkien.initiatives.notifications import notify_move
from sangkien.initiatives.workflow import initiative_move
from sangkien.progress.models import Version

DATABASE_QUEUE = {"default": {"BACKEND": "sangkien.core.tasks.DatabaseBackend"}}  # as servers run it


def _writes(queries):
    return [
        q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def _is_read(sql):
    # The call of PostgreSQL's move function is a SELECT that writes every row of the move.
    return sql.lstrip().upper().startswith("SELECT") and "initiative_move_write(" not in sql


def _before_the_move(in_state, cast):
    from sangkien.orgs.access import roles_of

    # As the view hands it over: the entry with its authors, the officer with their roles.
    initiative = Initiative.objects.prefetch_related("authors").get(pk=in_state("submitted").pk)
    roles_of(cast.officer)
    return initiative


# Without a worker queue (the tests' immediate backend) a move also reads the officers to tell
# and writes its notices, in one statement. SQLite: the ancestors' ids, the entry, its counters,
# author references, people, the weekly counters, the dashboard versions (once for all of
# them) and the audit row, one statement each. PostgreSQL: the units above the entry (for the
# notices' names) and one call of the move function for all its rows.
CONFIRM_STATEMENTS = {
    "sqlite": (10, {'"orgs_unit"': 1, '"progress_version"': 1, "initiatives_notification": 1}),
    "postgresql": (4, {"initiative_move_write(": 1, "initiatives_notification": 1}),
}


def test_a_confirm_is_one_read_of_the_tree_and_one_statement_per_table(in_state, cast):
    initiative = _before_the_move(in_state, cast)
    with CaptureQueriesContext(connection) as ctx:
        initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    statements = _writes(ctx.captured_queries)
    total, each = CONFIRM_STATEMENTS[connection.vendor]
    assert len(statements) == total, "\n".join(statements)
    assert {part: sum(part in s for s in statements) for part in each} == each


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's moves are above")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_with_the_database_queue_a_move_is_one_statement_that_commits_alone(
    migration_data, in_state, cast, settings
):
    from django_tasks_db.models import DBTaskResult

    initiative = _before_the_move(in_state, cast)
    settings.TASKS = DATABASE_QUEUE
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as ctx:
        transition = initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    # No SAVEPOINT, no BEGIN: one statement is its own transaction.
    assert [q["sql"] for q in ctx.captured_queries if "initiative_move_write(" not in q["sql"]] == []
    assert len(ctx.captured_queries) == 1
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (stored.status, stored.version) == (Status.CONFIRMED, initiative.version)
    assert Transition.objects.get(pk=transition.pk).unit_id == cast.tree.school.pk
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [], "kwargs": {"transition_id": transition.pk}}
    assert queued.task_path == "sangkien.initiatives.tasks.notify_move_task"


def test_a_move_reads_before_its_transaction_and_only_writes_inside_it(in_state, cast):
    # On SQLite a transaction holds the one write lock from its first statement: every
    # other move waits while this one is inside.
    initiative = _before_the_move(in_state, cast)
    with CaptureQueriesContext(connection) as ctx:
        initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    statements = [q["sql"] for q in ctx.captured_queries]
    begin = next(n for n, s in enumerate(statements) if s.startswith("SAVEPOINT"))
    assert begin == 2, "\n".join(statements)  # the ancestors, the officers to tell
    assert all(_is_read(s) for s in statements[:begin])
    inside = [s for s in statements[begin + 1:] if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    assert inside and not any(_is_read(s) for s in inside), "\n".join(inside)


def test_the_object_the_move_returns_to_is_what_the_database_holds(in_state, cast):
    initiative = in_state("confirmed")
    initiative_move(acting_user=cast.upper_cdgd, initiative=initiative, action="approve")
    stored = Initiative.objects.get(pk=initiative.pk)
    assert (
        initiative.status,
        initiative.version,
        initiative.status_changed_at,
        initiative.level_unit_id,
    ) == (stored.status, stored.version, stored.status_changed_at, stored.level_unit_id)
    assert stored.level_unit_id == cast.tree.cdgd.pk
    assert initiative.level_unit == cast.tree.cdgd


def test_a_move_bumps_the_dashboard_version_of_every_ancestor_and_of_no_other_unit(in_state, cast):
    initiative = in_state("submitted")
    tree = cast.tree
    units = [
        tree.national,
        tree.hoa_binh,
        tree.cdgd,
        tree.school,
        tree.school2,
        tree.ha_noi,
        tree.hn_school,
    ]

    def numbers():
        held = dict(Version.objects.values_list("unit_id", "n"))
        return [held.get(u.pk, 0) for u in units]

    before = numbers()
    initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    after = numbers()
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1, 1, 0, 0, 0]


def test_the_confirm_post_moves_the_entry_and_redirects_to_it(in_state, cast, client_for):
    initiative = in_state("submitted")
    response = client_for(cast.officer).post(
        reverse("initiatives:move", args=[initiative.pk, "confirm"])
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "initiatives:detail", args=[initiative.pk]
    )
    assert Initiative.objects.get(pk=initiative.pk).status == Status.CONFIRMED


def test_with_the_database_queue_the_notices_are_queued_inside_the_move(in_state, cast, settings):
    from django_tasks_db.models import DBTaskResult

    initiative = in_state("submitted")
    settings.TASKS = DATABASE_QUEUE
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as ctx:
        transition = initiative_move(
            acting_user=cast.officer, initiative=initiative, action="confirm"
        )
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "sangkien.initiatives.tasks.notify_move_task"
    assert queued.args_kwargs == {"args": [], "kwargs": {"transition_id": transition.pk}}
    # Written by the move itself (in its transaction: see the next test), not after it.
    assert any(DBTaskResult._meta.db_table in s or "initiative_move_write(" in s
               for s in _writes(ctx.captured_queries))
    assert not Notification.objects.exists()  # the worker writes them, not the request

    notify_move(**queued.args_kwargs["kwargs"])  # what db_worker runs
    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        cast.author.pk,
        cast.upper_cdgd.pk,
    }


def test_the_librarys_own_database_queue_gets_the_notices_too(in_state, cast, settings):
    # What decides that a move queues its notices is "a database queue" (tasks.
    # queued_in_this_database); the row written must not depend on which class of it.
    from django_tasks_db.models import DBTaskResult

    initiative = in_state("submitted")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    transition = initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {"args": [], "kwargs": {"transition_id": transition.pk}}


def test_a_move_that_rolls_back_queues_nothing(in_state, cast, settings):
    from django_tasks_db.models import DBTaskResult

    initiative = in_state("submitted")
    settings.TASKS = DATABASE_QUEUE

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
        raise Abort
    assert not DBTaskResult.objects.exists()
    assert not Transition.objects.filter(action="confirm").exists()
    assert Initiative.objects.get(pk=initiative.pk).status == Status.SUBMITTED


def test_authors_are_mailed_once_and_their_notices_kept_out_of_the_digest(
    in_state, cast, mailoutbox
):
    from sangkien.initiatives.notifications import send_digests

    initiative = in_state("submitted")
    transition = initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    Notification.objects.all().delete()
    mailoutbox.clear()
    notify_move(transition_id=transition.pk)
    assert [m.to for m in mailoutbox] == [[cast.author.email]]
    notes = dict(Notification.objects.values_list("user_id", "emailed_at"))
    assert notes[cast.author.pk] is not None and notes[cast.upper_cdgd.pk] is None
    mailoutbox.clear()
    send_digests()
    assert [m.to for m in mailoutbox] == [[cast.upper_cdgd.email]]


# ---- without a worker queue: the move writes its own notices ------------------------------

def _notices(transition):
    return sorted((user, initiative, kind, message, mailed is not None) for user, initiative, kind, message, mailed in
                  Notification.objects.filter(transition=transition).values_list(
                      "user_id", "initiative_id", "kind", "message", "emailed_at"))


@pytest.mark.parametrize("state", ["submitted", "returned", "withdrawn", "confirmed", "rejected", "approved",
                                   "nominated", "honoured"])
def test_the_move_writes_the_notices_the_worker_would(draft, cast, state):
    """Every move on the way to `state`: what the move wrote itself (immediate backend, the
    embedded mode) is what db_worker's notify_move writes from the audit row."""
    from .conftest import PATHS

    for action, who in PATHS[state]:
        draft.refresh_from_db()
        transition = initiative_move(acting_user=getattr(cast, who), initiative=draft, action=action,
                                     comment="Lý do cụ thể", honour={"title": "Giấy khen"})
        written = _notices(transition)
        assert written or action == "withdraw", action  # a draft withdrawn by its author: nobody to tell
        Notification.objects.filter(transition=transition).delete()
        notify_move(transition_id=transition.pk)
        assert _notices(transition) == written, action


def test_without_a_worker_queue_the_notices_commit_or_roll_back_with_the_move(in_state, cast):
    initiative = in_state("submitted")

    class Abort(Exception):
        pass

    before = Notification.objects.count()
    with pytest.raises(Abort), transaction.atomic():
        initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
        assert Notification.objects.count() == before + 2  # the author, the CĐGD's officer
        raise Abort
    assert Notification.objects.count() == before


def test_without_a_worker_queue_the_authors_are_mailed_once_the_move_commits(
    in_state, cast, mailoutbox, django_capture_on_commit_callbacks
):
    initiative = in_state("submitted")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
        assert mailoutbox == []  # not before the commit
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [[cast.author.email]]
    assert "xác nhận" in mailoutbox[0].subject


def test_notices_are_written_in_the_site_language_whoever_moves(in_state, cast, mailoutbox,
                                                                django_capture_on_commit_callbacks):
    from django.utils import translation

    initiative = in_state("submitted")
    mailoutbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        transition = initiative_move(acting_user=cast.officer, initiative=initiative, action="confirm")
    messages = {m for *_rest, m, _mailed in _notices(transition)}
    assert messages == {f"Sáng kiến “{initiative.title}” đã được {cast.tree.school.name} xác nhận."}
    assert "Xem chi tiết" in mailoutbox[0].body
