"""django-tasks' database queue, with its row written the cheap way.

A workflow move queues its notifications inside its own transaction (initiatives.workflow).
The library builds that row through the ORM's `create()`, whose query compiling cost more
than the INSERT itself on every move; here the same row, with the same defaults and the
same pre_save signal (which sets "run after" when none is given), goes through
`core.db.insert`, or, as JSON, into the database function that writes a whole move on
PostgreSQL (`queue_row`). Everything else — validation, the enqueued signal, `db_worker` —
is the library's own.
"""

import datetime
import uuid

from django.db import connection
from django.db.models import signals
from django_tasks_db import backend
from django_tasks_db.compat import normalize_json, task_enqueued

from sangkien.core.db import insert


class DatabaseBackend(backend.DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        row = _row(self, task, args, kwargs)
        insert([row])
        return row


def _row(queue, task, args, kwargs):
    """The unsaved row the database queue `queue` writes for `task` (the library's fields)."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult(
        id=queue._get_id(),
        args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=queue.alias,
    )


def queue_row(a_task, **kwargs):
    """The row `a_task.enqueue(**kwargs)` would write, for a database function to insert with
    `jsonb_populate_record` in the caller's statement: ({column: JSON value}, done), where
    `done(**filled)` is called once that statement has run, with the arguments the function
    filled in (it sends the library's enqueued signal). None when the task's queue is not
    this database's (the embedded mode runs tasks where they are enqueued)."""
    from django_tasks_db.models import DBTaskResult

    queue = a_task.get_backend()
    if not isinstance(queue, backend.DatabaseBackend):  # the library's, or this module's
        return None
    queue.validate_task(a_task)
    row = _row(queue, a_task, [], kwargs)
    signals.pre_save.send(sender=DBTaskResult, instance=row, raw=False, using=connection.alias, update_fields=None)
    values = {f.column: _json(f.pre_save(row, True)) for f in DBTaskResult._meta.concrete_fields}
    row._state.adding = False

    def done(**filled):
        row.args_kwargs["kwargs"].update(filled)
        task_enqueued.send(type(queue), task_result=row.task_result)

    return values, done


def _json(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value
