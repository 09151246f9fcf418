"""Remind officers of entries waiting too long at one level. Called once a day by a
scheduler (see docs/workflow.md), or as the task `tasks.send_reminders_task`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sangkien.initiatives.notifications import send_reminders


class Command(BaseCommand):
    help = ("Nhắc cán bộ công đoàn về các sáng kiến đã chờ xử lý quá N ngày ở một cấp "
            "(mặc định REMINDER_AFTER_DAYS). Mỗi sáng kiến được nhắc nhiều nhất một lần mỗi ngày.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Số ngày chờ trước khi nhắc (mặc định: REMINDER_AFTER_DAYS).")

    def handle(self, *args, days=None, **options):
        days = settings.REMINDER_AFTER_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days phải là số không âm.")
        reminded, sent = send_reminders(days=days)
        self.stdout.write(f"entries reminded: {reminded}, e-mails sent: {sent}")
