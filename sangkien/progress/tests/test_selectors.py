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
    assert [u.code for u in selectors.without_entries(selectors.children_figures(tree.cdgd, campaign))] == ["HB-GD-002"]


def test_children_ranking_takes_the_same_queries_whatever_the_number_of_children(cast, campaign,
                                                                                 django_assert_num_queries):
    from sangkien.factories import make_unit

    with django_assert_num_queries(1):
        list(selectors.children_ranked(cast.tree.cdgd, campaign)[:25])
    for i in range(12):
        make_unit(code=f"X{i}", name=f"Trường {i}", kind_code="grassroots", parent=cast.tree.cdgd, headcount=10)
    with django_assert_num_queries(1):
        list(selectors.children_ranked(cast.tree.cdgd, campaign)[:25])


def test_childrens_figures_round_share_targets_up_and_rank_units_without_the_figure_last(cast, in_state, campaign):
    from sangkien.factories import make_unit

    in_state("approved")
    tree = cast.tree
    empty = make_unit(code="HB-GD-000", name="Đơn vị không có đoàn viên", kind_code="grassroots", parent=tree.cdgd,
                      headcount=0)
    Target.objects.create(unit=tree.school2, campaign=campaign, kind=Target.Kind.SHARE, value=10)  # 3.5 of 35
    Target.objects.create(unit=empty, campaign=campaign, kind=Target.Kind.SHARE, value=10)  # 0 of 0
    children = {c.code: c for c in selectors.children_figures(tree.cdgd, campaign)}
    assert children["HB-GD-002"].required == 4  # rounded up, as the unit's own target is
    assert (children["HB-GD-000"].required, children["HB-GD-000"].percent, children["HB-GD-000"].per100) == (
        0, None, None)
    assert children["HB-GD-001"].required is None and children["HB-GD-001"].percent is None
    # Ranked: units without the figure go last, ties by name (in the database's order:
    # "Công đoàn …" before "Đơn vị …" in every collation).
    assert [c.code for c in selectors.children_ranked(tree.cdgd, campaign, order="per100")] == [
        "HB-GD-001", "HB-GD-002", "HB-GD-000"]
    assert [c.code for c in selectors.children_ranked(tree.cdgd, campaign, order="percent")] == [
        "HB-GD-002", "HB-GD-001", "HB-GD-000"]
    assert selectors.targets_of(list(children.values())) == {"required": 4, "with_target": 2}
    # A phase counts only its own entries; the entry above is in phase 1.
    assert {c.code: c.counted for c in selectors.children_figures(tree.cdgd, campaign, phase_no=2)} == {
        "HB-GD-000": 0, "HB-GD-001": 0, "HB-GD-002": 0}
