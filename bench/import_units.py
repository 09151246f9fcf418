"""Time `units_import` on a synthetic 150,000-unit national tree.

    .venv/bin/python bench/import_units.py                 # SQLite (a throwaway file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/import_units.py

Runs in a throwaway database (Django's test database: test_<name> on PostgreSQL, a
temporary file on SQLite), never the real one. Prints the time of the first import (all
new), a re-import (all unchanged) and a re-import that moves one province's subtree.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sangkien.settings")
# DEBUG stays off (it would keep every query in memory); the key only serves this run.
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--xlsx", action="store_true", help="also time the same file as .xlsx")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from sangkien.core.tabular import write_xlsx
    from sangkien.orgs.importing import COLUMNS, units_import
    from sangkien.orgs.models import Unit
    from sangkien.orgs.tests.synthetic import national_tree_rows, write_csv

    workdir = Path(tempfile.mkdtemp(prefix="bench-units-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = national_tree_rows(args.rows)
        csv_path = write_csv(workdir / "units.csv", rows)

        def timed(label, path):
            started, cpu = time.perf_counter(), time.process_time()
            result = units_import(acting_user=None, source=path, filename=path.name)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            # CPU time of this process too: on a shared machine the wall time mostly measures
            # the neighbours (SQLite's work is in-process; PostgreSQL's is not counted).
            print(f"{connection.vendor:10} {label:34} {seconds:6.1f} s wall {cpu:6.1f} s cpu  "
                  f"(created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
                  f"rearranged {result.rearranged})", flush=True)

        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)

        timed(f"{args.rows:,} rows, new (csv)", csv_path)
        timed(f"{args.rows:,} rows, unchanged (csv)", csv_path)
        moved = [(code, "P02" if code == "P01-U01" else parent, *rest) for code, parent, *rest in rows]
        moved_path = write_csv(workdir / "moved.csv", moved)
        timed(f"{args.rows:,} rows, one subtree moved", moved_path)
        if args.xlsx:
            xlsx_path = workdir / "units.xlsx"
            xlsx_path.write_bytes(write_xlsx(COLUMNS, rows))
            timed(f"{args.rows:,} rows, unchanged (xlsx)", xlsx_path)
        assert Unit.objects.count() == args.rows
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
