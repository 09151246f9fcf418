"""Cluster leaders per quarter: the rule, and where the clusters show."""

import datetime

import pytest
from django.urls import reverse

from sangkien.factories import make_unit
from sangkien.initiatives.models import Campaign
from sangkien.orgs.models import Cluster
from sangkien.progress import clusters
from sangkien.progress.counters import weekly_bump
from sangkien.progress.models import Target

from . import web_fixtures

# Shared fixtures (web_fixtures.py), bound here so pytest finds them.
campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache

TODAY = datetime.date(2023, 12, 31)


def confirm(unit, day, n=1):
    """n CĐCS confirmations in the week of `day`, counted as initiative_move counts them."""
    campaign_id = Campaign.objects.values_list("pk", flat=True).get(code="01-trieu-sang-kien")
    weekly_bump(unit_path=unit.path, campaign_id=campaign_id, when=day, confirmed=n)


@pytest.fixture
def cluster(cast, campaign):
    """Three schools of the education union in one cluster, each with a campaign target of 731:
    one a day over the campaign's 731 days (01/9/2021 – 01/9/2023)."""
    tree = cast.tree
    group = Cluster.objects.create(name="Khối các trường <b>THPT</b>")
    school3 = make_unit(code="HB-GD-003", name="Công đoàn Trường THCS Tân Lạc", kind_code="grassroots",
                        parent=tree.cdgd, headcount=40)
    for unit in (tree.school, tree.school2, school3):
        unit.cluster = group
        unit.save()
        Target.objects.create(unit=unit, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=731)
    return group, tree.school, tree.school2, school3


def test_quarters_are_calendar_quarters_cut_to_the_campaign_window(campaign):
    periods = clusters.quarters(campaign, TODAY)
    assert [(q.year, q.number, q.days) for q in periods] == [
        (2021, 3, 30), (2021, 4, 92), (2022, 1, 90), (2022, 2, 91), (2022, 3, 92), (2022, 4, 92),
        (2023, 1, 90), (2023, 2, 91), (2023, 3, 63)]
    assert clusters.window_days(campaign) == 731
    assert [q.number for q in clusters.quarters(campaign, datetime.date(2022, 2, 1))] == [3, 4, 1]


def test_the_leader_has_the_most_confirmations_among_those_that_beat_their_quarterly_target(cast, cluster,
                                                                                                campaign):
    _group, school, school2, school3 = cluster
    # Q2/2022 has 91 days: a quarterly target of 731 × 91 / 731 = 91 confirmations.
    confirm(school, datetime.date(2022, 4, 4), 95)
    confirm(school2, datetime.date(2022, 5, 2), 91)  # exactly the target: beats it
    school3_target = Target.objects.get(unit=school3)
    school3_target.value = 2000  # 2000 × 91 / 731 = 248.96…: 200 confirmations fall short
    school3_target.save()
    confirm(school3, datetime.date(2022, 6, 6), 200)
    (standing,) = clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
    q2 = next(row for row in standing.quarters if (row.quarter.year, row.quarter.number) == (2022, 2))
    assert [(m.unit.code, n, quota) for m, n, quota in q2.leaders] == [("HB-GD-001", 95, 91)]
    assert q2.beaten == 2
    q3 = next(row for row in standing.quarters if (row.quarter.year, row.quarter.number) == (2022, 3))
    assert q3.leaders == [] and q3.beaten == 0
    assert standing.quarters[0].quarter.number == 3 and standing.quarters[0].quarter.year == 2023  # newest first


def test_one_short_of_the_quarterly_target_does_not_lead_and_ties_lead_together(cast, cluster, campaign):
    _group, school, school2, school3 = cluster
    confirm(school, datetime.date(2022, 1, 10), 89)  # Q1/2022: 90 days, target 90
    confirm(school2, datetime.date(2022, 2, 7), 90)
    confirm(school3, datetime.date(2022, 3, 28), 90)  # the week of Monday 28/3 counts in Q1
    (standing,) = clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
    q1 = next(row for row in standing.quarters if (row.quarter.year, row.quarter.number) == (2022, 1))
    assert sorted(m.unit.code for m, _n, _q in q1.leaders) == ["HB-GD-002", "HB-GD-003"]


def test_a_unit_without_a_campaign_target_is_not_ranked(cast, cluster, campaign):
    _group, school, school2, _school3 = cluster
    Target.objects.filter(unit=school).delete()
    confirm(school, datetime.date(2022, 10, 3), 500)
    confirm(school2, datetime.date(2022, 10, 3), 92)
    (standing,) = clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
    q4 = next(row for row in standing.quarters if (row.quarter.year, row.quarter.number) == (2022, 4))
    assert [m.unit.code for m, _n, _q in q4.leaders] == ["HB-GD-002"]


def test_clusters_show_on_the_dashboard_of_the_level_that_forms_them(cast, cluster, campaign, client_for):
    group, school, *_ = cluster
    confirm(school, datetime.date(2022, 4, 4), 95)
    html = client_for(cast.upper_cdgd).get(reverse("progress:dashboard", args=["HB-GD"])).content.decode()
    assert "Khối các trường &lt;b&gt;THPT&lt;/b&gt;" in html
    assert "Cách xác định đơn vị dẫn đầu" in html and "Quý 2/2022" in html
    # Not on the province above (its children are not members), nor on a member's own page.
    assert clusters.cluster_standings(cast.tree.hoa_binh, campaign) == []
    assert clusters.cluster_standings(school, campaign) == []
    # A member outside the subtree takes the cluster off the dashboard.
    cast.tree.hn_school.cluster = group
    cast.tree.hn_school.save()
    assert clusters.cluster_standings(cast.tree.cdgd, campaign) == []


