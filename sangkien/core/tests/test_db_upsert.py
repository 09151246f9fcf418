"""core.db.upsert and one_statement: the counter UPSERTs of a workflow move, one statement on
PostgreSQL, each table still written after the one before it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sangkien.core.db import HOT_ROWS, one_statement, upsert
from sangkien.initiatives.models import Campaign
from sangkien.progress.models import AuthorRef, PeopleCounter, Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return Campaign.objects.get(code="01-trieu-sang-kien")  # the migrations' own

POSTGRES = connection.vendor == "postgresql"


def numbers():
    """The units' numbers (not the global row, which making the tree bumps)."""
    return dict(Version.objects.exclude(unit_id=0).values_list("unit_id", "n"))


def test_an_upsert_inserts_then_adds():
    upsert("progress_version", ["unit_id"], ["n"], [(7, 1), (8, 2)])
    upsert("progress_version", ["unit_id"], ["n"], [(7, 1)])
    assert numbers() == {7: 2, 8: 2}


def test_in_one_statement_every_table_is_written_and_a_returning_one_hands_back_its_rows(tree, campaign):
    with CaptureQueriesContext(connection) as ctx, transaction.atomic(), one_statement():
        upsert("progress_version", ["unit_id"], ["n"], [(1, 1), (2, 1)])
        back = upsert("progress_authorref", ["unit_id", "campaign_id", "key"], ["refs"],
                      [(tree.school.pk, campaign.pk, "u1", 1), (tree.school.pk, campaign.pk, "u2", 2)], returning=True)
        upsert("progress_peoplecounter", ["unit_id", "campaign_id"], ["people"], [(tree.school.pk, campaign.pk, 2)])
        upsert("progress_version", ["unit_id"], ["n"], [(1, 1)])
    assert sorted(back) == [(tree.school.pk, campaign.pk, "u1", 1), (tree.school.pk, campaign.pk, "u2", 2)]
    assert numbers() == {1: 2, 2: 1}
    assert set(AuthorRef.objects.values_list("key", "refs")) == {("u1", 1), ("u2", 2)}
    assert PeopleCounter.objects.get().people == 2
    sent = [q["sql"] for q in ctx.captured_queries if "progress_" in q["sql"]]
    # PostgreSQL: the versions with the references (which return), then people with versions.
    assert len(sent) == (2 if POSTGRES else 4), "\n".join(sent)


@pytest.mark.skipif(not POSTGRES, reason="one statement is PostgreSQL's (SQLite has no data-modifying WITH)")
def test_each_part_is_made_to_wait_for_the_one_before_it(tree, campaign):
    with CaptureQueriesContext(connection) as ctx, transaction.atomic(), one_statement():
        upsert("progress_version", ["unit_id"], ["n"], [(1, 1)])
        upsert("progress_peoplecounter", ["unit_id", "campaign_id"], ["people"], [(tree.school.pk, campaign.pk, 1)])
        upsert("progress_version", ["unit_id"], ["n"], [(2, 1), (3, 1)])
    [sql] = [q["sql"] for q in ctx.captured_queries if "progress_" in q["sql"]]
    assert sql.index('INSERT INTO "progress_version"') < sql.index('INSERT INTO "progress_peoplecounter"')
    # Each later part reads every row of the one before it before it writes any of its own.
    assert "WHERE (SELECT count(*) FROM s0) >= 0" in sql and "WHERE (SELECT count(*) FROM s1) >= 0" in sql
    # The plan shows it: each later part's rows come from a filter over an InitPlan.
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("InitPlan") >= 2, plan


def test_nothing_is_written_when_the_block_raises():
    with pytest.raises(RuntimeError), transaction.atomic(), one_statement():
        upsert("progress_version", ["unit_id"], ["n"], [(1, 1)])
        raise RuntimeError
    upsert("progress_version", ["unit_id"], ["n"], [(2, 1)])  # and the next block starts clean
    assert numbers() == {2: 1}


def test_a_long_batch_goes_on_its_own_after_those_before_it():
    long = [(n, 1) for n in range(100, 101 + HOT_ROWS)]
    with CaptureQueriesContext(connection) as ctx, transaction.atomic(), one_statement():
        upsert("progress_version", ["unit_id"], ["n"], [(1, 1)])
        upsert("progress_version", ["unit_id"], ["n"], long)
        upsert("progress_version", ["unit_id"], ["n"], [(1, 1)])
    assert numbers() == {1: 2, **{n: 1 for n, _ in long}}
    sent = [q["sql"] for q in ctx.captured_queries if "progress_" in q["sql"]]
    assert len(sent) == 3
    assert sent[0].count("(") < sent[1].count("(")  # the short one went first
