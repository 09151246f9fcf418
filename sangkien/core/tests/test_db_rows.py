"""core.db.insert, select and select_with_children: the rows they write and read are the ORM's own.

Both skip the ORM's query building on the hot path of a workflow move; each test here checks
one thing `Model.save()` or `Model.objects.get()` would have done for them.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from sangkien.core.db import HOT_ROWS, insert, select, select_with_children
from sangkien.factories import grant, make_initiative
from sangkien.initiatives.models import Author, Honour, Initiative, Notification, Transition
from sangkien.orgs.roles import Role

pytestmark = pytest.mark.django_db

# A value with microseconds and a zone, as timezone.now() gives them.
MOMENT = datetime.datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=datetime.UTC)


def values(obj):
    """Every concrete column's value of `obj`, by attribute name."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def typed_values(obj):
    """values(), each with its type: 1 == True and 0 == False, so a boolean read back as an
    integer would otherwise pass."""
    return {name: (type(value), value) for name, value in values(obj).items()}


@pytest.fixture
def people(tree, user_factory):
    author = user_factory(full_name="Lò Thị <b>Tác giả</b>")
    grant(author, tree.school, Role.MEMBER)
    officer = user_factory(full_name="Cán bộ")
    return author, officer


@pytest.fixture
def entry(tree, people):
    author, _ = people
    return make_initiative(unit=tree.school, created_by=author)


def transition_for(entry, actor, **fields):
    return Transition(initiative=entry, action="confirm", from_status="submitted", to_status="confirmed",
                      actor=actor, unit=entry.unit, **fields)


def notice_for(user, message, **fields):
    return Notification(user=user, kind="moved", message=message, **fields)


def queued_row(**fields):
    return DBTaskResult(id=uuid.uuid4(), args_kwargs={"args": [1], "kwargs": {}}, task_path="x.y",
                        backend_name="default", **fields)


# ---- insert -----------------------------------------------------------------------------


def test_insert_gives_one_new_row_its_key(entry, people):
    transition = transition_for(entry, people[1], comment="Đủ minh chứng", created_at=MOMENT)

    assert insert([transition]) == [transition]

    assert transition.pk is not None
    assert values(Transition.objects.get(pk=transition.pk)) == values(transition)


def test_insert_writes_several_rows_in_one_statement_each_with_its_own_key(people):
    author, officer = people
    notices = [notice_for(author, "một"), notice_for(officer, "hai"), notice_for(author, "ba")]

    with CaptureQueriesContext(connection) as ctx:
        insert(notices)

    assert len(ctx.captured_queries) == 1
    assert len({n.pk for n in notices}) == 3 and None not in {n.pk for n in notices}
    for notice in notices:
        assert values(Notification.objects.get(pk=notice.pk)) == values(notice)


def test_insert_writes_a_long_batch_as_well(people):
    author, _ = people
    notices = [notice_for(author, f"thông báo {n}") for n in range(HOT_ROWS + 4)]

    insert(notices)

    stored = {n.pk: n.message for n in Notification.objects.filter(user=author)}
    assert stored == {n.pk: n.message for n in notices}


def test_insert_of_one_row_then_two_then_one_writes_each_call_whole(people):
    author, _ = people
    for messages in (["một"], ["hai", "ba"], ["bốn"]):
        notices = insert([notice_for(author, m) for m in messages])
        assert [Notification.objects.get(pk=n.pk).message for n in notices] == messages
    assert Notification.objects.filter(user=author).count() == 4


def test_inserted_rows_are_saved_instances_of_this_database(people):
    notice = Notification(user_id=people[0].pk, kind="moved", message="đã lưu")  # by id: no database yet
    assert notice._state.adding and notice._state.db is None

    insert([notice])

    assert notice._state.adding is False
    assert notice._state.db == "default"


def test_insert_of_nothing_writes_nothing():
    with CaptureQueriesContext(connection) as ctx:
        assert insert([]) == []
    assert ctx.captured_queries == []


def test_insert_writes_model_defaults(people):
    before = timezone.now()
    notice = notice_for(people[0], "mặc định")

    insert([notice])

    stored = Notification.objects.get(pk=notice.pk)
    assert before <= stored.created_at <= timezone.now()
    assert stored.read_at is None and stored.initiative_id is None
    assert values(stored) == values(notice)


def test_insert_sets_auto_now_add_on_the_object_and_in_the_row(entry, tree):
    before = timezone.now()
    honour = Honour(initiative=entry, unit=tree.hoa_binh, title="Giấy khen")
    queued = queued_row()
    assert honour.created_at is None and queued.enqueued_at is None

    insert([honour])
    insert([queued])

    after = timezone.now()
    assert before <= honour.created_at <= after
    assert before <= queued.enqueued_at <= after
    assert Honour.objects.get(pk=honour.pk).created_at == honour.created_at
    assert DBTaskResult.objects.get(pk=queued.pk).enqueued_at == queued.enqueued_at


