"""PostgreSQL: the search text and its trigram indexes in a table of their own.

Every workflow move updates its entry's row, and status is in B-tree indexes, so the UPDATE
is never a HOT update: it inserted the entry's ~260 characters of folded text into the three
GIN indexes again, though the text had not changed (0.35-0.45 ms of the server's CPU per
move at 1M entries), and whichever move filled a GIN pending list merged it (the moves' p95
of 37-282 ms). `initiative_search` holds each entry's id, unit path, folded text and folded
title, with the indexes of migrations 0004 and 0008 moved onto it, and triggers keep it in
step: on insert and delete (one statement per statement, from its transition table), on
truncate, and on an update only of unit_path, search_text or title_folded that changes one
of them. A move's UPDATE names none of those columns and touches no GIN index; an edit of
the text, or a unit moved in the tree (`initiatives_follow_units`), updates the row here.

The same design as SQLite's FTS5 table (migration 0008), whose triggers fire only when the
text or the path changes. SQLite is unchanged.
"""

from django.db import migrations

TABLE = """CREATE TABLE IF NOT EXISTS initiative_search (
    id bigint PRIMARY KEY,
    unit_path text NOT NULL,
    search_text text NOT NULL,
    title_folded text NOT NULL)"""
# SET search_path FROM CURRENT: the table is found by the name it has now, whatever the
# search_path of the session whose write fires the trigger.
FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION initiative_search_inserted() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$ BEGIN
        INSERT INTO initiative_search (id, unit_path, search_text, title_folded)
        SELECT id, unit_path, search_text, title_folded FROM inserted
        ON CONFLICT (id) DO UPDATE SET unit_path = excluded.unit_path,
            search_text = excluded.search_text, title_folded = excluded.title_folded;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION initiative_search_updated() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$ BEGIN
        INSERT INTO initiative_search (id, unit_path, search_text, title_folded)
        VALUES (NEW.id, NEW.unit_path, NEW.search_text, NEW.title_folded)
        ON CONFLICT (id) DO UPDATE SET unit_path = excluded.unit_path,
            search_text = excluded.search_text, title_folded = excluded.title_folded;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION initiative_search_deleted() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$ BEGIN
        DELETE FROM initiative_search s USING deleted d WHERE s.id = d.id;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION initiative_search_truncated() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$ BEGIN
        TRUNCATE initiative_search;
        RETURN NULL;
    END $$""",
]
TRIGGERS = [
    """CREATE TRIGGER initiative_search_ai AFTER INSERT ON initiatives_initiative
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION initiative_search_inserted()""",
    """CREATE TRIGGER initiative_search_au AFTER UPDATE OF unit_path, search_text, title_folded
    ON initiatives_initiative FOR EACH ROW
    WHEN (OLD.unit_path IS DISTINCT FROM NEW.unit_path OR OLD.search_text IS DISTINCT FROM NEW.search_text
          OR OLD.title_folded IS DISTINCT FROM NEW.title_folded)
    EXECUTE FUNCTION initiative_search_updated()""",
    """CREATE TRIGGER initiative_search_ad AFTER DELETE ON initiatives_initiative
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION initiative_search_deleted()""",
    """CREATE TRIGGER initiative_search_at AFTER TRUNCATE ON initiatives_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION initiative_search_truncated()""",
]
# The rows as the entries hold them now; also run by bench/build.py after its load, which
# writes the entries with triggers off.
FILL = [
    "TRUNCATE initiative_search",
    "INSERT INTO initiative_search (id, unit_path, search_text, title_folded) "
    "SELECT id, unit_path, search_text, title_folded FROM initiatives_initiative",
]
# Migrations 0004 and 0008's indexes, the same names and expressions, on the new table.
OLD_INDEXES_DOWN = [
    "DROP INDEX IF EXISTS initiative_search_trgm",
    "DROP INDEX IF EXISTS initiative_title_trgm",
    "DROP INDEX IF EXISTS initiative_province_trgm",
]
POSTGRES_INDEX_UP = [
    "CREATE INDEX IF NOT EXISTS initiative_search_trgm ON initiative_search USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS initiative_title_trgm ON initiative_search USING gin (title_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS initiative_province_trgm ON initiative_search "
    "USING gin (initiative_province_trigrams(unit_path, search_text))",
]
POSTGRES_INDEX_DOWN = OLD_INDEXES_DOWN
POSTGRES_UP = [TABLE, *FUNCTIONS, *TRIGGERS, *FILL, *OLD_INDEXES_DOWN, *POSTGRES_INDEX_UP, "ANALYZE initiative_search"]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS initiative_search_at ON initiatives_initiative",
    "DROP TRIGGER IF EXISTS initiative_search_ad ON initiatives_initiative",
    "DROP TRIGGER IF EXISTS initiative_search_au ON initiatives_initiative",
    "DROP TRIGGER IF EXISTS initiative_search_ai ON initiatives_initiative",
    "DROP FUNCTION IF EXISTS initiative_search_truncated()",
    "DROP FUNCTION IF EXISTS initiative_search_deleted()",
    "DROP FUNCTION IF EXISTS initiative_search_updated()",
    "DROP FUNCTION IF EXISTS initiative_search_inserted()",
    "DROP TABLE IF EXISTS initiative_search",  # and its indexes
    # Back on the entries' table, as migrations 0004 and 0008 built them.
    "CREATE INDEX IF NOT EXISTS initiative_search_trgm ON initiatives_initiative USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS initiative_title_trgm ON initiatives_initiative USING gin (title_folded gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS initiative_province_trgm ON initiatives_initiative "
    "USING gin (initiative_province_trigrams(unit_path, search_text))",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        # The indexes are built from a million rows on the bench: more memory, far faster.
        schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0008_search_within_province")]
    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
