"""`manage.py kit_generate [--replace]`: draw the campaign's logo, banners and posters."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sangkien.kit.services import kit_generate


class Command(BaseCommand):
    help = _("Vẽ biểu trưng, băng rôn và áp phích của Chương trình ở mọi cỡ và lưu vào bộ nhận diện.")

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help=_("Vẽ lại cả những cỡ đã có."))

    def handle(self, *args, **options):
        written = kit_generate(replace=options["replace"])
        self.stdout.write(_("Đã lưu %(n)s tệp vào bộ nhận diện.") % {"n": written})
