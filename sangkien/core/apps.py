from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sangkien.core"
    label = "core"

    def ready(self):
        from . import csrf

        csrf.install()
