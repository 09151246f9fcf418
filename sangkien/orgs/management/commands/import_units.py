from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangkien.core.tabular import ImportRejected, UnreadableFile
from sangkien.orgs.importing import COLUMNS, units_import
from sangkien.orgs.models import Unit


class Command(BaseCommand):
    help = gettext_lazy(
        "Nhập cây đơn vị từ tệp .csv (UTF-8) hoặc .xlsx có dòng tiêu đề "
        "code,parent_code,name,short_name,kind,headcount,cluster. Cả tệp được nhập, "
        "hoặc không dòng nào nếu có dòng lỗi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Đường dẫn tới tệp .csv hoặc .xlsx"))
        parser.add_argument(
            "--within", metavar="CODE",
            help=_("Chỉ cho phép tệp sửa các đơn vị thuộc đơn vị có mã này (kể cả đơn vị đó)"),
        )

    def handle(self, *args, file, within=None, **options):
        scope = None
        if within:
            scope = Unit.objects.filter(code=within).first()
            if scope is None:
                raise CommandError(_("Không có đơn vị mã “%(code)s”.") % {"code": within})
        try:
            result = units_import(acting_user=None, source=file, filename=file, within=scope)
        except FileNotFoundError:
            raise CommandError(_("Không tìm thấy tệp “%(file)s”.") % {"file": file}) from None
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        except ImportRejected as rejected:
            lines = [str(error) for error in rejected.errors]
            raise CommandError("\n".join([
                _("Tệp bị từ chối, không có thay đổi nào được lưu. Các dòng lỗi (%(count)s):") % {
                    "count": len(lines)
                },
                *lines,
                _("Dòng tiêu đề cần có: %(columns)s") % {"columns": ",".join(COLUMNS)},
            ])) from None
        self.stdout.write(result.summary())
