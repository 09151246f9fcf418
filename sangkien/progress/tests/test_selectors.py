import pytest

from sangkien.initiatives.models import Campaign
from sangkien.progress import selectors
from sangkien.progress.models import Target


@pytest.fixture
def campaign(db):
    return Campaign.objects.get(code="01-trieu-sang-kien")


def test_unit_figures_read_the_subtree_totals_and_the_target(cast, in_state, campaign):
    in_state("approved")
    tree = cast.tree
    Target.objects.create(unit=tree.cdgd, campaign=campaign, phase_no=0, kind=Target.Kind.ABSOLUTE, value=4)
    figures = selectors.unit_figures(tree.cdgd, campaign)
    assert (figures.counted, figures.confirmed, figures.entries, figures.benefit, figures.people) == (
        1, 1, 1, 1_500_000, 1)
    assert (figures.required, figures.percent) == (4, 25.0)
    assert selectors.unit_figures(tree.ha_noi, campaign).entries == 0


def test_share_targets_follow_the_headcount(cast, in_state, campaign):
    in_state("approved")
    school = cast.tree.school  # 60 members
    Target.objects.create(unit=school, campaign=campaign, kind=Target.Kind.SHARE, value=30)
    figures = selectors.unit_figures(school, campaign)
    assert figures.required == 18
    assert figures.percent == round(100 / 18, 1)


def test_children_are_ranked_by_count_per_member_and_percent(cast, in_state, campaign):
    in_state("approved")
    tree = cast.tree
    Target.objects.create(unit=tree.school2, campaign=campaign, kind=Target.Kind.ABSOLUTE, value=10)
    Target.objects.create(unit=tree.school, campaign=campaign, kind=Target.Kind.SHARE, value=10)  # 6 of 60
    ranked = list(selectors.children_ranked(tree.cdgd, campaign))
    assert [(u.code, u.counted) for u in ranked] == [("HB-GD-001", 1), ("HB-GD-002", 0)]
    by_percent = list(selectors.children_ranked(tree.cdgd, campaign, order="percent"))
    assert [(u.code, round(u.percent, 1)) for u in by_percent] == [("HB-GD-001", 16.7), ("HB-GD-002", 0.0)]
    by_members = list(selectors.children_ranked(tree.cdgd, campaign, order="per100"))
    assert by_members[0].code == "HB-GD-001" and round(by_members[0].per100, 2) == round(100 / 60, 2)
    assert [u.code for u in selectors.children_without_entries(tree.cdgd, campaign)] == ["HB-GD-002"]


def test_children_ranking_takes_the_same_queries_whatever_the_number_of_children(cast, campaign,
                                                                                 django_assert_num_queries):
    from sangkien.factories import make_unit

    with django_assert_num_queries(1):
        list(selectors.children_ranked(cast.tree.cdgd, campaign)[:25])
    for i in range(12):
        make_unit(code=f"X{i}", name=f"Trường {i}", kind_code="grassroots", parent=cast.tree.cdgd, headcount=10)
    with django_assert_num_queries(1):
        list(selectors.children_ranked(cast.tree.cdgd, campaign)[:25])
