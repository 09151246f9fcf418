"""Members over each subtree: kept exact by the unit import, checked by the recount, and used
for participant shares, per-100-member rankings and share-of-headcount targets.

The standing tree: national ─┬─ HB ─ HB-GD ─┬─ HB-GD-001 (60 members) ─ section (12)
                             │                └─ HB-GD-002 (35)
                             └─ HN ─ HN-001 (80)
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sangkien.orgs.importing import units_import
from sangkien.progress import recount, selectors
from sangkien.progress.members import expected_members, members_drift, members_refresh
from sangkien.progress.models import MemberTotal, Target

from . import web_fixtures

campaign, client_for, fresh_cache = web_fixtures.campaign, web_fixtures.client_for, web_fixtures.fresh_cache

HEADER = "code,parent_code,name,short_name,kind,headcount,cluster\n"


def totals(tree):
    stored = dict(MemberTotal.objects.values_list("unit__code", "members"))
    return {code: stored.get(code) for code in ("TLD", "HB", "HN", "HB-GD", "HB-GD-001", "HB-GD-001-T1",
                                                 "HB-GD-002", "HN-001")}


def imported(rows):
    return units_import(acting_user=None, source=io.BytesIO((HEADER + rows).encode()), filename="units.csv")


def test_a_total_is_the_greater_of_the_units_own_headcount_and_its_childrens_sum(tree):
    MemberTotal.objects.all().delete()
    assert members_refresh() == 8
    # The school's 60 already include its section's 12; the upper units report nothing themselves.
    assert totals(tree) == {"TLD": 175, "HB": 95, "HN": 80, "HB-GD": 95, "HB-GD-001": 60, "HB-GD-001-T1": 12,
                            "HB-GD-002": 35, "HN-001": 80}
    assert members_refresh() == 0  # nothing left to write
    MemberTotal.objects.filter(unit__code="HB-GD").update(members=3)
    assert members_refresh() == 1 and totals(tree)["HB-GD"] == 95
    assert members_drift() == []


def test_an_upper_unit_reporting_more_than_its_children_keeps_its_own_figure(tree):
    imported("HB-GD,HB,Công đoàn Giáo dục tỉnh Hòa Bình,,upper,500,\n")
    assert totals(tree)["HB-GD"] == 500
    assert totals(tree)["HB"] == 500 and totals(tree)["TLD"] == 580


def test_an_import_keeps_the_totals_exact_when_headcounts_change_and_units_arrive(tree):
    members_refresh()
    imported("HB-GD-002,HB-GD,Công đoàn Trường Tiểu học Cao Phong,,grassroots,50,\n"
             "HN-002,HN,Công đoàn Trường THCS Ba Đình,,grassroots,20,\n")
    assert totals(tree) | {"HN-002": MemberTotal.objects.get(unit__code="HN-002").members} == {
        "TLD": 210, "HB": 110, "HN": 100, "HB-GD": 110, "HB-GD-001": 60, "HB-GD-001-T1": 12, "HB-GD-002": 50,
        "HN-001": 80, "HN-002": 20}
    assert members_drift() == []


def test_moving_a_subtree_moves_its_members_to_the_new_parent(tree):
    members_refresh()
    imported("HB-GD-001,HN,Công đoàn Trường THPT Đà Bắc,,grassroots,60,\n")
    assert totals(tree) == {"TLD": 175, "HB": 35, "HN": 140, "HB-GD": 35, "HB-GD-001": 60, "HB-GD-001-T1": 12,
                            "HB-GD-002": 35, "HN-001": 80}
    assert members_drift() == []


def test_an_unchanged_import_writes_no_total(tree):
    members_refresh()
    MemberTotal.objects.filter(unit__code="HB").update(members=1)  # drift the import must not touch
    imported("HN-001,HN,Công đoàn Trường THCS Cầu Giấy,,grassroots,80,\n")
    assert MemberTotal.objects.get(unit__code="HB").members == 1


def test_the_recount_reports_a_wrong_total_and_fixes_it(tree):
    members_refresh()
    MemberTotal.objects.filter(unit__code="HB").update(members=7)
    MemberTotal.objects.filter(unit__code="HN-001").delete()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("recount_progress", stdout=out)
    report = out.getvalue()
    assert "members HB" in report and "đang lưu 7, đếm lại 95" in report
    assert "members HN-001" in report and "đang lưu None, đếm lại 80" in report
    call_command("recount_progress", "--fix", stdout=io.StringIO())
    assert recount.drift() == [] and totals(tree)["HB"] == 95 and totals(tree)["HN-001"] == 80


def test_a_subtree_recount_checks_only_that_subtree(tree):
    members_refresh()
    MemberTotal.objects.filter(unit__code="HN").update(members=7)
    assert recount.drift(tree.hoa_binh) == []
    assert [d[0] for d in recount.drift(tree.ha_noi)] == ["members"]


def test_shares_targets_and_rankings_above_the_grassroots_use_the_subtree_members(cast, in_state, campaign,
                                                                                 client_for):
    tree = cast.tree
    members_refresh()
    in_state("approved")  # one counted entry and one participant at HB-GD-001
    Target.objects.create(unit=tree.hoa_binh, campaign=campaign, kind=Target.Kind.SHARE, value=10)
    Target.objects.create(unit=tree.ha_noi, campaign=campaign, kind=Target.Kind.SHARE, value=10)

    figures = selectors.unit_figures(tree.hoa_binh, campaign)
    assert figures.members == 95
    assert figures.required == 10  # 10% of 95 members, rounded up; HB's own headcount is 0
    assert figures.people_share == round(100 * 1 / 95, 1)

    ranked = {u.code: u for u in selectors.children_ranked(tree.national, campaign, order="per100")}
    assert ranked["HB"].members == 95 and ranked["HB"].required == 10
    assert ranked["HB"].per100 == pytest.approx(100 / 95)
    assert ranked["HN"].members == 80 and ranked["HN"].required == 8

    html = client_for(cast.upper_hb).get(reverse("progress:dashboard", args=["HB"])).content.decode()
    assert "của 95 đoàn viên" in html
    html = client_for(cast.upper_national).get(reverse("progress:dashboard", args=["TLD"])).content.decode()
    assert "95 đoàn viên" in html and "80 đoàn viên" in html


def test_a_unit_without_a_stored_total_falls_back_to_its_own_headcount(tree, campaign):
    MemberTotal.objects.all().delete()
    assert selectors.unit_figures(tree.school, campaign).members == 60
    assert selectors.unit_figures(tree.hoa_binh, campaign).members == 0
    assert expected_members(tree.hoa_binh)[tree.hoa_binh.pk] == 95
