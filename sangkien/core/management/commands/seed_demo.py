"""`manage.py seed_demo`: the demo tree and one account per role. Safe to run again.

Never run it on a real deployment: the demo accounts share a published password.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sangkien.core.demo import data
from sangkien.core.demo.build import seed_demo
from sangkien.orgs.roles import Role


class Command(BaseCommand):
    help = _("Tạo dữ liệu mẫu: cây tổ chức công đoàn và một tài khoản cho mỗi vai trò (chạy lại không thay đổi gì).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-initiatives", action="store_true",
            help=_("Chỉ tạo cây tổ chức và tài khoản mẫu, không tạo sáng kiến và chỉ tiêu mẫu."),
        )

    def handle(self, *args, **options):
        result, accounts = seed_demo(with_initiatives=not options["no_initiatives"])
        self.stdout.write(
            _("Dữ liệu mẫu: thêm %(created)s đơn vị, cập nhật %(updated)s đơn vị, "
              "thêm %(users)s tài khoản, %(roles)s vai trò.") % {
                "created": result.units_created, "updated": result.units_updated,
                "users": result.users_created, "roles": result.memberships_created,
            }
        )
        self.stdout.write(
            _("Sáng kiến mẫu: thêm %(initiatives)s sáng kiến, %(targets)s chỉ tiêu.") % {
                "initiatives": result.initiatives_created, "targets": result.targets_created,
            }
        )
        self.stdout.write(self._table(accounts))
        self.stdout.write(
            _("Mật khẩu chung: %(password)s. Các tài khoản mẫu đã được ghi nhận đồng ý với thông báo "
              "xử lý dữ liệu cá nhân hiện hành để dùng thử được ngay; tài khoản thật luôn tự đồng ý "
              "ở lần đăng nhập đầu.") % {"password": data.DEMO_PASSWORD}
        )

    def _table(self, accounts):
        header = (_("Vai trò"), _("Đăng nhập"), _("Mật khẩu"), _("Đơn vị"))
        rows = []
        for role, user, unit in accounts:
            login = user.email
            if user.phone:
                login = _("%(email)s hoặc %(phone)s") % {"email": user.email, "phone": _local_phone(user.phone)}
            rows.append((
                str(Role(role).label) if role else _("Quản trị hệ thống"),
                login,
                data.DEMO_PASSWORD,
                unit.name if unit else "—",
            ))
        widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]

        def line(cells):
            return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

        rule = "  ".join("-" * width for width in widths)
        return "\n".join(["", _("Tài khoản mẫu:"), line(header), rule, *(line(row) for row in rows), ""])


def _local_phone(phone):
    """+84912345678 -> 0912 345 678, the way people type it."""
    digits = "0" + phone.removeprefix("+84")
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}" if len(digits) == 10 else digits
