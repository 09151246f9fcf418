from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitConfig(AppConfig):
    name = "sangkien.kit"
    label = "kit"
    verbose_name = _("Bộ nhận diện truyền thông")

    def ready(self):
        from . import signals  # noqa: F401  (the slogan cache follows every edit)