@pytest.fixture
def heard():
    """The pre_save and post_save signals sent for Notification, in order."""
    calls = []

    def on_pre_save(sender, instance, **kwargs):
        # What a receiver sets here is what gets written (django_tasks_db sets run_after so).
        instance.message = f"{instance.message} (đã xem trước)"
        calls.append(("pre_save", instance, instance.pk, kwargs))

    def on_post_save(sender, instance, **kwargs):
        calls.append(("post_save", instance, instance.pk, kwargs))

    signals.pre_save.connect(on_pre_save, sender=Notification, weak=False)
    signals.post_save.connect(on_post_save, sender=Notification, weak=False)
    yield calls
    signals.pre_save.disconnect(on_pre_save, sender=Notification)
    signals.post_save.disconnect(on_post_save, sender=Notification)


def test_insert_sends_pre_save_before_writing_and_post_save_created_after(people, heard):
    first, second = notice_for(people[0], "một"), notice_for(people[1], "hai")

    insert([first, second])

    assert [(name, instance) for name, instance, _, _ in heard] == [
        ("pre_save", first), ("pre_save", second), ("post_save", first), ("post_save", second),
    ]
    assert [pk for _, _, pk, _ in heard] == [None, None, first.pk, second.pk]
    for name, _, _, kwargs in heard:
        assert kwargs["raw"] is False and kwargs["using"] == "default" and kwargs["update_fields"] is None
        if name == "post_save":
            assert kwargs["created"] is True
    assert Notification.objects.get(pk=first.pk).message == "một (đã xem trước)"
    assert Notification.objects.get(pk=second.pk).message == "hai (đã xem trước)"


def test_insert_writes_a_row_whose_key_is_given_with_that_key():
    key = uuid.uuid4()
    queued = queued_row(run_after=MOMENT)
    queued.id = key

    insert([queued])

    assert queued.pk == key
    assert DBTaskResult.objects.filter(pk=key).count() == 1


def test_what_insert_writes_is_what_the_orm_reads_back_datetimes_and_json_included():
    payload = {"args": [7, "Hòa Bình <script>"], "kwargs": {"khi": None, "ds": [1.5, True, {"a": "ắ"}]}}
    queued = queued_row(run_after=MOMENT, priority=-3, queue_name="mail", worker_ids=["w1"])
    queued.args_kwargs = payload

    insert([queued])

    stored = DBTaskResult.objects.get(pk=queued.pk)
    assert values(stored) == values(queued)
    assert stored.args_kwargs == payload
    assert stored.run_after == MOMENT
    assert stored.return_value is None and stored.started_at is None


def test_insert_runs_the_model_pre_save_of_the_task_library():
    queued = queued_row()  # no run_after: django_tasks_db's pre_save receiver sets it

    insert([queued])

    assert DBTaskResult.objects.get(pk=queued.pk).run_after == get_date_max()


# ---- select -----------------------------------------------------------------------------


@pytest.fixture
def full_entry(tree, people):
    """An entry with true and false booleans, set and empty foreign keys, dates and datetimes,
    and three authors (one without an account) listed in a known order."""
    author, officer = people
    entry = make_initiative(unit=tree.school, created_by=author, confidential=True, authors=[
        {"full_name": "Tác giả một", "user": author, "share": 50, "birth_year": 1980},
        {"full_name": "Tác giả hai", "user": None, "share": 30},
        {"full_name": "Tác giả ba", "user": officer, "share": 20},
    ])
    Initiative.objects.filter(pk=entry.pk).update(level_unit=tree.cdgd, phase=None, status_changed_at=MOMENT)
    return entry


def test_select_reads_every_column_as_the_orm_does(full_entry):
    [selected] = select(Initiative, "id = %s", [full_entry.pk])

    stored = Initiative.objects.get(pk=full_entry.pk)
    assert typed_values(selected) == typed_values(stored)
    # What the comparison covers, so it cannot pass on a row of Nones:
    assert selected.confidential is True and selected.status_changed_at == MOMENT
    assert selected.level_unit_id is not None and selected.phase_id is None
    assert isinstance(selected.created_at, datetime.datetime) and selected.first_used_on == datetime.date(2022, 3, 1)


def test_select_reads_nullable_keys_and_false_booleans_as_the_orm_does(full_entry):
    Initiative.objects.filter(pk=full_entry.pk).update(confidential=False)

    [selected] = select(Initiative, "id = %s", [full_entry.pk])

    assert selected.confidential is False
    assert typed_values(selected) == typed_values(Initiative.objects.get(pk=full_entry.pk))
    authors = select(Author, "initiative_id = %s", [full_entry.pk], order_by="id")
    assert [typed_values(a) for a in authors] == [
        typed_values(a) for a in Author.objects.filter(initiative=full_entry).order_by("id")
    ]
    assert [a.user_id is None for a in authors] == [False, True, False]


