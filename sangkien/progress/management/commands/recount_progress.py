from django.core.management.base import BaseCommand, CommandError

from sangkien.orgs.models import Unit
from sangkien.progress import recount


class Command(BaseCommand):
    help = (
        "Đếm lại số liệu tiến độ từ hồ sơ sáng kiến, báo mọi chênh lệch với bộ đếm; "
        "--fix để ghi lại bộ đếm theo số đếm lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Chỉ đếm lại cây đơn vị có mã này.")
        parser.add_argument("--fix", action="store_true", help="Sửa các chênh lệch tìm thấy.")

    def handle(self, *args, unit=None, fix=False, **options):
        root = None
        if unit:
            root = Unit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"Không có đơn vị mã {unit}.")
        differences = recount.drift(root)
        codes = dict(Unit.objects.values_list("id", "code")) if differences else {}
        for table, key, have, want in differences:
            where = codes.get(key[0], key[0])
            self.stdout.write(f"chênh lệch {table} {where} {key[1:]}: đang lưu {have}, đếm lại {want}")
        if not differences:
            self.stdout.write(self.style.SUCCESS("Bộ đếm khớp với hồ sơ."))
            return
        if fix:
            recount.rewrite(root)
            self.stdout.write(self.style.SUCCESS(f"Đã sửa {len(differences)} chênh lệch."))
        else:
            raise CommandError(f"{len(differences)} chênh lệch; chạy lại với --fix để sửa.")
