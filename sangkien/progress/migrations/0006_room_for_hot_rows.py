"""Room on every page of the counter tables for new versions of their rows (PostgreSQL).

Every workflow move adds to the same few rows: the national and province rows of
`progress_counter`, `progress_peoplecounter` and `progress_version`. PostgreSQL writes an
updated row as a new version. When the new version fits on the row's own page, no index
changes (a HOT update) and the old versions are cleared from the page by the next reads.
When the page is full, as every page of a table filled by a recount or an import is at the
default fillfactor of 100, the new version goes to another page and each index of the table
gets an entry for it. The unique index every move's UPSERT checks then fills with entries
for dead versions of those few rows, which each later move walks, until a VACUUM removes
them: autovacuum leaves a table alone until a fifth of its rows are dead, and the counter
table holds a row for every unit, phase and status.

Measured at 1M entries (docs/benchmarks.md, session 9): 18% of the counter table's updates
were not HOT, and confirm fell from 202 to 174 to 135 moves/s over three runs of ~2,000
moves each. With half of each page kept free: every update HOT, and 201, 188, 215 moves/s.

Pages already full keep their rows until the table is rewritten: VACUUM FULL rewrites each
table with the new room (it locks the table while it runs: seconds at national scale), so
this migration runs outside a transaction. SQLite updates rows in place: nothing to do.
"""

from django.db import migrations

TABLES = ("progress_counter", "progress_peoplecounter", "progress_version")
FILLFACTOR = 50


def make_room(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'ALTER TABLE "{table}" SET (fillfactor = {FILLFACTOR})')
        schema_editor.execute(f'VACUUM FULL "{table}"')


def take_room_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'ALTER TABLE "{table}" RESET (fillfactor)')


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run inside a transaction

    dependencies = [
        ("progress", "0005_dashboard_versions"),
    ]

    operations = [
        migrations.RunPython(make_room, take_room_back),
    ]
