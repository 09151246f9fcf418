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
