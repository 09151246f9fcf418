from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sangkien.accounts.backends import find_user
from sangkien.accounts.member_import import members_import
from sangkien.core.tabular import ImportRejected, UnreadableFile


class Command(BaseCommand):
    help = (
        "Nhập người dùng và vai trò từ tệp .csv (UTF-8) hoặc .xlsx có dòng tiêu đề "
        "full_name,email,phone,unit_code,role. Có một dòng lỗi thì không lưu gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".csv or .xlsx")
        parser.add_argument(
            "--as", dest="as_user", metavar="USER_EMAIL_OR_PHONE",
            help="act as this user: only their subtree and the roles they may grant",
        )

    def handle(self, *args, file, as_user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": file})
        acting_user = None
        if as_user:
            acting_user = find_user(as_user)
            if acting_user is None or not acting_user.is_active:
                raise CommandError(_("Không có người dùng đang hoạt động nào là “%(who)s”.") % {"who": as_user})
        try:
            with path.open("rb") as source:
                summary = members_import(acting_user=acting_user, source=source, filename=path.name)
        except UnreadableFile as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Không lưu gì: tệp có %(count)s lỗi. Sửa các dòng trên rồi nhập lại.") % {"count": len(exc.errors)}
            ) from None
        self.stdout.write(
            _("Đã nhập %(rows)s dòng: %(created)s người mới (%(invited)s được gửi thư mời), "
              "%(granted)s vai trò được cấp, %(held)s vai trò đã có từ trước.") % {
                "rows": summary.rows, "created": summary.people_created, "invited": summary.people_invited,
                "granted": summary.roles_granted, "held": summary.roles_already_held,
            }
        )
