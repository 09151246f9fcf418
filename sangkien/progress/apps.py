from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "sangkien.progress"
    label = "progress"
    verbose_name = _("Tiến độ và chỉ tiêu")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from sangkien.initiatives.models import Campaign, Phase
        from sangkien.orgs.models import Cluster, Unit

        from .models import Target
        from .versions import bump_all

        def changed(sender, **kwargs):
            # What a dashboard shows beyond the counters (names, places, clusters, headcounts,
            # campaign windows, targets) changed one row at a time: every cached region is stale.
            bump_all()

        for model in (Unit, Cluster, Campaign, Phase, Target):
            post_save.connect(changed, sender=model, dispatch_uid=f"progress-version-{model.__name__}", weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=f"progress-version-del-{model.__name__}",
                                weak=False)
