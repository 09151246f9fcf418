"""Background tasks (django-tasks): the notifications of each move, and what a scheduler
runs every day.

The daily ones do the same work as the management commands `send_digests` and
`send_reminders`: a cron job or systemd timer may call either the command or enqueue the
task for a `db_worker`.
"""

from django.conf import settings
from django_tasks import task

from . import notifications


def queued_in_this_database(a_task):
    """True when enqueueing `a_task` writes a row through the default database connection
    (TASKS_BACKEND=database), so the queue row is part of the caller's transaction."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(a_task.get_backend(), DatabaseBackend)


@task()
def notify_move_task(transition_id):
    """The in-app notices and e-mails of one workflow move (workflow._after_move)."""
    notifications.notify_move(transition_id=transition_id)


@task()
def mail_authors_task(initiative_id, comment, message, author_ids):
    """E-mail a move's authors once it has committed, when the move wrote its notices itself."""
    notifications.mail_authors(initiative_id, comment, message, author_ids)


@task()
def send_digests_task():
    return notifications.send_digests()


@task()
def send_reminders_task(days=None):
    reminded, sent = notifications.send_reminders(
        days=settings.REMINDER_AFTER_DAYS if days is None else days)
    return {"reminded": reminded, "sent": sent}
