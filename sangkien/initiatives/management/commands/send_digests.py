"""Daily e-mail digest of in-app notices not yet e-mailed. Called once a day by a scheduler
(cron or a systemd timer, see docs/workflow.md), or as the task `tasks.send_digests_task`."""

from django.core.management.base import BaseCommand

from sangkien.initiatives.notifications import send_digests


class Command(BaseCommand):
    help = "Gửi thư tổng hợp thông báo trong ngày cho từng người (chạy mỗi ngày một lần)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"digests sent: {sent}")
