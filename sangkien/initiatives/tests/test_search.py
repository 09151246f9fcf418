"""Search ignores tone marks and đ/Đ, on SQLite (FTS5) and PostgreSQL (trigram) alike."""

import csv

import pytest

from sangkien.factories import make_initiative
from sangkien.initiatives.models import Initiative
from sangkien.initiatives.search import (
    is_duplicate_title,
    matching,
    province_trigram_keys,
    similar_titles,
)
from sangkien.initiatives.services import initiative_delete, initiative_update
from sangkien.orgs.importing import COLUMNS, units_import
from sangkien.orgs.models import Unit, path_upper_bound

from .conftest import drive


@pytest.fixture
def entries(cast):
    school = cast.tree.school
    a = make_initiative(unit=school, created_by=cast.author, title="Sáng kiến sử dụng điện năng tiết kiệm",
                        content="Lắp đặt đèn LED ở lớp học")
    b = make_initiative(unit=school, created_by=cast.author, title="Ứng dụng Zalo trong quản lý lớp chủ nhiệm",
                        authors=[{"full_name": "Đặng Thị Đào", "share": 100}])
    c = make_initiative(unit=cast.tree.hn_school, created_by=cast.upper_national, title="Dạy học Toán bằng trò chơi")
    return a, b, c


def found(text):
    return set(matching(Initiative.objects.all(), text).values_list("title", flat=True))


@pytest.mark.parametrize("query", ["sang kien dien", "SÁNG KIẾN ĐIỆN", "sáng kiến điện", "tiet kiem", "den led"])
def test_search_finds_text_with_or_without_tone_marks(entries, query):
    assert found(query) == {"Sáng kiến sử dụng điện năng tiết kiệm"}


def test_search_folds_d_with_stroke_in_author_names(entries):
    assert found("dang thi dao") == {"Ứng dụng Zalo trong quản lý lớp chủ nhiệm"}
    assert found("Đặng Đào") == {"Ứng dụng Zalo trong quản lý lớp chủ nhiệm"}


def test_search_needs_every_word(entries):
    assert found("dien zalo") == set()


def test_search_respects_the_callers_scope(entries, cast):
    in_school = Initiative.objects.filter(unit=cast.tree.school)
    assert matching(in_school, "day hoc toan").count() == 0
    assert matching(Initiative.objects.all(), "day hoc toan").count() == 1


def test_search_follows_edits_to_the_title(entries, cast):
    first = entries[0]
    initiative_update(acting_user=cast.author, initiative=first, data={"title": "Bếp ăn bán trú an toàn"})
    assert found("bep an ban tru") == {"Bếp ăn bán trú an toàn"}
    assert found("dien nang") == set()


def test_similar_titles_ignore_tone_marks_and_small_words(entries):
    similar = similar_titles(Initiative.objects.all(), "Sử dụng dien nang tiet kiem")
    assert [s.title for s in similar] == ["Sáng kiến sử dụng điện năng tiết kiệm"]
    assert similar_titles(Initiative.objects.all(), "Bồi dưỡng học sinh giỏi") == []


def test_duplicate_titles_match_whatever_the_case_and_tone_marks(entries):
    assert is_duplicate_title(Initiative.objects.all(), "SANG KIEN SU DUNG DIEN NANG TIET KIEM")
    assert not is_duplicate_title(Initiative.objects.all(), "Sáng kiến sử dụng điện năng")


# ---- search within a unit's subtree (migration 0008: the index answers within it) ----------

WORDS = ["zalo", "phụ huynh", "điện", "toán", "ab", "Đà Bắc", "sổ tay"]


@pytest.fixture
def spread(cast):
    """Entries in every unit of the tree, each with a few of WORDS in its title or content."""
    tree = cast.tree
    units = [tree.school, tree.school2, tree.hn_school]
    items = []
    for n in range(16):
        unit = units[n % len(units)]
        title = f"Sáng kiến {WORDS[n % len(WORDS)]} số {n}"
        content = f"Dùng {WORDS[(n * 3) % len(WORDS)]} và {WORDS[(n + 2) % len(WORDS)]} (thử {n})"
        items.append(make_initiative(unit=unit, created_by=cast.upper_national, title=title, content=content))
    return items


def in_subtree(unit):
    return Initiative.objects.filter(unit_path__gte=unit.path, unit_path__lt=path_upper_bound(unit.path))


def within(unit, text):
    return set(matching(Initiative.objects.all(), text, unit_code=unit.code).values_list("pk", flat=True))


