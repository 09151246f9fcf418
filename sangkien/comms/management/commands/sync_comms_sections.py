"""Create what is missing for each publishing unit's section: page, collection, groups,
permissions, workflow, and group membership from orgs roles. Safe to run any number of times."""

from django.core.management.base import BaseCommand, CommandError

from sangkien.comms.sections import SECTION_ROLES, sections_sync
from sangkien.orgs.models import Unit


class Command(BaseCommand):
    help = "Tạo chuyên trang, nhóm quyền, thư mục ảnh và quy trình duyệt cho các đơn vị đăng bài."

    def add_arguments(self, parser):
        parser.add_argument("--unit", action="append", default=[], metavar="CODE",
                            help="Mã đơn vị (lặp lại được); mặc định: mọi đơn vị có biên tập viên.")

    def handle(self, *args, unit, **options):
        units = None
        if unit:
            units = list(Unit.objects.filter(code__in=unit))
            missing = set(unit) - {u.code for u in units}
            if missing:
                raise CommandError(f"Không có đơn vị mã: {', '.join(sorted(missing))}")
        created = sections_sync(units)
        self.stdout.write(f"Đã tạo {created} chuyên trang mới; nhóm quyền đồng bộ theo vai trò {', '.join(SECTION_ROLES)}.")
