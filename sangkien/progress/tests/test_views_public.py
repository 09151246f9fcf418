"""The public home page: the national counter, provinces, leading clusters, Open Graph card."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from sangkien.factories import UserFactory, grant, make_initiative
from sangkien.initiatives.tests.conftest import drive
from sangkien.initiatives.workflow import initiative_move
from sangkien.orgs.models import Cluster
from sangkien.orgs.roles import Role
from sangkien.progress import selectors
from sangkien.progress.counters import weekly_bump
from sangkien.progress.models import Target

from . import web_fixtures

# Shared fixtures (web_fixtures.py), bound here so pytest finds them.
campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache


def test_without_a_union_tree_the_home_page_shows_no_figure(client, db):
    html = client.get(reverse("core:home")).content.decode()
    assert 'id="live-figures"' not in html and "data-figure" not in html
    assert "Tự hào trí tuệ lao động Việt Nam" in html  # the slogans stay
    assert "Chủ tịch Hồ Chí Minh" in html


@pytest.fixture
def national(cast, campaign):
    for state in ("approved", "honoured", "confirmed"):
        drive(make_initiative(unit=cast.tree.school, created_by=cast.author, benefit_vnd=1_250_000), cast, state)
    hanoi_teacher = UserFactory(full_name="Giáo viên Cầu Giấy")
    grant(hanoi_teacher, cast.tree.hn_school, Role.MEMBER)
    secret = make_initiative(unit=cast.tree.hn_school, created_by=hanoi_teacher, confidential=True,
                             title="Bí mật <script>alert(2)</script>", benefit_vnd=4_000_000)
    initiative_move(acting_user=hanoi_teacher, initiative=secret, action="submit")
    Target.objects.create(unit=cast.tree.hoa_binh, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=8)
    return cast


def test_the_home_page_shows_the_exact_national_count_and_each_province(national, campaign, client):
    html = client.get(reverse("core:home")).content.decode()
    root = selectors.unit_figures(national.tree.national, campaign)
    assert root.counted == 2
    assert re.search(r'data-figure="national">2<', html)
    assert "0% của mục tiêu 1.000.000 sáng kiến" in html
    assert "Giá trị làm lợi 2.500.000 đ · 1 người tham gia" in html
    row = html[html.index('<tr data-unit="HB">'):]
    row = row[:row.index("</tr>")]
    assert "Liên đoàn Lao động tỉnh Hòa Bình" in row and ">2<" in row and "2.500.000 đ" in row and "25%" in row
    row = html[html.index('<tr data-unit="HN">'):]
    assert "chưa giao" in row[:row.index("</tr>")]
    assert "Bí mật" not in html  # titles never appear on the public page
    assert 'hx-trigger="every 30s"' in html


def test_the_counter_runs_toward_the_million_with_a_national_target_of_another_size_beside_it(
        national, campaign, client):
    target = Target.objects.create(unit=national.tree.national, campaign=campaign, kind=Target.Kind.ABSOLUTE,
                                   value=300)
    html = client.get(reverse("core:home")).content.decode()
    assert "0% của mục tiêu 1.000.000 sáng kiến" in html
    assert "Chỉ tiêu của Tổng Liên đoàn Lao động Việt Nam: 300 sáng kiến, đã đạt 0,7%." in html

    target.value = 1_000_000  # the programme's own number: said once
    target.save()
    cache.clear()
    html = client.get(reverse("core:home")).content.decode()
    assert "0% của mục tiêu 1.000.000 sáng kiến" in html and "Chỉ tiêu của" not in html


def test_the_live_figures_refresh_as_a_fragment(national, client):
    response = client.get(reverse("core:home"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="live-figures")
    html = response.content.decode()
    assert "<html" not in html and 'data-figure="national">2<' in html


def test_the_home_page_is_shareable_with_an_open_graph_card_and_plain_links(national, client):
    html = client.get(reverse("core:home")).content.decode()
    tags = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)">', html))
    assert tags["og:title"] == "Chương trình “01 triệu sáng kiến” của Công đoàn Việt Nam"
    assert tags["og:description"].startswith("2 sáng kiến của người lao động đã được ghi nhận")
    assert tags["og:url"] == "http://testserver/"
    assert tags["og:image"] == "http://testserver" + reverse("progress:share_image")
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2F"' in html
    assert 'href="https://zalo.me/share?url=http%3A%2F%2Ftestserver%2F"' in html
    # No third-party script: every <script> is served by the app.
    for src in re.findall(r'<script[^>]*src="([^"]+)"', html):
        assert src.startswith("/static/"), src
    image = client.get(reverse("progress:share_image"))
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(image.content)).size == (1200, 630)


@pytest.fixture
def northern_cluster(national, campaign):
    """Hòa Bình and Hà Nội in one cluster of the national level, each with a campaign target of
    731: one a day over the campaign's 731 days."""
    tree = national.tree
    group = Cluster.objects.create(name="Cụm thi đua miền núi phía Bắc")
    for unit in (tree.hoa_binh, tree.ha_noi):
        unit.cluster = group
        unit.save()
        Target.objects.update_or_create(unit=unit, campaign=campaign, phase_no=0, defaults={"value": 731})
    return tree


def test_the_home_page_names_the_leading_clusters(northern_cluster, campaign, client):
    # Q3/2023 holds 63 of the campaign's 731 days: a quarterly target of 63.
    weekly_bump(unit_path=northern_cluster.school.path, campaign_id=campaign.pk, when=datetime.date(2023, 7, 3),
                confirmed=70)
    html = client.get(reverse("core:home")).content.decode()
    assert "Cụm thi đua miền núi phía Bắc" in html
    assert "quý 3/2023" in html
    assert "Liên đoàn Lao động tỉnh Hòa Bình (70 sáng kiến được xác nhận)" in html


def test_a_cluster_whose_newest_quarter_has_no_leader_yet_shows_its_latest_leaders(northern_cluster, campaign,
                                                                                    client):
    tree = northern_cluster
    # Q2/2023 (91 days): Hòa Bình beats its quarterly target of 91; nobody beats Q3/2023's yet.
    weekly_bump(unit_path=tree.school.path, campaign_id=campaign.pk, when=datetime.date(2023, 4, 3), confirmed=95)
    weekly_bump(unit_path=tree.hn_school.path, campaign_id=campaign.pk, when=datetime.date(2023, 7, 3), confirmed=5)
    html = client.get(reverse("core:home")).content.decode()
    assert "quý 2/2023" in html and "quý 3/2023" not in html
    assert "Liên đoàn Lao động tỉnh Hòa Bình (95 sáng kiến được xác nhận)" in html
    assert "chưa có đơn vị vượt chỉ tiêu quý" not in html
