import pytest

from sangkien.accounts.phones import InvalidPhone, looks_like_phone, normalize_phone


@pytest.mark.parametrize("written", [
    "0912 345 678", "0912.345.678", "0912-345-678", "+84 912 345 678", "84912345678",
    "+84912345678", "0084 912 345 678", "(+84) 0912 345 678", "912345678",
])
def test_every_common_way_of_writing_a_mobile_number_gives_the_same_number(written):
    assert normalize_phone(written) == "+84912345678"


def test_a_landline_keeps_its_ten_digits():
    assert normalize_phone("0218 3852 123") == "+842183852123"
    assert normalize_phone("842183852123") == "+842183852123"


def test_an_excel_number_cell_that_lost_its_leading_zero_is_read():
    assert normalize_phone(912345678) == "+84912345678"


@pytest.mark.parametrize("written", ["", "12345", "0912 345 67", "0912 345 6789", "0123456789", "abc0912345678",
                                     "+1 415 555 0100"])
def test_what_is_not_a_vietnamese_number_is_refused(written):
    with pytest.raises(InvalidPhone):
        normalize_phone(written)


def test_an_email_address_never_looks_like_a_phone():
    assert looks_like_phone("0912 345 678")
    assert not looks_like_phone("0912345678@example.vn")


def test_numbers_are_shown_the_way_people_write_them():
    from sangkien.accounts.templatetags.accounts_tags import phone

    assert phone("+84912345678") == "0912 345 678"
    assert phone("+842183852123") == "0218 3852 123"
    assert phone(None) == ""
