"""Wagtail groups follow orgs memberships: a role granted or taken away in a unit brings that
unit's section groups in step once the transaction commits, and a sign-in checks the user's
own sections (for roles written in bulk, without signals). sections.py does the work."""

from django.contrib.auth.signals import user_logged_in
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


@receiver(user_logged_in, dispatch_uid="comms_user_logged_in")
def user_signed_in(sender, request, user, **kwargs):
    from .sections import user_memberships_checked

    user_memberships_checked(user)
