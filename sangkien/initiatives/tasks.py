"""Background tasks (django-tasks) for what a scheduler runs every day.

The same work as the management commands `send_digests` and `send_reminders`: a cron job
or systemd timer may call either the command or enqueue the task for a `db_worker`.
"""

from django.conf import settings
from django_tasks import task

from . import notifications


@task()
def send_digests_task():
    return notifications.send_digests()


@task()
def send_reminders_task(days=None):
    reminded, sent = notifications.send_reminders(
        days=settings.REMINDER_AFTER_DAYS if days is None else days)
    return {"reminded": reminded, "sent": sent}
