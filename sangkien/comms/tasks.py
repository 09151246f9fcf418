"""Background task (django-tasks): publish and unpublish pages whose time has come.

Wagtail keeps the schedule on the page (go_live_at, expire_at) and does the work in its
`publish_scheduled` command; this task wraps that command so a `db_worker` can run it. A cron
job or systemd timer calls the command (or enqueues the task) every few minutes.
"""

import io

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_task():
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
