from types import SimpleNamespace

import pytest

from sangkien.comms.sections import section_ensure
from sangkien.factories import UserFactory, grant
from sangkien.orgs.roles import Role


def person(unit, role, **fields):
    """A user holding `role` in `unit` who has agreed to the privacy notice (without it every
    page redirects to the consent page, which a refusal test would mistake for a refusal)."""
    from sangkien.accounts.models import PrivacyNotice
    from sangkien.accounts.services import consent_give

    user = UserFactory(**fields)
    grant(user, unit, role)
    consent_give(acting_user=user, notice=PrivacyNotice.current())
    return user


@pytest.fixture
def sections(tree):
    """Sections for cdgd (parent), school and school2 (siblings under cdgd), with a cast:
    an editor and an approver in each, and one approver per approving role at school."""
    cast = SimpleNamespace(
        cdgd_editor=person(tree.cdgd, Role.EDITOR),
        cdgd_approver=person(tree.cdgd, Role.UPPER_OFFICER),
        school_editor=person(tree.school, Role.EDITOR),
        school_approver=person(tree.school, Role.OFFICER),
        school_admin=person(tree.school, Role.UNIT_ADMIN),
        school2_editor=person(tree.school2, Role.EDITOR),
        school2_approver=person(tree.school2, Role.OFFICER),
    )
    for unit in (tree.cdgd, tree.school, tree.school2):
        section_ensure(unit)
    from sangkien.comms.models import SectionPage

    cast.cdgd = SectionPage.objects.get(unit=tree.cdgd)
    cast.school = SectionPage.objects.get(unit=tree.school)
    cast.school2 = SectionPage.objects.get(unit=tree.school2)
    cast.tree = tree
    return cast
