from types import SimpleNamespace

import pytest

from sangkien.factories import UserFactory, make_unit


@pytest.fixture
def tree(db):
    """national ─┬─ hoa_binh (province) ─ cdgd (upper) ─┬─ school (grassroots) ─ section
                 │                                        └─ school2 (grassroots)
                 └─ ha_noi (province) ─ hn_school (grassroots)
    """
    national = make_unit(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", kind_code="national")
    hoa_binh = make_unit(code="HB", name="Liên đoàn Lao động tỉnh Hòa Bình", kind_code="province", parent=national)
    ha_noi = make_unit(code="HN", name="Liên đoàn Lao động Thành phố Hà Nội", kind_code="province", parent=national)
    cdgd = make_unit(code="HB-GD", name="Công đoàn Giáo dục tỉnh Hòa Bình", kind_code="upper", parent=hoa_binh)
    school = make_unit(code="HB-GD-001", name="Công đoàn Trường THPT Đà Bắc", kind_code="grassroots",
                       parent=cdgd, headcount=60)
    school2 = make_unit(code="HB-GD-002", name="Công đoàn Trường Tiểu học Cao Phong", kind_code="grassroots",
                        parent=cdgd, headcount=35)
    section = make_unit(code="HB-GD-001-T1", name="Tổ công đoàn Toán", kind_code="section", parent=school,
                        headcount=12)
    hn_school = make_unit(code="HN-001", name="Công đoàn Trường THCS Cầu Giấy", kind_code="grassroots",
                          parent=ha_noi, headcount=80)
    units = [national, hoa_binh, ha_noi, cdgd, school, school2, section, hn_school]
    for unit in units:
        unit.refresh_from_db()
    return SimpleNamespace(national=national, hoa_binh=hoa_binh, ha_noi=ha_noi, cdgd=cdgd, school=school,
                           school2=school2, section=section, hn_school=hn_school)


@pytest.fixture
def user_factory(db):
    return UserFactory


@pytest.fixture
def migration_data(transactional_db):
    """A transactional test flushes the database after itself, data migrations' rows too:
    put them back for the next one."""
    from sangkien.browser_testing import restore_migration_data

    restore_migration_data()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last: they flush the database (live_server needs committed data), which
    takes away what data migrations created from any transactional test that came after."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. With REDIS_URL set (the PostgreSQL CI run) the
    cache outlives a test: a login throttle or a cached figure would leak into the next."""
    from django.core.cache import cache

    from sangkien.core.memo import clear_all

    cache.clear()
    clear_all()
    yield


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese, as a command or a request without a choice would. A request
    whose visitor chose English leaves English active in the thread after it, and a later test's
    command output would then come out in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium (sangkien/browser_testing.py), one per test module."""
    from sangkien.browser_testing import chromium

    with chromium() as launched:
        yield launched
