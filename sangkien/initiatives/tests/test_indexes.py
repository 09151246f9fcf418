"""The indexes of the tables every workflow move writes to: each one is a page in the move's
commit, so none may duplicate the leading column of another (migrations 0010 and 0011), and
the entries, whose every move updates every index, keep only those a query narrows with."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexes(table):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return sorted(tuple(c["columns"]) for c in found.values() if c["index"] and not c["primary_key"])


@pytest.mark.parametrize("table", ["initiatives_transition", "initiatives_notification", "initiatives_initiative"])
def test_no_index_is_only_the_leading_column_of_another(table):
    found = indexes(table)
    assert found, table
    for columns in found:
        longer = [other for other in found if len(other) > len(columns) and other[:len(columns)] == columns]
        assert not longer, f"{table}: {columns} is the start of {longer}"


def test_a_moves_rows_are_still_found_by_entry_and_by_user():
    assert ("initiative_id", "created_at") in indexes("initiatives_transition")
    assert ("user_id", "read_at") in indexes("initiatives_notification")


def test_the_entries_keep_no_index_by_campaign_or_phase_alone():
    found = indexes("initiatives_initiative")
    assert ("campaign_id",) not in found and ("phase_id",) not in found and ("unit_id",) not in found
    assert ("unit_id", "status") in found  # a unit's own entries, the PROTECT check on deleting it


def test_a_campaign_with_entries_still_cannot_be_deleted(in_state):
    from django.db.models import ProtectedError

    initiative = in_state("submitted")
    with pytest.raises(ProtectedError):
        initiative.phase.delete()
    with pytest.raises(ProtectedError):
        initiative.campaign.delete()
