"""Full-text search over the folded text: FTS5 on SQLite, trigram GIN on PostgreSQL.

The text is folded in Python before it is stored (no tone marks, đ -> d), because SQLite's
`remove_diacritics` does not fold đ; the same fold is applied to every query.
The FTS5 table is kept in step by triggers in the database itself, so bulk loads and the ORM
alike keep it exact.
"""

from django.db import migrations

SQLITE_UP = [
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
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS initiative_fts_au",
    "DROP TRIGGER IF EXISTS initiative_fts_ad",
    "DROP TRIGGER IF EXISTS initiative_fts_ai",
    "DROP TABLE IF EXISTS initiative_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS initiative_search_trgm ON initiatives_initiative "
    "USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS initiative_title_trgm ON initiatives_initiative "
    "USING gin (title_folded gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS initiative_title_trgm",
    "DROP INDEX IF EXISTS initiative_search_trgm",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0003_title_folded")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
