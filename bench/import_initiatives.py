"""Time `initiatives_import` on a generated 20,000-row file.

    .venv/bin/python bench/import_initiatives.py                 # SQLite (a throwaway file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/import_initiatives.py

Runs in a throwaway database (Django's test database: test_<name> on PostgreSQL, a
temporary file on SQLite), never the real one. A province with 265 CĐCS, one upper-level
officer importing for all of them; 50 CĐCS already hold 4 entries each. Prints the time of
the check alone (--dry-run), of the import as submitted entries, and of a second file
imported and confirmed by a CĐCS officer, for .csv and (with --xlsx) .xlsx.
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
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--xlsx", action="store_true", help="also time the same file as .xlsx")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from sangkien.factories import UserFactory, grant, make_initiative, make_unit
    from sangkien.initiatives.importing import initiatives_import
    from sangkien.initiatives.models import Author, Initiative, Transition
    from sangkien.initiatives.tests.importfiles import csv_bytes, generated_rows, xlsx_bytes
    from sangkien.orgs.roles import Role

    workdir = Path(tempfile.mkdtemp(prefix="bench-initiatives-"))
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        root = make_unit(code="TLD", name="Tổng Liên đoàn", kind_code="national")
        province = make_unit(code="HB", name="LĐLĐ tỉnh Hòa Bình", kind_code="province", parent=root)
        upper = make_unit(code="HB-GD", name="Công đoàn Giáo dục tỉnh", kind_code="upper", parent=province)
        schools = [make_unit(code=f"HB-GD-{i:03d}", name=f"Công đoàn Trường số {i}", kind_code="grassroots",
                             parent=upper) for i in range(1, 266)]
        upper_officer = UserFactory(full_name="Cán bộ cấp trên")
        grant(upper_officer, upper, Role.UPPER_OFFICER)
        school_officer = UserFactory(full_name="Cán bộ CĐCS")
        for school in schools:
            grant(school_officer, school, Role.OFFICER)
        for school in schools[:50]:
            for n in range(4):
                make_initiative(unit=school, created_by=upper_officer, title=f"Sáng kiến có sẵn {n} ở {school.code}")
        codes = [s.code for s in schools]

        def timed(label, data, filename, user, **options):
            path = workdir / filename
            path.write_bytes(data)
            started, cpu = time.perf_counter(), time.process_time()
            with path.open("rb") as source:
                plan = initiatives_import(acting_user=user, source=source, filename=filename, **options)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            # CPU time is this process only (the database server's work is not in it on PostgreSQL).
            print(f"{connection.vendor:10} {label:44} {seconds:6.1f} s  (cpu {cpu:5.1f} s; {len(plan.rows):,} rows, "
                  f"{len(plan.similar):,} similar)", flush=True)

        rows = generated_rows(args.rows, codes)
        timed(f"{args.rows:,} rows, check only (csv)", csv_bytes(rows), "a.csv", upper_officer, dry_run=True)
        timed(f"{args.rows:,} rows, submitted (csv)", csv_bytes(rows), "a.csv", upper_officer)
        second = [[*r[:1], "Đợt hai: " + r[1], *r[2:]] for r in rows]
        timed(f"{args.rows:,} rows, submitted+confirmed (csv)", csv_bytes(second), "b.csv", school_officer,
              confirm=True)
        if args.xlsx:
            third = [[*r[:1], "Đợt ba: " + r[1], *r[2:]] for r in rows]
            timed(f"{args.rows:,} rows, submitted (xlsx)", xlsx_bytes(third), "c.xlsx", upper_officer)
        print(f"{connection.vendor:10} now {Initiative.objects.count():,} initiatives, "
              f"{Author.objects.count():,} authors, {Transition.objects.count():,} transitions")
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main()
