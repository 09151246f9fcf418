"""core.db.pipeline and sync: on PostgreSQL, statements sent without waiting, with the same
results, errors and transactions as one by one; elsewhere, statements run as they come."""

import pytest
from django.db import IntegrityError, connection, transaction

from sangkien.core.db import hot_cursor, pipeline, sync

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")


@pytest.fixture
def table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE pipeline_probe (k integer PRIMARY KEY, n integer NOT NULL)")
        cursor.execute("INSERT INTO pipeline_probe (k, n) VALUES (1, 1)")
    yield "pipeline_probe"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE pipeline_probe")


def rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT k, n FROM pipeline_probe ORDER BY k")
        return cursor.fetchall()


def in_pipeline():
    raw = connection.connection
    return connection.vendor == "postgresql" and getattr(raw, "_pipeline", None) is not None


def test_statements_in_a_pipeline_give_the_same_results(table):
    with transaction.atomic(), pipeline():
        with hot_cursor() as cursor:
            cursor.execute("UPDATE pipeline_probe SET n = n + 1 WHERE k = %s", [1])
        with hot_cursor() as cursor:
            cursor.execute("INSERT INTO pipeline_probe (k, n) VALUES (%s, %s) RETURNING k, n", [2, 5])
            assert cursor.fetchall() == [(2, 5)]  # a fetch waits for its answer
        with connection.cursor() as cursor:  # Django's own cursors too
            cursor.execute("UPDATE pipeline_probe SET n = n * 10 WHERE k = %s", [2])
    assert rows() == [(1, 2), (2, 50)]


@postgres_only
def test_a_pipeline_is_open_inside_the_block_only_and_nests(table):
    assert not in_pipeline()
    with transaction.atomic(), pipeline():
        assert in_pipeline()
        with pipeline():  # inside one already: the same pipeline
            assert in_pipeline()
        assert in_pipeline()
    assert not in_pipeline()


def test_a_rowcount_is_known_after_sync(table):
    with transaction.atomic(), pipeline():
        cursor = hot_cursor()
        cursor.execute("UPDATE pipeline_probe SET n = n + 1 WHERE k = %s", [1])
        other = hot_cursor()
        other.execute("UPDATE pipeline_probe SET n = n + 1 WHERE k = %s", [99])
        sync()
        assert (cursor.rowcount, other.rowcount) == (1, 0)
        cursor.close()
        other.close()


def test_a_failed_statement_raises_by_the_end_of_the_block_and_undoes_the_transaction(table):
    with pytest.raises(IntegrityError), transaction.atomic(), pipeline():
        with hot_cursor() as cursor:
            cursor.execute("UPDATE pipeline_probe SET n = 7 WHERE k = %s", [1])
        with hot_cursor() as cursor:
            cursor.execute("INSERT INTO pipeline_probe (k, n) VALUES (%s, %s)", [1, 1])  # the key again
    assert rows() == [(1, 1)]  # the UPDATE before it was undone too
    with hot_cursor() as cursor:  # and the connection works on
        cursor.execute("SELECT count(*) FROM pipeline_probe")
        assert cursor.fetchone() == (1,)


def test_an_exception_inside_the_block_undoes_what_was_sent(table):
    with pytest.raises(RuntimeError), transaction.atomic(), pipeline():
        with hot_cursor() as cursor:
            cursor.execute("UPDATE pipeline_probe SET n = 7 WHERE k = %s", [1])
        raise RuntimeError
    assert rows() == [(1, 1)]


@postgres_only
@pytest.mark.django_db  # the tree's unit kinds come from migrations, which a flush would empty
def test_a_workflow_move_writes_its_counters_in_a_pipeline(tree, monkeypatch):
    """The move's counter statements, which hold the national and province rows' locks until
    the commit, go out without waiting on each other."""
    from sangkien.factories import UserFactory, grant, make_initiative
    from sangkien.initiatives.workflow import initiative_move
    from sangkien.orgs.roles import Role
    from sangkien.progress import counters

    author, officer = UserFactory(), UserFactory()
    grant(author, tree.school, Role.MEMBER)
    grant(officer, tree.school, Role.OFFICER)
    entry = make_initiative(unit=tree.school, created_by=author)
    seen = []
    upsert = counters._upsert
    monkeypatch.setattr(counters, "_upsert", lambda *a, **k: seen.append((a[0], in_pipeline())) or upsert(*a, **k))
    initiative_move(acting_user=author, initiative=entry, action="submit")
    assert seen and all(piped for _table, piped in seen), seen
    assert {t for t, _ in seen} >= {"progress_counter", "progress_weeklycounter"}
    assert not in_pipeline()


def test_a_commit_refused_inside_a_pipeline_raises_and_leaves_the_connection_usable(table):
    """A transaction opened inside a pipeline commits inside it (the COMMIT goes with the last
    statements); a check deferred to the COMMIT that fails raises Django's error there."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE pipeline_child (k integer REFERENCES pipeline_probe (k) "
                       "DEFERRABLE INITIALLY DEFERRED)")
    try:
        with pytest.raises(IntegrityError), pipeline(), transaction.atomic():
            with hot_cursor() as cursor:
                cursor.execute("UPDATE pipeline_probe SET n = 7 WHERE k = %s", [1])
            with hot_cursor() as cursor:
                cursor.execute("INSERT INTO pipeline_child (k) VALUES (%s)", [42])  # checked at COMMIT
        assert rows() == [(1, 1)]
        with pipeline(), transaction.atomic():
            with hot_cursor() as cursor:
                cursor.execute("INSERT INTO pipeline_child (k) VALUES (%s)", [1])
        with connection.cursor() as cursor:
            cursor.execute("SELECT k FROM pipeline_child")
            assert cursor.fetchall() == [(1,)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE pipeline_child")


@postgres_only
@pytest.mark.django_db  # inside the test's transaction: the move's atomic block is a savepoint
def test_prepared_statements_work_after_a_pipeline_rolled_back_a_savepoint():
    """psycopg forgets its prepared statements on reading a ROLLBACK's answer, which in a
    pipeline comes at the block's end; the next prepared statement must still exist."""

    def ask():
        with hot_cursor() as cursor:  # prepared
            cursor.execute("SELECT count(*) FROM django_migrations WHERE app = %s", ["initiatives"])
            return cursor.fetchone()[0]

    expected = ask()
    with pytest.raises(ValueError), pipeline(), transaction.atomic():
        ask()
        raise ValueError  # the savepoint is rolled back inside the pipeline
    assert ask() == expected  # prepared again after the rollback
    assert ask() == expected  # and still there: it had been dropped by a late DEALLOCATE ALL
