"""Sections of the communications site and the Wagtail permissions that go with them.

One SectionPage per publishing unit, flat under the portal home. Each has:
- a Collection for its images and documents;
- a group "<code> · Biên tập" (editors): admin access, add + change on the section's page
  subtree, add/change/choose images and documents in its collection;
- a group "<code> · Duyệt" (approvers): the same plus publish;
- a Workflow with one GroupApprovalTask for the approvers group.

A unit publishes once it has a communications editor (Role.EDITOR held in that unit), or
when named to `sync_comms_sections --unit`. Membership of the groups follows orgs roles held
in exactly that unit (never inherited from an upper unit: upper units feature, they do not
edit): Role.EDITOR → editors; Role.UNIT_ADMIN, Role.UPPER_OFFICER, Role.OFFICER → approvers.
Every function here is idempotent.
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from sangkien.core.text import fold
from sangkien.orgs.models import Membership, Unit
from sangkien.orgs.roles import Role

from .models import PortalHomePage, SectionPage

logger = logging.getLogger(__name__)

EDITOR_ROLES = (Role.EDITOR,)
APPROVER_ROLES = (Role.UNIT_ADMIN, Role.UPPER_OFFICER, Role.OFFICER)
SECTION_ROLES = EDITOR_ROLES + APPROVER_ROLES

EDITOR_PAGE_PERMS = ("add_page", "change_page")
APPROVER_PAGE_PERMS = ("add_page", "change_page", "publish_page")
MEDIA_PERMS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}


def editors_group_name(unit):
    return f"{unit.code} · Biên tập"


def approvers_group_name(unit):
    return f"{unit.code} · Duyệt"


def section_slug(unit):
    return slugify(fold(unit.short_name or unit.name))[:200] or slugify(unit.code)


@transaction.atomic
def portal_home():
    """The portal home, made the default site's root (replacing Wagtail's welcome page)."""
    home = PortalHomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        slug = "trang-chu"
        while Page.objects.child_of(root).filter(slug=slug).exists():
            slug += "-1"
        home = root.add_child(instance=PortalHomePage(title="Cổng thông tin “01 triệu sáng kiến”", slug=slug))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="Sáng kiến")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


def page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def section_ensure(unit):
    """The unit's section with its collection, groups, permissions and workflow; created
    when missing, repaired when part of it is."""
    home = portal_home()
    section = SectionPage.objects.filter(unit=unit).first()
    if section is None:
        slug = section_slug(unit)
        if Page.objects.child_of(home).filter(slug=slug).exists():
            slug = f"{slug}-{slugify(unit.code)}"
        section = home.add_child(instance=SectionPage(title=unit.name, slug=slug, unit=unit))
        section.save_revision().publish()
        section.refresh_from_db()

    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = section.collection
    if collection is None:
        collection = root_collection.add_child(instance=Collection(name=f"{unit.code} · {unit.display_name}"))
    editors, _ = Group.objects.get_or_create(name=editors_group_name(unit))
    approvers, _ = Group.objects.get_or_create(name=approvers_group_name(unit))
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for group, page_perms in ((editors, EDITOR_PAGE_PERMS), (approvers, APPROVER_PAGE_PERMS)):
        group.permissions.add(access_admin)
        for codename in page_perms:
            GroupPagePermission.objects.get_or_create(group=group, page=section, permission=page_permission(codename))
        for app_label, codenames in MEDIA_PERMS.items():
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(group=group, collection=collection,
                                                                permission=permission)

    workflow = workflow_ensure(unit, section, approvers)
    changed = {"collection": collection, "editors_group": editors, "approvers_group": approvers}
    if any(getattr(section, f"{name}_id") != value.pk for name, value in changed.items()):
        for name, value in changed.items():
            setattr(section, name, value)
        SectionPage.objects.filter(pk=section.pk).update(**changed)
    section_sync_members(section)
    return section, workflow


def workflow_ensure(unit, section, approvers):
    name = f"{unit.code} · Duyệt bài"
    workflow = Workflow.objects.filter(name=name).first() or Workflow.objects.create(name=name, active=True)
    task = GroupApprovalTask.objects.filter(name=f"{unit.code} · Duyệt").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"{unit.code} · Duyệt")
    task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return workflow


def section_sync_members(section):
    """The section's two groups hold exactly the users with the matching roles in its unit."""
    memberships = Membership.objects.filter(unit_id=section.unit_id, role__in=SECTION_ROLES)
    editors = {m.user_id for m in memberships if m.role in EDITOR_ROLES}
    approvers = {m.user_id for m in memberships if m.role in APPROVER_ROLES}
    for group, wanted in ((section.editors_group, editors), (section.approvers_group, approvers)):
        if group is None:
            continue
        current = set(group.user_set.values_list("pk", flat=True))
        if current - wanted:
            group.user_set.remove(*(current - wanted))
        if wanted - current:
            group.user_set.add(*(wanted - current))


def publishing_units():
    """Units that publish: every unit where someone holds the editor role."""
    return Unit.objects.filter(pk__in=Membership.objects.filter(role=Role.EDITOR).values("unit_id"))


def sections_sync(units=None):
    """Ensure a section for each publishing unit (or the given ones). Returns the number created."""
    units = list(units if units is not None else publishing_units())
    before = SectionPage.objects.count()
    portal_home()
    for unit in units:
        section_ensure(unit)
    return SectionPage.objects.count() - before


def unit_memberships_changed(unit_id):
    """After a role is granted or taken away in a unit: create its section when an editor
    arrives, and bring the section's groups in step. Runs after the grant has committed; a
    failure here is logged, never undoes the grant, and `sync_comms_sections` repairs it."""
    try:
        _unit_memberships_changed(unit_id)
    except Exception:
        logger.exception("comms: could not sync the section of unit %s", unit_id)


def _unit_memberships_changed(unit_id):
    section = SectionPage.objects.filter(unit_id=unit_id).select_related("editors_group", "approvers_group").first()
    if section is None:
        if Membership.objects.filter(unit_id=unit_id, role=Role.EDITOR).exists():
            section_ensure(Unit.objects.get(pk=unit_id))
        return
    section_sync_members(section)


def user_memberships_checked(user):
    """At sign-in: the sections of every unit where the user holds, or held, a section role
    are brought in step. Catches roles written without signals (the member import's
    bulk_create), so an imported editor can edit from their first sign-in."""
    from django.db.models import Q

    unit_ids = set(Membership.objects.filter(user=user, role__in=SECTION_ROLES).values_list("unit_id", flat=True))
    unit_ids |= set(SectionPage.objects.filter(Q(editors_group__user=user) | Q(approvers_group__user=user))
                    .values_list("unit_id", flat=True))
    for unit_id in sorted(unit_ids):
        unit_memberships_changed(unit_id)


def sections_of(user, roles=SECTION_ROLES):
    """The sections whose unit the user holds one of `roles` in (exactly there)."""
    if not user.is_authenticated:
        return SectionPage.objects.none()
    unit_ids = Membership.objects.filter(user=user, role__in=roles).values("unit_id")
    return SectionPage.objects.filter(unit_id__in=unit_ids)
