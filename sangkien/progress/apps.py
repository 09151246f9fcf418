from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "sangkien.progress"
    label = "progress"
    verbose_name = _("Tiến độ và chỉ tiêu")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from sangkien.initiatives.models import Campaign, Field, Initiative, Phase, Status
        from sangkien.orgs.models import Cluster, Unit

        from .counters import unit_ids
        from .models import Target
        from .versions import bump, bump_all

        def changed(sender, **kwargs):
            # What a dashboard or a list shows beyond the counters and the entries (names, places,
            # clusters, headcounts, campaign windows, fields, targets) changed one row at a
            # time: every kept region and page is stale.
            bump_all()

        for model in (Unit, Cluster, Campaign, Phase, Field, Target):
            post_save.connect(changed, sender=model, dispatch_uid=f"progress-version-{model.__name__}", weak=False)
            post_delete.connect(changed, sender=model, dispatch_uid=f"progress-version-del-{model.__name__}",
                                weak=False)

        def entry_changed(sender, instance, **kwargs):
            # An entry saved or deleted one at a time (an edit of a returned entry, its authors,
            # an admin's deletion): the lists over its unit and every unit above show it, so
            # their numbers move even when no counter does. Drafts are in no such list.
            # Moves and imports write with UPDATE/INSERT and bump with their counters.
            # A service that also writes counters bumps after them, in every writer's lock order.
            if instance.status != Status.DRAFT and not getattr(instance, "versions_bumped_by_caller", False):
                bump(unit_ids(instance.unit_path).values())

        post_save.connect(entry_changed, sender=Initiative, dispatch_uid="progress-version-initiative", weak=False)
        post_delete.connect(entry_changed, sender=Initiative, dispatch_uid="progress-version-del-initiative",
                            weak=False)
