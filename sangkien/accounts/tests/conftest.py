from types import SimpleNamespace

import pytest
from django.core.cache import cache

from sangkien.accounts.models import Consent, PrivacyNotice
from sangkien.factories import UserFactory, grant
from sangkien.orgs.roles import Role

PASSWORD = "mat-khau-dai-123"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The login throttle counts failures in the cache; one test's failures must not leak.
    cache.clear()
    yield
    cache.clear()


def consent(user):
    return Consent.objects.create(user=user, notice=PrivacyNotice.current())


@pytest.fixture
def sign_in(client):
    """Signs `user` in on the test client, having agreed to the notice unless told not to."""

    def sign_in(user, *, consented=True):
        if consented:
            consent(user)
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def cast(tree):
    """The standing cast around the Hòa Bình education union (HB-GD):

    admin      unit admin of HB-GD: may invite and grant anywhere under it
    officer    grassroots officer of the school HB-GD-001: may see its members, not invite
    upper      upper-level officer of HB-GD: may see members, not invite
    member     a plain member of the school
    outsider   unit admin of the Hà Nội school: nothing to do with Hòa Bình
    root       a system administrator
    """
    admin = UserFactory(full_name="Quản trị <script>alert('cdgd')</script>", phone="+84912345678")
    officer = UserFactory(full_name="Cán bộ Trường Đà Bắc")
    upper = UserFactory(full_name="Cán bộ Công đoàn Giáo dục")
    member = UserFactory(full_name="Đoàn viên Đà Bắc")
    outsider = UserFactory(full_name="Quản trị Cầu Giấy")
    root = UserFactory(full_name="Quản trị hệ thống", is_superuser=True, is_staff=True)
    grant(admin, tree.cdgd, Role.UNIT_ADMIN)
    grant(officer, tree.school, Role.OFFICER)
    grant(upper, tree.cdgd, Role.UPPER_OFFICER)
    grant(member, tree.school, Role.MEMBER)
    grant(outsider, tree.hn_school, Role.UNIT_ADMIN)
    return SimpleNamespace(admin=admin, officer=officer, upper=upper, member=member, outsider=outsider,
                           root=root, tree=tree)