QUERIES = ["zalo", "phu huynh", "dien", "toan", "ab", "da bac", "so tay", "zalo toan", "huynh", "ien", "ki", "Zal"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_within_a_unit_finds_what_the_whole_search_finds_there(spread, cast, query):
    tree = cast.tree
    for unit in (tree.national, tree.hoa_binh, tree.ha_noi, tree.cdgd, tree.school, tree.section, tree.hn_school):
        expected = set(matching(in_subtree(unit), query).values_list("pk", flat=True))
        assert within(unit, query) == expected, (unit.code, query)
    assert within(tree.hoa_binh, query) | within(tree.ha_noi, query) == within(tree.national, query)


def test_search_within_a_unit_keeps_the_callers_narrowing(spread, cast):
    only_school2 = Initiative.objects.filter(unit=cast.tree.school2)
    found = set(matching(only_school2, "sang kien", unit_code=cast.tree.hoa_binh.code).values_list("unit", flat=True))
    assert found == {cast.tree.school2.pk}


def test_search_within_an_unknown_unit_finds_nothing(spread):
    assert matching(Initiative.objects.all(), "sang kien", unit_code="KHONG-CO").count() == 0


def test_search_never_matches_the_unit_path_itself(spread, cast):
    path = cast.tree.school.path.lower()
    assert matching(Initiative.objects.all(), path).count() == 0
    assert matching(Initiative.objects.all(), path, unit_code=cast.tree.hoa_binh.code).count() == 0


def test_search_within_a_unit_follows_an_edit(spread, cast):
    entry = spread[0]
    assert entry.pk in within(cast.tree.hoa_binh, "zalo")
    initiative_update(acting_user=cast.upper_national, initiative=entry,
                      data={"title": "Bếp ăn bán trú", "content": "Nấu ăn cho học sinh"})
    assert within(cast.tree.hoa_binh, "bep an ban tru") == {entry.pk}
    assert entry.pk not in within(cast.tree.hoa_binh, "zalo")


def test_search_within_a_unit_follows_an_entry_to_another_unit(spread, cast):
    entry = spread[0]  # in the Hòa Bình school
    initiative_update(acting_user=cast.upper_national, initiative=entry,
                      data={"unit": cast.tree.hn_school, "title": "Bếp ăn bán trú"})
    assert within(cast.tree.ha_noi, "bep an ban tru") == {entry.pk}
    assert within(cast.tree.hoa_binh, "bep an ban tru") == set()


def test_search_within_a_unit_forgets_a_deleted_entry(spread, cast):
    entry = make_initiative(unit=cast.tree.school, created_by=cast.author, title="Bếp ăn bán trú")
    assert within(cast.tree.hoa_binh, "bep an") == {entry.pk}
    initiative_delete(acting_user=cast.author, initiative=entry)
    assert within(cast.tree.hoa_binh, "bep an") == set()
    assert matching(Initiative.objects.all(), "bep an").count() == 0


def test_search_within_a_unit_follows_a_status_change(spread, cast):
    entry = make_initiative(unit=cast.tree.school, created_by=cast.author, title="Bếp ăn bán trú")
    drive(entry, cast, "approved")
    assert within(cast.tree.hoa_binh, "bep an") == {entry.pk}
    assert within(cast.tree.ha_noi, "bep an") == set()


def test_search_within_a_unit_follows_units_moved_in_the_tree(spread, cast, tmp_path):
    """A unit moved to another province takes its entries with it: the import copies the new
    paths onto them (initiatives_follow_units) and the index follows that copy."""
    tree = cast.tree
    moved = {e.pk for e in spread if e.unit_id in (tree.school.pk, tree.school2.pk)}
    assert moved and within(tree.hoa_binh, "sang kien") >= moved
    path = tmp_path / "units.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerow(["HB-GD", "HN", tree.cdgd.name, "", "upper", "0", ""])
    units_import(acting_user=None, source=path, filename="units.csv")
    assert Unit.objects.get(code="HB-GD").path.startswith(Unit.objects.get(code="HN").path)
    assert within(tree.hoa_binh, "sang kien") & moved == set()
    assert within(tree.ha_noi, "sang kien") >= moved
    for unit in (tree.national, tree.hoa_binh, tree.ha_noi, tree.cdgd, tree.school):
        unit.refresh_from_db()
        for query in QUERIES:
            assert within(unit, query) == set(matching(in_subtree(unit), query).values_list("pk", flat=True))


def test_province_trigram_keys_are_every_three_letters_of_each_word_after_the_province():
    assert province_trigram_keys("0001000A0003", ["zalo", "ab"]) == ["0001000Aalo", "0001000Azal"]
    assert province_trigram_keys("0001000A", ["phu", "phu"]) == ["0001000Aphu"]


def test_province_trigram_keys_do_not_narrow_above_a_province_or_for_short_words():
    assert province_trigram_keys("0001", ["zalo"]) is None
    assert province_trigram_keys(None, ["zalo"]) is None
    assert province_trigram_keys("0001000A", ["ab", "c"]) is None
