"""The indexes of the tables every workflow move writes to: each one is a page in the move's
commit, so none may duplicate the leading column of another (migration 0010)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexes(table):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return sorted(tuple(c["columns"]) for c in found.values() if c["index"] and not c["primary_key"])


@pytest.mark.parametrize("table", ["initiatives_transition", "initiatives_notification"])
def test_no_index_is_only_the_leading_column_of_another(table):
    found = indexes(table)
    assert found, table
    for columns in found:
        longer = [other for other in found if len(other) > len(columns) and other[:len(columns)] == columns]
        assert not longer, f"{table}: {columns} is the start of {longer}"


def test_a_moves_rows_are_still_found_by_entry_and_by_user():
    assert ("initiative_id", "created_at") in indexes("initiatives_transition")
    assert ("user_id", "read_at") in indexes("initiatives_notification")
