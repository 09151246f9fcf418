"""PostgreSQL: the province trigram index can be built whatever the search_path, as pg_restore
builds it (search_path emptied) and as PostgreSQL 17 builds every index (pg_catalog only)."""

import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL index")
@pytest.mark.django_db
def test_the_province_trigram_index_builds_with_an_empty_search_path():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pronamespace::regnamespace::text FROM pg_proc "
                       "WHERE proname = 'initiative_province_trigrams'")
        schema = cursor.fetchone()[0]
        cursor.execute("CREATE TEMP TABLE restored (unit_path text, search_text text)")
        cursor.execute("INSERT INTO restored VALUES ('00010002000300', 'zalo phu huynh')")
        cursor.execute("SET LOCAL search_path = ''")
        cursor.execute(f"CREATE INDEX restored_trgm ON pg_temp.restored "
                       f"USING gin ({schema}.initiative_province_trigrams(unit_path, search_text))")
        cursor.execute(f"SELECT {schema}.initiative_province_trigrams(unit_path, search_text) FROM pg_temp.restored")  # noqa: S608
        trigrams = cursor.fetchone()[0]
    assert "00010002zal" in trigrams and all(t.startswith("00010002") for t in trigrams)


# The search table (migration 0009): kept in step with the entries by triggers, untouched by a
# workflow move, which names none of its columns.

def _search_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text, unit_path, search_text, title_folded FROM initiative_search WHERE id = %s",
                       [pk])
        return cursor.fetchone()


def _out_of_step():
    """Entries whose search row is missing or differs, and search rows with no entry."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM initiatives_initiative i FULL JOIN initiative_search s ON s.id = i.id "
            "WHERE s.id IS NULL OR i.id IS NULL OR s.unit_path <> i.unit_path OR s.search_text <> i.search_text "
            "OR s.title_folded <> i.title_folded")
        return cursor.fetchone()[0]


postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search table")


@postgres_only
@pytest.mark.django_db
def test_the_search_table_follows_inserts_edits_and_deletions(cast):
    from sangkien.factories import make_initiative
    from sangkien.initiatives.services import initiative_delete, initiative_update

    entries = [make_initiative(unit=cast.tree.school, created_by=who, title=f"Sáng kiến số {n}")
               for n, who in enumerate([cast.author, cast.author, cast.upper_national])]
    assert _out_of_step() == 0
    assert _search_row(entries[0].pk)[3] == "sang kien so 0"
    initiative_update(acting_user=cast.author, initiative=entries[1], data={"title": "Bếp ăn bán trú"})
    assert _search_row(entries[1].pk)[3] == "bep an ban tru"
    initiative_update(acting_user=cast.upper_national, initiative=entries[2], data={"unit": cast.tree.hn_school})
    assert _search_row(entries[2].pk)[1] == cast.tree.hn_school.path
    initiative_delete(acting_user=cast.author, initiative=entries[0])
    assert _search_row(entries[0].pk) is None
    assert _out_of_step() == 0


@postgres_only
@pytest.mark.django_db
def test_a_workflow_move_leaves_the_search_row_as_it_was(cast):
    from sangkien.factories import make_initiative

    from .conftest import drive

    entry = make_initiative(unit=cast.tree.school, created_by=cast.author, title="Ứng dụng Zalo")
    before = _search_row(entry.pk)
    drive(entry, cast, "approved")  # submit, confirm, approve: three UPDATEs of the entry
    assert _search_row(entry.pk) == before  # the same row version (xmin): not written again


@postgres_only
@pytest.mark.django_db
def test_an_update_that_changes_no_searched_text_writes_no_search_row(cast):
    from sangkien.factories import make_initiative
    from sangkien.initiatives.models import Initiative

    entry = make_initiative(unit=cast.tree.school, created_by=cast.author, title="Ứng dụng Zalo")
    before = _search_row(entry.pk)
    entry = Initiative.objects.get(pk=entry.pk)
    entry.save()  # every column SET to what it held: the trigger's WHEN keeps it quiet
    assert _search_row(entry.pk) == before


@postgres_only
@pytest.mark.django_db
def test_units_moved_in_the_tree_take_their_entries_search_rows_along(cast):
    from sangkien.factories import make_initiative
    from sangkien.initiatives.services import initiatives_follow_units
    from sangkien.orgs.models import Unit

    entry = make_initiative(unit=cast.tree.school, created_by=cast.author, title="Ứng dụng Zalo")
    moved_to = cast.tree.hn_school.path[:-Unit.steplen] + "0ZZZ"  # beside the Hà Nội school
    Unit.objects.filter(pk=entry.unit_id).update(path=moved_to)  # as a tree import rewrites paths
    assert initiatives_follow_units() == 1
    assert _search_row(entry.pk)[1] == moved_to
    assert _out_of_step() == 0


@postgres_only
@pytest.mark.django_db(transaction=True)  # TRUNCATE waits for no deferred checks, as in a flush
def test_truncating_the_entries_empties_the_search_table(migration_data, cast):
    from sangkien.factories import make_initiative

    make_initiative(unit=cast.tree.school, created_by=cast.author, title="Ứng dụng Zalo")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE initiatives_initiative CASCADE")  # as a test database's flush
        cursor.execute("SELECT count(*) FROM initiative_search")
        assert cursor.fetchone()[0] == 0
