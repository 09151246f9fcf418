from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sangkien.accounts.backends import find_user
from sangkien.core.formatting import group_thousands
from sangkien.core.tabular import ImportRejected, UnreadableFile
from sangkien.initiatives.importing import initiatives_import
from sangkien.initiatives.models import Campaign
from sangkien.orgs.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập sáng kiến từ tệp .xlsx (theo tệp mẫu) hoặc .csv UTF-8 cùng các cột. Có một dòng lỗi thì "
        "không lưu gì và liệt kê mọi dòng lỗi. Người nhập (--as) là cán bộ công đoàn, nhập thay cho tác giả: "
        "không có --confirm, sáng kiến được gửi ngay cho CĐCS (trạng thái “Chờ CĐCS xác nhận”, vào hàng "
        "chờ của cán bộ CĐCS), không để ở dạng nháp; có --confirm, sáng kiến được gửi và xác nhận luôn "
        "(“CĐCS đã xác nhận”), chỉ khi người nhập là cán bộ của các CĐCS đó."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx hoặc .csv")
        parser.add_argument("--as", dest="as_user", required=True, metavar="USER",
                            help="thư điện tử hoặc số điện thoại của người nhập")
        parser.add_argument("--unit", metavar="CODE", help="mã CĐCS cho các dòng để trống cột Mã CĐCS")
        parser.add_argument("--campaign", metavar="CODE",
                            help="mã chương trình (mặc định: chương trình đang diễn ra gần nhất)")
        parser.add_argument("--confirm", action="store_true",
                            help="gửi và xác nhận luôn mọi sáng kiến (người nhập phải là cán bộ các CĐCS đó)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra tệp, không lưu gì")

    def handle(self, *args, file, as_user, unit=None, campaign=None, confirm=False, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("Không tìm thấy tệp %(path)s.") % {"path": file})
        acting_user = find_user(as_user)
        if acting_user is None or not acting_user.is_active:
            raise CommandError(_("Không có người dùng đang hoạt động nào là “%(who)s”.") % {"who": as_user})
        default_unit = None
        if unit:
            default_unit = Unit.objects.select_related("kind").filter(code=unit).first()
            if default_unit is None:
                raise CommandError(_("Không có đơn vị nào mã “%(code)s”.") % {"code": unit})
        chosen = None
        if campaign:
            chosen = Campaign.objects.filter(code=campaign).first()
            if chosen is None:
                raise CommandError(_("Không có chương trình nào mã “%(code)s”.") % {"code": campaign})
        try:
            with path.open("rb") as source:
                plan = initiatives_import(acting_user=acting_user, source=source, filename=path.name,
                                          campaign=chosen, default_unit=default_unit, confirm=confirm,
                                          dry_run=dry_run)
        except (UnreadableFile, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Không lưu gì: tệp có %(count)s lỗi. Sửa các dòng trên rồi nhập lại cả tệp.")
                % {"count": group_thousands(len(exc.errors))}
            ) from None
        self.stdout.write(plan.summary())
        for unit_obj, count in plan.by_unit():
            self.stdout.write(f"  {unit_obj.code}  {unit_obj.name}: {group_thousands(count)}")
        if plan.similar:
            self.stdout.write(_("Có %(count)s sáng kiến tên gần giống sáng kiến khác cùng CĐCS, nên xem lại:")
                              % {"count": group_thousands(len(plan.similar))})
            for item in plan.similar[:50]:
                self.stdout.write(_("  dòng %(row)s: “%(title)s” gần giống “%(other)s”") % {
                    "row": item.number, "title": item.title, "other": item.other_title})
        if dry_run:
            self.stdout.write(_("Chạy thử (--dry-run): chưa lưu gì."))