def test_select_reads_uuid_json_and_datetime_columns_as_the_orm_does():
    queued = queued_row(run_after=MOMENT, worker_ids=["w1", "w2"])
    queued.args_kwargs = {"args": ["Hòa Bình"], "kwargs": {"khi": None, "ds": [1.5, True]}}
    queued.task_path = "sangkien.core.tests.chon"
    insert([queued])

    [selected] = select(DBTaskResult, "task_path = %s", ["sangkien.core.tests.chon"])

    assert typed_values(selected) == typed_values(DBTaskResult.objects.get(pk=queued.pk))
    assert selected.id == queued.id and selected.args_kwargs == queued.args_kwargs
    assert selected.run_after == MOMENT


def test_select_follows_order_by(full_entry):
    ascending = select(Author, "initiative_id = %s", [full_entry.pk], order_by="position_in_list")
    descending = select(Author, "initiative_id = %s", [full_entry.pk], order_by="position_in_list DESC")

    assert [a.full_name for a in ascending] == ["Tác giả một", "Tác giả hai", "Tác giả ba"]
    assert [a.full_name for a in descending] == ["Tác giả ba", "Tác giả hai", "Tác giả một"]


def test_select_of_the_same_model_by_another_clause_reads_its_own_rows(full_entry, people):
    by_entry = select(Author, "initiative_id = %s", [full_entry.pk])
    by_account = select(Author, "user_id = %s", [people[1].pk])

    assert sorted(a.full_name for a in by_entry) == ["Tác giả ba", "Tác giả hai", "Tác giả một"]
    assert [a.full_name for a in by_account] == ["Tác giả ba"]


def test_select_of_no_rows_is_an_empty_list(full_entry):
    assert select(Initiative, "id = %s", [full_entry.pk + 1000]) == []


def test_selected_instances_are_saved_instances_of_this_database(full_entry):
    [selected] = select(Initiative, "id = %s", [full_entry.pk])

    assert selected._state.adding is False
    assert selected._state.db == "default"
    assert selected == Initiative.objects.get(pk=full_entry.pk)


# ---- PostgreSQL: the statements run prepared ---------------------------------------------


def prepared_count(pattern):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [pattern])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True)  # so the connection may be closed and opened afresh
def test_on_postgresql_insert_and_select_run_one_prepared_statement_each(user_factory):
    user = user_factory()
    table = Notification._meta.db_table
    connection.close()  # a fresh connection: nothing prepared yet

    for message in ("một", "hai"):
        insert([notice_for(user, message)])
    for _ in range(2):
        assert len(select(Notification, "user_id = %s", [user.pk])) == 2

    assert prepared_count(f'INSERT INTO "{table}"%') == 1
    assert prepared_count(f'SELECT%FROM "{table}"%') == 1


# select_with_children: the entry a move acts on and its authors, in one statement.

def with_authors(pk, order_by="c.position_in_list, c.id"):
    return select_with_children(Initiative, pk, Author, "initiative_id", order_by=order_by)


def test_select_with_children_reads_the_parent_and_each_child_as_the_orm_does(full_entry):
    Initiative.objects.filter(pk=full_entry.pk).update(confidential=False)  # a false boolean too
    entry, authors = with_authors(full_entry.pk)

    assert typed_values(entry) == typed_values(Initiative.objects.get(pk=full_entry.pk))
    assert [typed_values(a) for a in authors] == [
        typed_values(a) for a in Author.objects.filter(initiative=full_entry).order_by("position_in_list", "id")
    ]
    assert entry.confidential is False and entry.status_changed_at == MOMENT and entry.phase_id is None
    assert [a.full_name for a in authors] == ["Tác giả một", "Tác giả hai", "Tác giả ba"]
    assert [a.user_id is None for a in authors] == [False, True, False]
    assert not entry._state.adding and all(not a._state.adding for a in authors)


def test_select_with_children_follows_order_by(full_entry):
    _entry, authors = with_authors(full_entry.pk, order_by="c.position_in_list DESC")
    assert [a.full_name for a in authors] == ["Tác giả ba", "Tác giả hai", "Tác giả một"]


def test_select_with_children_of_a_parent_without_children_is_an_empty_list(full_entry):
    Author.objects.filter(initiative=full_entry).delete()
    entry, authors = with_authors(full_entry.pk)
    assert entry.pk == full_entry.pk and authors == []


def test_select_with_children_of_no_parent_is_none(full_entry):
    assert with_authors(full_entry.pk + 1000) is None


def test_select_with_children_is_one_query(full_entry):
    with CaptureQueriesContext(connection) as captured:
        with_authors(full_entry.pk)
    assert len(captured) == 1
