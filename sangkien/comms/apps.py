from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommsConfig(AppConfig):
    name = "sangkien.comms"
    label = "comms"
    verbose_name = _("Truyền thông")

    def ready(self):
        from . import signals  # noqa: F401  (Wagtail groups follow orgs memberships)
