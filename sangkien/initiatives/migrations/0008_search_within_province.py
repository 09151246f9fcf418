"""Search indexes that answer within a subtree, not for the whole country first.

A search in a province used to read every match in the country from the index and then
keep the province's (~63,000 matches read for ~700 kept at 1M entries). Now each index
holds where the entry is:

- SQLite: the FTS5 table indexes `unit_path` as a second column, so `{unit_path}: "P"*`
  (a prefix query on the path) is the subtree of P, ANDed with the words inside FTS5.
  The triggers re-index an entry when its text or its unit path changes (a unit moved in
  the tree: `initiatives_follow_units` updates unit_path in SQL, and the trigger follows).
- PostgreSQL: a GIN index over the trigrams of the folded text, each prefixed with the
  entry's province path (`initiative_province_trigrams`), so the trigrams of "zalo" in one
  province are one short posting list. It is an expression over unit_path and search_text,
  so PostgreSQL keeps it in step with both by itself. The national trigram index stays for
  searches over more than one province.
"""

from django.db import migrations

FTS_TRIGGERS_DOWN = [
    "DROP TRIGGER IF EXISTS initiative_fts_au",
    "DROP TRIGGER IF EXISTS initiative_fts_ad",
    "DROP TRIGGER IF EXISTS initiative_fts_ai",
    "DROP TABLE IF EXISTS initiative_fts",
]
SQLITE_UP = [
    *FTS_TRIGGERS_DOWN,
    # detail=column: no positions, which nothing here reads (no phrase or NEAR queries),
    # and shorter lists to read; the column filter still keeps words and paths apart.
    # prefix: a word's first 2-6 letters and a path's first 8 (a province) indexed as terms
    # of their own, so "phu"* reads one list instead of merging the lists of every word
    # starting with "phu" in the country ("zalo phu huynh" in a province at 1M entries:
    # 16.3 -> 3.2 ms; the index grows from 117 to 374 MB, its rebuild takes ~40 s).
    """CREATE VIRTUAL TABLE initiative_fts USING fts5(
        search_text, unit_path, content='initiatives_initiative', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2", detail=column, prefix='2 3 4 5 6 8')""",
    """CREATE TRIGGER initiative_fts_ai AFTER INSERT ON initiatives_initiative BEGIN
        INSERT INTO initiative_fts(rowid, search_text, unit_path)
        VALUES (new.id, new.search_text, new.unit_path); END""",
    """CREATE TRIGGER initiative_fts_ad AFTER DELETE ON initiatives_initiative BEGIN
        INSERT INTO initiative_fts(initiative_fts, rowid, search_text, unit_path)
        VALUES ('delete', old.id, old.search_text, old.unit_path); END""",
    """CREATE TRIGGER initiative_fts_au AFTER UPDATE OF search_text, unit_path ON initiatives_initiative BEGIN
        INSERT INTO initiative_fts(initiative_fts, rowid, search_text, unit_path)
        VALUES ('delete', old.id, old.search_text, old.unit_path);
        INSERT INTO initiative_fts(rowid, search_text, unit_path)
        VALUES (new.id, new.search_text, new.unit_path); END""",
    "INSERT INTO initiative_fts(initiative_fts) VALUES ('rebuild')",
]
# Back to migration 0004's table.
SQLITE_DOWN = [
    *FTS_TRIGGERS_DOWN,
    """CREATE VIRTUAL TABLE initiative_fts USING fts5(
        search_text, content='initiatives_initiative', content_rowid='id',
        tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER initiative_fts_ai AFTER INSERT ON initiatives_initiative BEGIN
        INSERT INTO initiative_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER initiative_fts_ad AFTER DELETE ON initiatives_initiative BEGIN
        INSERT INTO initiative_fts(initiative_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER initiative_fts_au AFTER UPDATE OF search_text ON initiatives_initiative BEGIN
        INSERT INTO initiative_fts(initiative_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO initiative_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    "INSERT INTO initiative_fts(initiative_fts) VALUES ('rebuild')",
]

# Length of a province's path (two levels of Unit.steplen = 4).
PROVINCE_PATH_LENGTH = 8
POSTGRES_EXTENSION = "CREATE EXTENSION IF NOT EXISTS pg_trgm"
# show_trgm lists the trigrams pg_trgm itself indexes; every three letters of a word the
# search looks for inside a word are among them. It is named with pg_trgm's schema: an index
# expression must not depend on the search_path, which pg_restore empties and PostgreSQL 17
# narrows to pg_catalog while it builds an index (an unqualified name fails there).
POSTGRES_FUNCTION = f"""CREATE OR REPLACE FUNCTION initiative_province_trigrams(unit_path text, search_text text)
    RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array(SELECT left(unit_path, {PROVINCE_PATH_LENGTH}) || t FROM unnest({{schema}}.show_trgm(search_text)) AS t)
    $$"""
POSTGRES_INDEX_UP = [
    "CREATE INDEX IF NOT EXISTS initiative_province_trgm ON initiatives_initiative "
    "USING gin (initiative_province_trigrams(unit_path, search_text))",
]
POSTGRES_INDEX_DOWN = ["DROP INDEX IF EXISTS initiative_province_trgm"]
POSTGRES_UP = [POSTGRES_EXTENSION, POSTGRES_FUNCTION, *POSTGRES_INDEX_UP]
POSTGRES_DOWN = [
    *POSTGRES_INDEX_DOWN,
    "DROP FUNCTION IF EXISTS initiative_province_trigrams(text, text)",
]


def _trgm_schema(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone()[0]  # regnamespace's text is already quoted where it must be


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # The index is built from a million rows on the bench: more memory, far faster.
            schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            if sql is POSTGRES_FUNCTION:
                sql = sql.format(schema=_trgm_schema(schema_editor))
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_subtree_newest_index")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
