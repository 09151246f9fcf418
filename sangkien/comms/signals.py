"""Wagtail groups follow orgs memberships: a role granted or taken away in a unit brings that
unit's section groups in step once the transaction commits (sections.py does the work)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sangkien.orgs.models import Membership


def _after_commit(unit_id):
    from .sections import unit_memberships_changed

    transaction.on_commit(lambda: unit_memberships_changed(unit_id))


@receiver(post_save, sender=Membership, dispatch_uid="comms_membership_saved")
def membership_saved(sender, instance, **kwargs):
    from .sections import SECTION_ROLES

    if instance.role in SECTION_ROLES:
        _after_commit(instance.unit_id)


@receiver(post_delete, sender=Membership, dispatch_uid="comms_membership_deleted")
def membership_deleted(sender, instance, **kwargs):
    from .sections import SECTION_ROLES

    if instance.role in SECTION_ROLES:
        _after_commit(instance.unit_id)
