"""The dashboard's figures are served from the cache only while nothing they show has changed:
a move, an import of units, a target, a rename or a recount is visible on the very next
request, and the cached body carries nothing of the viewer's."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sangkien.factories import make_initiative
from sangkien.initiatives.tests.conftest import drive
from sangkien.initiatives.workflow import initiative_move
from sangkien.orgs.importing import COLUMNS, units_import
from sangkien.progress import recount, services, versions
from sangkien.progress.models import Counter, Target

from . import web_fixtures
from .test_views import figure

campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache


def url(code, **params):
    from django.utils.http import urlencode

    return reverse("progress:dashboard", args=[code]) + (f"?{urlencode(params)}" if params else "")


def page(client, code="HB-GD", **params):
    response = client.get(url(code, **params))
    assert response.status_code == 200
    return response.content.decode()


def queries(client, code="HB-GD"):
    with CaptureQueriesContext(connection) as captured:
        client.get(url(code))
    return len(captured)


@pytest.fixture
def item(cast):
    return make_initiative(unit=cast.tree.school, created_by=cast.author, benefit_vnd=1_500_000, title="Sổ tay số")


def test_a_second_request_is_served_from_the_cache_with_fewer_queries(cast, item, client_for):
    client = client_for(cast.upper_cdgd)
    page(client)  # warm: session, consent, the body
    versions.bump_all()
    cold = queries(client)
    warm = queries(client)
    assert warm <= cold - 8, (cold, warm)
    assert figure(page(client), "counted") == "0"


@pytest.mark.parametrize("code", ["TLD", "HB", "HB-GD", "HB-GD-001"])
def test_every_move_shows_on_the_next_request_at_every_level(cast, item, client_for, code):
    client = client_for(cast.upper_national)
    assert figure(page(client, code), "counted") == "0"
    assert figure(page(client, code), "counted") == "0"  # now from the cache
    drive(item, cast, "confirmed")
    html = page(client, code)
    assert figure(html, "counted") == "0"
    assert _status_cell(html, "confirmed") == "1"
    item.refresh_from_db()
    initiative_move(acting_user=cast.upper_cdgd, initiative=item, action="approve")
    assert figure(page(client, code), "counted") == "1"
    assert figure(page(client, code), "benefit") == "1.500.000 đ"
    assert recount.drift() == []


def test_a_deletion_shows_on_the_next_request(cast, item, client_for):
    from sangkien.factories import UserFactory
    from sangkien.initiatives.services import initiative_delete

    client = client_for(cast.upper_cdgd)
    drive(item, cast, "submitted")
    assert _status_cell(page(client), "submitted") == "1"
    assert _status_cell(page(client), "submitted") == "1"  # cached
    initiative_delete(acting_user=UserFactory(is_superuser=True), initiative=item)
    assert _status_cell(page(client), "submitted") == "0"


def _status_cell(html, status):
    import re

    return re.search(rf'data-status="{status}"><th scope="row">[^<]*</th><td class="num">([^<]*)<', html).group(1)


def test_a_target_set_through_the_service_shows_on_the_next_request(cast, campaign, item, client_for):
    client = client_for(cast.upper_cdgd)
    drive(item, cast, "approved")
    assert "Đơn vị chưa được giao chỉ tiêu cho giai đoạn này." in page(client)
    services.target_set(acting_user=cast.upper_hb, unit=cast.tree.cdgd, campaign=campaign, phase_no=0,
                        kind=Target.Kind.ABSOLUTE, value=4)
    assert figure(page(client), "percent") == "25%"
    services.targets_set_for_children(acting_user=cast.upper_cdgd, parent=cast.tree.cdgd, campaign=campaign,
                                      phase_no=0, kind=Target.Kind.ABSOLUTE, value=3)
    assert "Tổng chỉ tiêu đã giao cho các đơn vị trực thuộc: 6 sáng kiến (2/2 đơn vị đã được giao)." in page(client)


def test_a_rename_and_an_import_of_units_show_on_the_next_request(cast, client_for, tmp_path):
    client = client_for(cast.upper_national)
    assert "Công đoàn Trường THPT Đà Bắc" in page(client)
    school = cast.tree.school
    school.name = "Công đoàn Trường THPT Đà Bắc mới"
    school.save()
    assert "Công đoàn Trường THPT Đà Bắc mới" in page(client)

    path = tmp_path / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow(["HB-GD-003", "HB-GD", "Công đoàn Trường Mầm non Hoa Sen", "", "grassroots", "40", ""])
    with open(path, "rb") as source:
        units_import(acting_user=None, source=io.BytesIO(source.read()), filename="units.csv")
    html = page(client)
    assert "Công đoàn Trường Mầm non Hoa Sen" in html


def test_the_unit_its_ancestors_and_the_campaigns_kept_by_the_process_follow_a_change(cast, campaign, client_for):
    """views._page_facts keeps them under the global version: a rename of the unit or of an
    ancestor, a new phase and a new campaign show on the next request, and a unit that is gone
    answers 404."""
    from sangkien.initiatives.models import Campaign

    client = client_for(cast.upper_national)
    page(client)  # kept
    cdgd, province = cast.tree.cdgd, cast.tree.hoa_binh
    cdgd.name, province.name = "Công đoàn Giáo dục tỉnh Hòa Bình (mới)", "Liên đoàn Lao động tỉnh Hòa Bình (mới)"
    cdgd.save()
    province.save()
    html = page(client)
    assert "Công đoàn Giáo dục tỉnh Hòa Bình (mới)" in html and "Liên đoàn Lao động tỉnh Hòa Bình (mới)" in html
    campaign.phases.create(number=9, name="Giai đoạn thử nghiệm", starts_on=campaign.eligible_from,
                           ends_on=campaign.eligible_from)
    assert "Giai đoạn thử nghiệm" in page(client)
    Campaign.objects.create(code="thu-nghiem", name="Chương trình thử nghiệm", eligible_from=campaign.eligible_from,
                            eligible_to=campaign.eligible_to, is_active=False)
    assert "Chương trình thử nghiệm" in page(client)
    assert client.get(url("KHONG-CO")).status_code == 404


def test_a_counter_rewrite_by_the_recount_shows_on_the_next_request(cast, item, client_for):
    client = client_for(cast.upper_cdgd)
    drive(item, cast, "approved")
    assert figure(page(client), "counted") == "1"
    Counter.objects.all().delete()  # drift, as a bad write outside the counters would leave
    recount.rewrite()
    assert figure(page(client), "counted") == "1"


def test_the_cached_body_holds_no_token_and_no_form_and_target_setters_still_get_theirs(cast, item, client_for):
    setter, reader = client_for(cast.upper_cdgd), client_for(cast.officer)
    first = page(setter)
    assert 'id="chi-tieu"' in first and "csrfmiddlewaretoken" in first
    assert 'id="chi-tieu"' not in page(reader, "HB-GD-001")
    assert 'id="chi-tieu"' in page(setter)  # from the cache, the forms rendered for this viewer
    for key_html in _cached_bodies():
        assert "csrfmiddlewaretoken" not in key_html and "<form" not in key_html


def _cached_bodies():
    store = getattr(cache, "_cache", None)
    if store is None:  # Redis: nothing to list cheaply; the test above covers the pages
        return []
    import pickle

    bodies = []
    for key, value in store.items():
        if "progress:dash:" in key:
            bodies.append(pickle.loads(value)["html"])  # noqa: S301 (our own cache)
    assert bodies
    return bodies


def test_the_language_and_the_query_string_have_their_own_entries(cast, item, client_for):
    client = client_for(cast.upper_cdgd)
    count = page(client, order="count")
    per100 = page(client, order="per100")
    assert 'aria-current="true" class="tab-current">Số sáng kiến' in count
    assert 'aria-current="true" class="tab-current">Trên 100 đoàn viên' in per100
    assert "Tổng quan" in page(client)
    client.cookies["django_language"] = "en"
    english = page(client)
    assert "Overview" in english and "Tổng quan" not in english
    del client.cookies["django_language"]
    assert "Tổng quan" in page(client)


def test_the_cached_target_forms_carry_each_viewers_own_working_token(cast, campaign, item):
    import re

    from django.test import Client

    from sangkien.initiatives.tests.entry_fixtures import consent

    def signed_in(user):
        consent(user)
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        return client

    tokens = []
    for user in (cast.upper_cdgd, cast.upper_hb, cast.upper_cdgd):
        client = signed_in(user)
        html = page(client)
        assert "__csrf-slot-" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        response = client.post(reverse("progress:targets", args=["HB-GD"]), {
            "csrfmiddlewaretoken": token, "form": "one", "campaign": campaign.code, "phase": "0",
            "one-phase_no": "0", "one-code": "HB-GD-001", "one-kind": "absolute", "one-value": str(5 + len(tokens))})
        assert response.status_code == 302, response.content.decode()[:500]
        assert Target.objects.get(unit=cast.tree.school).value == 5 + len(tokens)
    assert len(set(tokens)) == 3


def test_a_whole_page_kept_by_the_process_follows_its_viewer(cast, campaign, item, client_for):
    """views._PAGES keeps whole pages under everything they show of the viewer: a new notice, a
    role granted, a message waiting and another viewer each get their own page at once."""
    from sangkien.initiatives.models import Notification
    from sangkien.orgs.models import Membership
    from sangkien.orgs.roles import Role

    upper, other = client_for(cast.upper_cdgd), client_for(cast.upper_hb)
    first = page(upper)
    assert page(upper).count("<nav") == first.count("<nav")  # kept
    assert cast.upper_cdgd.full_name in first
    assert cast.upper_hb.full_name in page(other) and cast.upper_cdgd.full_name not in page(other)

    Notification.objects.create(user=cast.upper_cdgd, kind="test", message="Có sáng kiến mới")
    assert '<span class="badge" aria-hidden="true">1</span>' in page(upper)

    assert 'data-nav="scoring-queue"' not in page(upper)
    Membership.objects.create(user=cast.upper_cdgd, unit=cast.tree.cdgd, role=Role.COUNCIL)
    assert 'data-nav="scoring-queue"' in page(upper)

    response = upper.post(reverse("progress:targets", args=["HB-GD"]), {
        "form": "one", "campaign": campaign.code, "phase": "0",
        "one-phase_no": "0", "one-code": "HB-GD-001", "one-kind": "absolute", "one-value": "7"}, follow=True)
    assert 'class="message message-success"' in response.content.decode()
    again = upper.get(response.redirect_chain[-1][0]).content.decode()
    assert 'class="message message-success"' not in again  # shown once; that page was not kept


def test_an_htmx_part_is_answered_as_a_part_after_the_whole_page_was_kept(cast, campaign, item, client_for):
    client = client_for(cast.upper_cdgd)
    assert "<html" in page(client)
    assert "<html" in page(client)  # kept whole
    # an htmx request for the whole page (a boosted link, say), then one for a part of it
    assert "<html" in client.get(url("HB-GD"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="main").content.decode()
    for _ in range(2):
        response = client.get(url("HB-GD"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="ranked")
        assert response.status_code == 200
        assert "<html" not in response.content.decode()
    assert "<html" in page(client)