def test_cluster_standings_take_the_same_queries_for_few_or_many_members(cast, cluster, campaign,
                                                                         django_assert_num_queries):
    # The global version, the clusters' owners (once per version and process), the clusters,
    # their members, the members' weekly confirmations.
    with django_assert_num_queries(5):
        clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
    with django_assert_num_queries(4):
        clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
    group = cluster[0]
    for i in range(15):
        make_unit(code=f"HB-GD-C{i}", name=f"Trường {i}", kind_code="grassroots", parent=cast.tree.cdgd,
                  cluster=group)
    with django_assert_num_queries(5):  # the tree changed: the owners are found again
        clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)


def test_a_cluster_of_schools_across_districts_shows_on_the_level_that_holds_them_all(cast, campaign):
    """A province's education union groups its schools by area, across its districts."""
    tree = cast.tree
    district_a = make_unit(code="HB-GD-LS", name="CĐGD huyện Lương Sơn", kind_code="upper", parent=tree.cdgd)
    district_b = make_unit(code="HB-GD-KS", name="CĐGD huyện Kim Bôi", kind_code="upper", parent=tree.cdgd)
    area = Cluster.objects.create(name="Cụm thi đua số 1")
    near = Cluster.objects.create(name="Cụm trường Lương Sơn")
    for n, district in enumerate((district_a, district_a, district_b)):
        make_unit(code=f"{district.code}-{n}", name=f"Trường {n}", kind_code="grassroots", parent=district,
                  cluster=area)
    for n in range(2):
        make_unit(code=f"HB-GD-LS-N{n}", name=f"Trường gần {n}", kind_code="grassroots", parent=district_a,
                  cluster=near)

    assert list(clusters.clusters_owned_by(tree.cdgd)) == [area]  # across two districts
    assert list(clusters.clusters_owned_by(district_a)) == [near]  # inside one district
    for unit in (tree.national, tree.hoa_binh, district_b):
        assert list(clusters.clusters_owned_by(unit)) == []


def test_the_owner_is_the_members_lowest_common_ancestor_or_its_parent_when_it_is_a_member():
    assert clusters.owner_path("00010002", "00010005") == "0001"  # siblings: their parent
    assert clusters.owner_path("000100020001", "000100050003") == "0001"  # cousins: the grandparent
    assert clusters.owner_path("000100020001", "000100020009") == "00010002"
    assert clusters.owner_path("00010002", "000100020003") == "0001"  # a member holds another
    assert clusters.owner_path("000100020003", "000100020003") == "00010002"  # one member
    assert clusters.owner_path("00010012", "00010019") == "0001"  # a common digit is not a step
    assert clusters.owner_path("0001", "00010002") is None  # the root in a cluster: nobody above


def test_a_cluster_too_large_to_rank_is_listed_with_its_size_and_no_ranking(cast, cluster, campaign, client_for,
                                                                            monkeypatch, django_assert_num_queries):
    confirm(cluster[1], datetime.date(2022, 4, 4), 95)
    monkeypatch.setattr(clusters, "MAX_RANKED", 2)  # the fixture's cluster holds three schools
    with django_assert_num_queries(3):  # the global version, the owners, the clusters: no member read
        (standing,) = clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
    assert (standing.size, standing.ranked, standing.quarters) == (3, False, [])
    html = client_for(cast.upper_cdgd).get(reverse("progress:dashboard", args=["HB-GD"])).content.decode()
    assert "Khối các trường &lt;b&gt;THPT&lt;/b&gt; <span class=\"muted\">(3 đơn vị)</span>" in html
    assert "Cụm có hơn 2 đơn vị: không xếp hạng theo quý trên trang này." in html
    assert "Quý 2/2022" not in html


def test_standings_are_kept_a_minute_and_computed_again_when_targets_change(cast, cluster, campaign, settings,
                                                                            monkeypatch):
    settings.CLUSTER_STANDINGS_SECONDS = 60
    clock = [1000.0]
    monkeypatch.setattr(clusters.time, "monotonic", lambda: clock[0])
    group, school, school2, _school3 = cluster

    def leaders():
        (standing,) = clusters.cluster_standings(cast.tree.cdgd, campaign, today=TODAY)
        q2 = next(q for q in standing.quarters if (q.quarter.year, q.quarter.number) == (2022, 2))
        return [member.unit.code for member, _n, _quota in q2.leaders]

    confirm(school, datetime.date(2022, 4, 4), 95)
    assert leaders() == ["HB-GD-001"]
    confirm(school2, datetime.date(2022, 5, 2), 120)
    clock[0] += 59
    assert leaders() == ["HB-GD-001"]  # kept: within the minute
    clock[0] += 2
    assert leaders() == ["HB-GD-002"]  # a minute on: computed again

    confirm(school, datetime.date(2022, 4, 11), 30)  # 125 for HB-GD-001 now
    Target.objects.filter(unit=school2).update(value=731)  # no signal: the global version stays
    assert leaders() == ["HB-GD-002"]
    Target.objects.get(unit=school2).save()  # a target saved: every kept standing is stale
    assert leaders() == ["HB-GD-001"]
