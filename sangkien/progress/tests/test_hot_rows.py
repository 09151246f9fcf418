"""The counter tables every move writes keep room on each page for new versions of their rows
(progress migration 0006), so PostgreSQL updates a hot row on its own page, without a new
entry in any index, however full the table was loaded."""

import pytest
from django.db import connection

from sangkien.initiatives.models import Campaign
from sangkien.progress.models import Counter

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's fillfactor and HOT updates")

TABLES = ("progress_counter", "progress_peoplecounter", "progress_version")


def test_the_tables_every_move_writes_keep_half_of_each_page_free(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [list(TABLES)])
        options = dict(cursor.fetchall())
    assert options == {table: ["fillfactor=50"] for table in TABLES}


def test_a_row_added_to_again_and_again_in_a_loaded_table_stays_on_its_page(tree):
    """As the national row under a stream of moves: each UPSERT a HOT update."""
    campaign = Campaign.objects.first()
    # A recount or an import fills pages one after the other: the row is on a page loaded
    # with its neighbours (~100 rows to a page at the default fillfactor; 600 rows here).
    Counter.objects.bulk_create(
        Counter(unit=tree.national, campaign=campaign, phase_no=n, status="confirmed", count=1) for n in range(600))
    sql = ("INSERT INTO progress_counter (unit_id, campaign_id, phase_no, status, count, benefit)"
           " VALUES (%s, %s, 0, 'confirmed', 1, 0) ON CONFLICT (unit_id, campaign_id, phase_no, status)"
           " DO UPDATE SET count = progress_counter.count + excluded.count")
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
                       ["progress_counter"])
        updated_before, hot_before = cursor.fetchone()
        for _ in range(40):
            cursor.execute(sql, [tree.national.pk, campaign.pk])
        cursor.execute("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
                       ["progress_counter"])
        updated, hot = cursor.fetchone()

    assert updated - updated_before == 40
    assert hot - hot_before == 40
    assert Counter.objects.get(unit=tree.national, campaign=campaign, phase_no=0, status="confirmed").count == 41
