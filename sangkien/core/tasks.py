"""django-tasks' database queue, with its row written the cheap way.

A workflow move queues its notifications inside its own transaction (initiatives.workflow).
The library builds that row through the ORM's `create()`, whose query compiling cost more
than the INSERT itself on every move; here the same row, with the same defaults and the
same pre_save signal (which sets "run after" when none is given), goes through
`core.db.insert`. Everything else — validation, the enqueued signal, `db_worker` — is the
library's own.
"""

from django_tasks_db import backend
from django_tasks_db.compat import normalize_json

from sangkien.core.db import insert


class DatabaseBackend(backend.DatabaseBackend):
    def _task_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult

        row = DBTaskResult(
            id=self._get_id(),
            args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
            priority=task.priority,
            task_path=task.module_path,
            queue_name=task.queue_name,
            run_after=task.run_after,
            backend_name=self.alias,
        )
        insert([row])
        return row
