"""Sections: the sync command builds what each publishing unit needs, once, and group
membership follows orgs roles held in exactly that unit."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission, Site, Workflow

from sangkien.comms.models import PortalHomePage, SectionPage
from sangkien.comms.sections import approvers_group_name, editors_group_name, section_slug
from sangkien.factories import UserFactory, grant, make_unit
from sangkien.orgs.models import Membership
from sangkien.orgs.roles import Role

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    return (SectionPage.objects.count(), Group.objects.count(), Collection.objects.count(),
            Workflow.objects.count(), GroupPagePermission.objects.count(), PortalHomePage.objects.count())


def test_the_sync_command_creates_sections_for_units_with_editors_and_is_idempotent(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # no signal help: the command alone
        grant(UserFactory(), tree.cdgd, Role.EDITOR)
        grant(UserFactory(), tree.school, Role.EDITOR)

    call_command("sync_comms_sections", stdout=io.StringIO())
    first = counts()
    call_command("sync_comms_sections", stdout=io.StringIO())

    assert counts() == first
    assert set(SectionPage.objects.values_list("unit__code", flat=True)) == {"HB-GD", "HB-GD-001"}
    assert PortalHomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page.specific_class is PortalHomePage
    section = SectionPage.objects.get(unit=tree.cdgd)
    assert section.get_parent().specific_class is PortalHomePage  # flat, not nested
    assert SectionPage.objects.get(unit=tree.school).get_parent().pk == section.get_parent().pk
    assert section.live
    assert section.editors_group.name == editors_group_name(tree.cdgd) == "HB-GD · Biên tập"
    assert section.approvers_group.name == approvers_group_name(tree.cdgd) == "HB-GD · Duyệt"
    assert section.get_workflow().tasks.get().specific.groups.get() == section.approvers_group


def test_the_sync_command_names_units_and_refuses_unknown_codes(tree):
    call_command("sync_comms_sections", "--unit", "HN-001", stdout=io.StringIO())

    assert SectionPage.objects.filter(unit=tree.hn_school).exists()
    with pytest.raises(CommandError, match="KHONG-CO"):
        call_command("sync_comms_sections", "--unit", "KHONG-CO", stdout=io.StringIO())


def test_a_section_slug_has_no_tone_marks(tree):
    unit = make_unit(code="HB-GD-X", name="Công đoàn Giáo dục Hòa Bình", short_name="CĐGD Hòa Bình",
                     kind_code="upper", parent=tree.hoa_binh)

    assert section_slug(unit) == "cdgd-hoa-binh"


def test_groups_follow_roles_held_in_exactly_that_unit(sections, django_capture_on_commit_callbacks):
    tree = sections.tree
    editors, approvers = sections.school.editors_group, sections.school.approvers_group
    upper_editor = UserFactory()
    newcomer = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        grant(upper_editor, tree.cdgd, Role.EDITOR)  # an upper unit's editor: not the school's
        grant(newcomer, tree.school, Role.EDITOR)
        grant(newcomer, tree.school, Role.UNIT_ADMIN)

    assert set(editors.user_set.all()) == {sections.school_editor, newcomer}
    assert set(approvers.user_set.all()) == {sections.school_approver, sections.school_admin, newcomer}
    assert not upper_editor.groups.filter(pk__in=[editors.pk, approvers.pk]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=newcomer, unit=tree.school, role=Role.EDITOR).delete()

    assert set(editors.user_set.all()) == {sections.school_editor}
    assert newcomer in approvers.user_set.all()


def test_a_first_editor_in_a_unit_creates_its_section(tree, django_capture_on_commit_callbacks):
    editor = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        grant(editor, tree.hn_school, Role.EDITOR)

    section = SectionPage.objects.get(unit=tree.hn_school)
    assert editor in section.editors_group.user_set.all()


def test_a_role_written_in_bulk_reaches_the_groups_at_sign_in(client, sections):
    """The member import writes roles with bulk_create (no signal): sign-in catches up."""
    imported = UserFactory()
    Membership.objects.bulk_create([Membership(user=imported, unit=sections.tree.school, role=Role.EDITOR)])
    departed = sections.school2_editor
    Membership.objects.filter(user=departed).delete()  # queryset delete sends signals, but
    sections.school2.editors_group.user_set.add(departed)  # say the group kept them anyway
    assert imported not in sections.school.editors_group.user_set.all()

    client.force_login(imported)
    client.force_login(departed)

    assert imported in sections.school.editors_group.user_set.all()
    assert departed not in sections.school2.editors_group.user_set.all()
