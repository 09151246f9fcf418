"""`manage.py seed_demo`: a realistic tree, one account per role, and idempotent."""

import hashlib
import io
import re

from django.contrib.auth import authenticate
from django.core.management import call_command

from sangkien.accounts.consent import has_current_consent
from sangkien.accounts.models import Consent, User
from sangkien.core.demo import data
from sangkien.core.models import AuditEvent
from sangkien.orgs.models import Cluster, Membership, Unit

HOA_BINH_DISTRICTS = [
    "thành phố Hòa Bình", "huyện Cao Phong", "huyện Đà Bắc", "huyện Kim Bôi", "huyện Lạc Sơn",
    "huyện Lạc Thủy", "huyện Lương Sơn", "huyện Mai Châu", "huyện Tân Lạc", "huyện Yên Thủy",
]


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


TREE_ONLY = "--no-initiatives"  # for the tests about the tree and accounts: 20 s faster


def snapshot():
    """Counts, and a checksum of every unit row and membership as stored (timestamps too)."""
    units = Unit.objects.order_by("code").values_list(
        "code", "path", "depth", "numchild", "name", "short_name", "kind__code", "headcount",
        "cluster__name", "updated_at",
    )
    memberships = Membership.objects.order_by("user__email", "unit__code", "role").values_list(
        "user__email", "unit__code", "role", "created_at"
    )
    users = User.objects.order_by("email").values_list("email", "phone", "password", "is_superuser")
    digest = hashlib.sha256(repr((list(units), list(memberships), list(users))).encode()).hexdigest()
    counts = {
        model.__name__: model.objects.count()
        for model in (Unit, Cluster, User, Membership, Consent, AuditEvent)
    }
    return counts, digest


def test_running_it_twice_changes_nothing(db):
    seed()
    first = snapshot()

    output = seed()

    assert snapshot() == first
    assert "thêm 0 đơn vị, cập nhật 0 đơn vị, thêm 0 tài khoản, 0 vai trò" in output


def test_it_puts_back_what_someone_changed_and_nothing_else(db):
    seed(TREE_ONLY)
    school = Unit.objects.get(code=data.DEMO_SCHOOL_CODE)
    name = school.name
    Unit.objects.filter(pk=school.pk).update(name="Đổi tên <script>", headcount=1)
    before = Unit.objects.exclude(pk=school.pk).order_by("code").values_list("code", "updated_at")
    before = list(before)

    output = seed(TREE_ONLY)

    school.refresh_from_db()
    assert school.name == name
    assert "cập nhật 1 đơn vị" in output
    after = Unit.objects.exclude(pk=school.pk).order_by("code").values_list("code", "updated_at")
    assert list(after) == before


def test_it_builds_a_realistic_union_tree(db):
    seed(TREE_ONLY)

    assert Unit.find_problems() == ([], [], [], [], [])
    national = Unit.objects.get(code="TLD")
    assert national.is_root() and national.kind.code == "national"
    provinces = national.get_children().filter(kind__code="province")
    assert {u.name for u in provinces} >= {
        "Liên đoàn Lao động tỉnh Hòa Bình", "Liên đoàn Lao động Thành phố Hà Nội",
        "Liên đoàn Lao động Thành phố Hồ Chí Minh", "Liên đoàn Lao động tỉnh Nghệ An",
    }
    cdgd = Unit.objects.get(code="HB-GD")
    assert cdgd.name == "Công đoàn Giáo dục tỉnh Hòa Bình"
    assert cdgd.kind.code == "upper"
    assert cdgd.get_parent().code == "HB"

    districts = cdgd.get_children().filter(kind__code="upper")
    assert sorted(u.name for u in districts) == sorted(f"Công đoàn Giáo dục {d}" for d in HOA_BINH_DISTRICTS)

    schools = list(cdgd.subtree().filter(kind__code="grassroots"))
    assert 230 <= len(schools) <= 290
    for school in schools:
        assert school.name.startswith("Công đoàn Trường ")
        assert school.cluster is not None, school.code
        assert re.fullmatch(r"HB-GD-[A-Z]+-\d{3}", school.code), school.code
    ranges = {"Mầm non": (15, 40), "Tiểu học": (25, 60), "THCS": (25, 55), "THPT": (45, 110)}
    for school in schools:
        label = next((k for k in ranges if f"Trường {k} " in school.name), None)
        if label:
            low, high = ranges[label]
            assert low <= school.headcount <= high, (school.name, school.headcount)
    # Several emulation clusters among the schools, for fair rankings.
    assert len({s.cluster_id for s in schools}) >= 4


def test_every_demo_account_signs_in_with_its_role_and_consent(db):
    output = seed(TREE_ONLY)

    expected = {
        "doanvien": ("member", data.DEMO_SCHOOL_CODE),
        "canbo.cdcs": ("officer", data.DEMO_SCHOOL_CODE),
        "hoidong": ("council", data.DEMO_SCHOOL_CODE),
        "canbo.captren": ("upper_officer", "HB-GD"),
        "bientap": ("editor", "HB-GD"),
        "quantri": ("unit_admin", "HB-GD"),
    }
    for local, (role, unit_code) in expected.items():
        email = f"{local}@demo.sangkien.vn"
        user = authenticate(username=email, password="sangkien2022")
        assert user is not None, email
        assert list(user.memberships.values_list("role", "unit__code")) == [(role, unit_code)]
        assert has_current_consent(user)
        assert not user.is_superuser
        assert email in output
    admin = authenticate(username="admin@demo.sangkien.vn", password="sangkien2022")
    assert admin.is_superuser and admin.is_staff
    assert not admin.memberships.exists()
    # One of them signs in by phone too, written the way people type it.
    assert authenticate(username="0912 345 678", password="sangkien2022").email == "doanvien@demo.sangkien.vn"
    assert "0912 345 678" in output
    assert output.count("sangkien2022") >= 7
    assert authenticate(username="doanvien@demo.sangkien.vn", password="wrong") is None



def test_without_initiatives_it_makes_the_tree_and_accounts_only(db):
    from sangkien.initiatives.models import Initiative

    output = seed(TREE_ONLY)

    assert Unit.objects.filter(code=data.DEMO_SCHOOL_CODE).exists()
    assert Membership.objects.filter(user__email__endswith="@demo.sangkien.vn").count() == 6
    assert not Initiative.objects.exists()
    assert "canbo.captren@demo.sangkien.vn" in output
