"""Search ignores tone marks and đ/Đ, on SQLite (FTS5) and PostgreSQL (trigram) alike."""

import pytest

from sangkien.factories import make_initiative
from sangkien.initiatives.models import Initiative
from sangkien.initiatives.search import is_duplicate_title, matching, similar_titles
from sangkien.initiatives.services import initiative_update


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
