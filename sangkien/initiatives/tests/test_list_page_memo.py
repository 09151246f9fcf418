"""A unit's list page is kept whole by each process (views_lists._PAGES) only while nothing it
shows has changed: every write a row shows, a rename, a field, the viewer's roles and notices,
another viewer, a waiting message and an htmx request each give the right page at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode

from sangkien.factories import UserFactory
from sangkien.initiatives import services
from sangkien.initiatives.models import Field, Initiative, Notification
from sangkien.initiatives.workflow import initiative_move
from sangkien.orgs.models import Membership
from sangkien.orgs.roles import Role

from .listing import entries

LIST = reverse("initiatives:list")


def url(unit="HB-GD", **params):
    return f"{LIST}?{urlencode({'unit': unit, **params})}"


def page(client, unit="HB-GD", headers=None, **params):
    response = client.get(url(unit, **params), headers=headers or {})
    assert response.status_code == 200
    return response.content.decode()


def kept(client, unit="HB-GD", **params):
    """(html, queries) of a request for a page the process already holds."""
    with CaptureQueriesContext(connection) as captured:
        html = page(client, unit, **params)
    return html, len(captured)


def without_token(html):
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


@pytest.fixture
def rows(cast):
    return entries(cast, 3, "submitted", title="Sổ tay số {n}")


def test_a_second_request_is_the_same_page_from_memory_with_few_queries(cast, rows, client_for):
    client = client_for(cast.upper_cdgd)
    with CaptureQueriesContext(connection) as cold:
        first = page(client)
    second, warm = kept(client)

    assert without_token(second) == without_token(first)
    assert "Sổ tay số 0" in second
    # session, user (with consent, roles, unread) and the unit with its versions
    assert warm <= 3 < len(cold), (warm, len(cold))


def test_edits_moves_and_deletions_show_at_once(cast, rows, client_for):
    client = client_for(cast.upper_cdgd)
    page(client, status="returned")
    page(client)

    # a move: counters and the unit's numbers change in its transaction
    initiative_move(acting_user=cast.officer, initiative=rows[0], action="return", comment="Bổ sung số liệu")
    assert "Sổ tay số 0" in page(client, status="returned")

    # an author's edit of the returned entry changes no counter, only what its row shows
    rows[0].refresh_from_db()
    services.initiative_update(acting_user=cast.author, initiative=rows[0], data={"title": "Sổ tay đã sửa"})
    html = page(client)
    assert "Sổ tay đã sửa" in html and "Sổ tay số 0" not in html

    # an administrator deletes an entry
    superuser = UserFactory(is_superuser=True)
    services.initiative_delete(acting_user=superuser, initiative=rows[1])
    assert "Sổ tay số 1" not in page(client)

    # a write that bypasses the services still moves the numbers (post_save)
    entry = Initiative.objects.get(pk=rows[2].pk)
    entry.title = "Tên mới từ trang quản trị"
    entry.save()
    assert "Tên mới từ trang quản trị" in page(client)


def test_a_change_below_shows_in_every_list_above(cast, rows, client_for):
    client = client_for(cast.upper_hb)
    for unit in ("HB", "HB-GD", "HB-GD-001"):
        page(client, unit)
    entry = Initiative.objects.get(pk=rows[0].pk)
    entry.title = "Đổi tên ở trường"
    entry.save()
    for unit in ("HB", "HB-GD", "HB-GD-001"):
        assert "Đổi tên ở trường" in page(client, unit), unit


def test_renamed_units_and_fields_show_at_once(cast, rows, client_for):
    client = client_for(cast.upper_cdgd)
    page(client)
    school = cast.tree.school
    school.name = "Trường Tiểu học Đổi Tên"
    school.save()
    assert "Trường Tiểu học Đổi Tên" in page(client)

    field = Field.objects.create(name="Lĩnh vực mới", is_active=True)
    assert "Lĩnh vực mới" in page(client)
    field.name = "Lĩnh vực đổi tên"
    field.save()
    assert "Lĩnh vực đổi tên" in page(client)


def test_each_viewer_gets_their_own_page(cast, client_for):
    secret = entries(cast, 1, "confirmed", title="Quy trình mật", confidential=True, content="Nội dung kín",
                     benefit_vnd=7_654_321)[0]
    upper, outside = client_for(cast.upper_cdgd), client_for(cast.upper_national)
    Membership.objects.filter(user=cast.upper_national).delete()
    Membership.objects.create(user=cast.upper_national, unit=cast.tree.cdgd, role=Role.COUNCIL)

    officer_page = page(upper)
    council_page = page(outside)
    assert "7.654.321" in officer_page  # an officer over the unit sees it in full
    assert secret.title in council_page
    assert cast.upper_cdgd.full_name in officer_page and cast.upper_cdgd.full_name not in council_page
    assert 'name="pick"' in officer_page and 'name="pick"' not in council_page  # only officers approve


def test_the_viewers_notices_and_roles_show_at_once(cast, rows, client_for):
    client = client_for(cast.upper_cdgd)
    page(client)
    Notification.objects.create(user=cast.upper_cdgd, kind="test", message="Có sáng kiến mới")
    assert '<span class="badge" aria-hidden="true">1</span>' in page(client)

    assert 'data-nav="scoring-queue"' not in page(client)
    Membership.objects.create(user=cast.upper_cdgd, unit=cast.tree.cdgd, role=Role.COUNCIL)
    assert 'data-nav="scoring-queue"' in page(client)

    Membership.objects.filter(user=cast.upper_cdgd).delete()
    assert client.get(url()).status_code == 404  # no longer in the viewer's reach


def test_a_page_with_a_message_is_not_kept_and_each_request_has_its_own_token(cast, rows, client_for):
    client = client_for(cast.upper_cdgd)
    picks = [f"{rows[0].pk}:{rows[0].version}"]
    response = client.post(reverse("initiatives:bulk"), {"action": "confirm", "pick": picks, "next": url()})
    assert response.status_code == 200
    first = page(client)
    other = client_for(cast.officer)
    page(other, "HB-GD-001")
    tokens = set()
    for who, unit in ((client, "HB-GD"), (other, "HB-GD-001")):
        html, _queries = kept(who, unit)
        assert "__csrf-slot-" not in html
        tokens.update(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert len(tokens) == 2
    assert "__csrf-slot-" not in first


def test_an_htmx_request_gets_the_region_even_after_the_whole_page_was_kept(cast, rows, client_for):
    client = client_for(cast.upper_cdgd)
    full = page(client)
    region = page(client, headers={"HX-Request": "true"})
    assert "<html" in full and "<html" not in region
    assert "Sổ tay số 0" in region
    assert "<html" in page(client)


def test_a_nomination_further_up_shows_at_once(cast, client_for):
    """NOMINATED -> NOMINATED changes no counter but moves the level unit (the row's "tại …",
    its version in the checkbox and whose quick button it is)."""
    entry = entries(cast, 1, "nominated", title="Đề xuất tiếp")[0]
    entry.refresh_from_db()
    holder = entry.level_unit
    client = client_for(cast.upper_hb)
    before = page(client, "HB")
    assert f'value="{entry.pk}:{entry.version}"' in before  # HB holds it: HB may nominate it on

    initiative_move(acting_user=cast.upper_hb, initiative=entry, action="nominate")
    entry.refresh_from_db()
    assert entry.level_unit != holder

    after = page(client, "HB")
    assert f'value="{entry.pk}:' not in after, "HB's quick button is still offered (stale page)"
    assert entry.level_unit.name in after


def test_an_edit_locks_counter_rows_before_version_rows_as_every_writer_does(cast, rows):
    """A move writes counters, then versions; an edit that did it the other way round could
    wait on a move that waits on it (a deadlock on the national rows)."""
    initiative_move(acting_user=cast.officer, initiative=rows[0], action="return", comment="Bổ sung số liệu")
    rows[0].refresh_from_db()
    with CaptureQueriesContext(connection) as captured:
        services.initiative_update(acting_user=cast.author, initiative=rows[0], data={"benefit_vnd": 9_000_000})
    order = [q["sql"] for q in captured if "progress_counter" in q["sql"] or "progress_version" in q["sql"]]
    counters = [i for i, sql in enumerate(order) if '"progress_counter"' in sql and sql.startswith("INSERT")]
    bumps = [i for i, sql in enumerate(order) if '"progress_version"' in sql and sql.startswith("INSERT")]
    assert counters and bumps
    assert max(counters) < min(bumps), order
