"""The project's database task queue (core/tasks.py): the row it writes is the one the
library's own backend would, inside the caller's transaction, and the library's worker
runs it."""

import datetime
import io
import signal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult, get_date_max

from sangkien.accounts.models import User
from sangkien.core.tasks import DatabaseBackend

DATABASE_QUEUE = {
    "default": {"BACKEND": "sangkien.core.tasks.DatabaseBackend", "QUEUES": ["default", "mail"]},
}


@task()
def rename(user_id, full_name):
    """A task with an effect the test can read: the person's new name, and a return value."""
    User.objects.filter(pk=user_id).update(full_name=full_name)
    return {"renamed": user_id}


@pytest.fixture
def queue(settings):
    settings.TASKS = DATABASE_QUEUE
    assert isinstance(rename.get_backend(), DatabaseBackend)


@pytest.fixture
def person(user_factory):
    return user_factory(full_name="Tên cũ")


def test_enqueueing_writes_one_ready_row_with_the_tasks_call(queue, person):
    before = timezone.now()

    result = rename.using(priority=7, queue_name="mail").enqueue(person.pk, full_name="Tên <b>mới</b>")

    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY
    assert row.args_kwargs == {"args": [person.pk], "kwargs": {"full_name": "Tên <b>mới</b>"}}
    assert row.task_path == "sangkien.core.tests.test_task_backend.rename"
    assert (row.queue_name, row.backend_name, row.priority) == ("mail", "default", 7)
    assert before <= row.enqueued_at <= timezone.now()
    assert row.started_at is None and row.finished_at is None and row.worker_ids == []
    assert str(row.id) == result.id
    assert result.status == TaskResultStatus.READY and result.enqueued_at == row.enqueued_at
    assert User.objects.get(pk=person.pk).full_name == "Tên cũ"  # queued, not run


def test_a_task_without_run_after_is_written_to_run_at_once(queue, person):
    rename.enqueue(person.pk, "x")

    row = DBTaskResult.objects.get()
    assert row.run_after == get_date_max()
    assert DBTaskResult.objects.ready().get() == row


def test_a_task_with_run_after_is_written_with_it(queue, person):
    later = datetime.datetime(2031, 5, 19, 8, 30, 15, 250000, tzinfo=datetime.UTC)

    rename.using(run_after=later).enqueue(person.pk, "x")

    row = DBTaskResult.objects.get()
    assert row.run_after == later
    assert not DBTaskResult.objects.ready().exists()


def test_each_enqueue_writes_its_own_row(queue, person):
    first = rename.enqueue(person.pk, "một")
    second = rename.enqueue(person.pk, "hai")

    assert first.id != second.id
    assert {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)} == {first.id, second.id}


def test_the_enqueued_signal_is_sent_with_the_result(queue, person):
    heard = []

    def on_enqueued(sender, task_result, **kwargs):
        heard.append((sender, task_result.id, task_result.status))

    task_enqueued.connect(on_enqueued, weak=False)
    try:
        result = rename.enqueue(person.pk, "x")
    finally:
        task_enqueued.disconnect(on_enqueued)

    assert heard == [(DatabaseBackend, result.id, TaskResultStatus.READY)]
    assert str(DBTaskResult.objects.get().id) == result.id


class Abort(Exception):
    pass


def test_the_row_is_written_inside_the_callers_transaction_and_rolled_back_with_it(queue, person):
    with pytest.raises(Abort), transaction.atomic():
        result = rename.enqueue(person.pk, "x")
        assert DBTaskResult.objects.filter(pk=result.id).exists()  # written now, not on commit
        raise Abort

    assert not DBTaskResult.objects.exists()


@pytest.fixture
def signal_handlers():
    """db_worker installs its own SIGINT/SIGTERM/SIGQUIT handlers and leaves them: put ours back."""
    names = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    kept = {name: signal.getsignal(name) for name in names}
    yield
    for name, handler in kept.items():
        signal.signal(name, handler)


@pytest.mark.django_db(transaction=True)  # the worker commits, as it does in production
def test_the_librarys_worker_runs_the_queued_task(queue, person, signal_handlers):
    result = rename.enqueue(person.pk, "Tên do worker đặt")

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", stdout=io.StringIO(), verbosity=0)

    row = DBTaskResult.objects.get()
    assert str(row.id) == result.id
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == {"renamed": person.pk}
    assert row.finished_at is not None and len(row.worker_ids) == 1
    assert User.objects.get(pk=person.pk).full_name == "Tên do worker đặt"
    assert rename.get_result(result.id).status == TaskResultStatus.SUCCESSFUL
