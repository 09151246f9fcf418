"""Vietnamese name order: given name first, in the Vietnamese alphabet, tones last."""

import pytest

from sangkien.core.text import name_sort_key


def ordered(names):
    return sorted(names, key=name_sort_key)


def test_people_sort_by_given_name_not_by_family_name():
    assert ordered(["Lê Văn Bình", "Nguyễn Văn An", "Trần Thị Cúc"]) == [
        "Nguyễn Văn An", "Lê Văn Bình", "Trần Thị Cúc"]


@pytest.mark.parametrize("before, after", [
    ("Trần An", "Lê Ăn"), ("Lê Ăn", "Lê Ân"), ("Lê Ân", "Lê Bảo"),  # a < ă < â < b
    ("Lê Dũng", "Lê Đức"), ("Lê Duy", "Lê Đa"),                     # every d before đ
    ("Lê Em", "Lê Êm"), ("Lê On", "Lê Ôn"), ("Lê Ôn", "Lê Ơn"),     # e < ê, o < ô < ơ
    ("Lê Uy", "Lê Ưng"), ("Lê An", "Lê Anh"),                       # u < ư; a prefix first
    ("Lê Văn Ba", "Lê Văn Bà"), ("Lê Văn Bà", "Lê Văn Bả"), ("Lê Văn Bả", "Lê Văn Bã"),
    ("Lê Văn Bã", "Lê Văn Bá"), ("Lê Văn Bá", "Lê Văn Bạ"),          # tones only break ties
    ("Lê Thị Hoa", "Nguyễn Thị Hoa"),                               # same given name: family next
])
def test_vietnamese_alphabet_order(before, after):
    assert name_sort_key(before) < name_sort_key(after)


def test_case_and_spacing_do_not_matter():
    assert name_sort_key("  nguyễn   văn AN ") == name_sort_key("Nguyễn Văn An")
    assert name_sort_key("") == name_sort_key(None) == ""
