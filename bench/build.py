"""Build the database `bench/run.py` measures: a national tree and many initiatives, in bulk.

Run by run.py in a child process whose environment names the throwaway database
(SQLITE_PATH, or DATABASE_URL of bench_sangkien); never the developer's var/ files.

    python bench/build.py build --units 150000 --initiatives 1000000
    python bench/build.py sessions          # JSON: session cookies of the bench accounts
    python bench/build.py sizes             # JSON: how many units and initiatives it holds
    python bench/build.py confirm-ids FILE  # submitted entries the confirm officer may move

The tree goes through the real import service (units_import); the initiatives, their
authors, audit rows and honours are written with executemany in big transactions (SQLite,
where the FTS5 triggers of initiatives migration 0008 index each row) or COPY (PostgreSQL,
with the trigram indexes dropped during the load and rebuilt after); then the counters are
rebuilt by the real recount (progress.recount.rewrite) and the statistics refreshed.
"""

import argparse
import datetime
import importlib
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")

BATCH = 20_000
ACCOUNTS = {
    # name: (role, unit code or "" for the national root)
    "national": ("upper_officer", ""),
    "province": ("upper_officer", "P01"),
    "school": ("officer", None),  # the first CĐCS of P01, found at build time
    "confirm": ("officer", ""),  # confirms entries anywhere: enough distinct ones for a run
}


def log(message):
    print(f"[build {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


class Table:
    """Rows for one model's table, in a fixed column order; columns not given get the field's
    constant default, so a field added to the model later does not break the load."""

    def __init__(self, model, attnames):

        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [a for a in attnames if a not in fields]
        if missing:
            raise SystemExit(f"{model.__name__} has no {missing}")
        self.extra = [f for a, f in fields.items() if a not in attnames]
        for f in self.extra:
            if f.has_default() and callable(f.default):
                raise SystemExit(f"bench/build.py: give {model.__name__}.{f.attname} a value")
        self.constants = tuple(f.get_default() if f.has_default() else None for f in self.extra)
        self.names = [*attnames, *(f.attname for f in self.extra)]
        self.rows = []

    def add(self, *values):
        self.rows.append(values + self.constants)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self):
        from sangkien.core.bulk import insert_rows

        insert_rows(self.model, self.names, self.rows, batch=BATCH)
        self.rows = []


def build(units, initiatives, seed=2022):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrated ({time.perf_counter() - started:.0f} s)")
    load_tree(units)
    log(f"tree of {units:,} units imported ({time.perf_counter() - started:.0f} s)")
    with transaction.atomic():
        make_accounts()
    search_indexes(drop=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # No foreign-key triggers during this load (as pg_restore --disable-triggers): the
            # ids come from the rows just written, and the deferred checks of ~5 million rows
            # made the COMMIT alone take minutes.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        load_initiatives(initiatives, seed)
    log(f"{initiatives:,} initiatives written ({time.perf_counter() - started:.0f} s)")
    search_indexes(drop=False)
    log(f"search indexes ready ({time.perf_counter() - started:.0f} s)")
    from sangkien.progress import recount

    recount.rewrite()
    log(f"counters rebuilt by progress.recount.rewrite ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log(f"statistics refreshed; built in {time.perf_counter() - started:.0f} s")


def load_tree(units):
    from sangkien.orgs.importing import units_import
    from sangkien.orgs.tests.synthetic import national_tree_rows, write_csv

    with tempfile.TemporaryDirectory(prefix="bench-tree-") as workdir:
        path = write_csv(Path(workdir) / "units.csv", national_tree_rows(units))
        units_import(acting_user=None, source=path, filename=path.name)


def make_accounts():
    from sangkien.accounts.models import Consent, PrivacyNotice, User
    from sangkien.orgs.models import Membership, Unit

    notice = PrivacyNotice.current()
    root = Unit.objects.get(depth=1)
    school = Unit.objects.subtree_of(Unit.objects.get(code="P01")).filter(kind__code="grassroots").first()
    for name, (role, code) in ACCOUNTS.items():
        unit = root if code == "" else school if code is None else Unit.objects.get(code=code)
        user = User.objects.create_user(email=f"bench-{name}@bench.sangkien.vn", full_name=f"Bench {name}")
        Membership.objects.create(user=user, unit=unit, role=role)
        if notice is not None:
            Consent.objects.create(user=user, notice=notice)


def search_indexes(*, drop):
    """PostgreSQL: drop the search's GIN indexes before the load; after it, fill the search
    table (the load runs with triggers off) and build the indexes once (the statements of
    initiatives migration 0009 itself). SQLite's FTS5 triggers stay on."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    search = importlib.import_module("sangkien.initiatives.migrations.0009_search_table_postgres")
    if drop:
        statements = search.POSTGRES_INDEX_DOWN
    else:
        statements = [*search.FILL, *search.POSTGRES_INDEX_UP, "ANALYZE initiative_search"]
    with connection.cursor() as cursor:
        if not drop:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for sql in statements:
            cursor.execute(sql)


def load_initiatives(total, seed):
    from django.db import connection
    from django.db.models import Max

    from sangkien.accounts.models import User
    from sangkien.initiatives import demo
    from sangkien.initiatives.importing import fast_fold
    from sangkien.initiatives.models import Author, Campaign, Field, Honour, Initiative, Transition
    from sangkien.orgs.models import Unit

    rng = random.Random(seed)
    campaign = Campaign.objects.get(code="01-trieu-sang-kien")
    phases = {p.number: p for p in campaign.phases.all()}
    fields = list(Field.objects.values_list("id", flat=True))
    schools = list(Unit.objects.filter(kind__code="grassroots").order_by("path")
                   .values_list("id", "path", "headcount", "name"))
    ids_by_path = dict(Unit.objects.values_list("path", "id"))
    users = list(User.objects.values_list("id", flat=True))
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    sqlite = connection.vendor == "sqlite"

    def moment(value):  # what each database takes for an aware datetime
        return connection.ops.adapt_datetimefield_value(value) if sqlite else value

    def day(value):
        return value.isoformat() if sqlite else value

    items = Table(Initiative, [
        "id", "title", "unit_id", "unit_path", "campaign_id", "phase_id", "solution_type", "field_id",
        "situation", "content", "effect", "benefit_vnd", "scope", "first_used_on", "recognised_by",
        "recognition_level", "decision_number", "decision_date", "rewards", "confidential", "effect_summary",
        "status", "level_unit_id", "version", "status_changed_at", "created_by_id", "created_at", "updated_at",
        "title_folded", "search_text"])
    authors = Table(Author, ["id", "initiative_id", "user_id", "full_name", "birth_year", "position", "workplace",
                             "share", "position_in_list"])
    moves = Table(Transition, ["id", "initiative_id", "action", "from_status", "to_status", "actor_id", "unit_id",
                               "comment", "created_at"])
    honours = Table(Honour, ["id", "initiative_id", "unit_id", "title", "decision_number", "decision_date",
                             "created_at"])
    next_item, next_author, next_move, next_honour = [
        (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for model in (Initiative, Author, Transition, Honour)]

    picked = rng.choices(schools, cum_weights=_cumulative([max(s[2], 5) for s in schools]), k=total)
    states, weights = list(demo.WEIGHTS), _cumulative(demo.WEIGHTS.values())
    span = (demo.END - demo.START).days - 90
    folded = {}
    situation = "Trước khi áp dụng, việc này làm thủ công, mất nhiều thời gian và học sinh ít hứng thú."
    effect = "Học sinh hứng thú hơn, kết quả học tập tiến bộ; giáo viên tiết kiệm thời gian chuẩn bị."
    now = moment(datetime.datetime.now(tz))
    for n, (school_id, path, _headcount, school_name) in enumerate(picked):
        state = rng.choices(states, cum_weights=weights)[0]
        title = rng.choice(demo.PATTERNS).format(method=rng.choice(demo.METHODS), subject=rng.choice(demo.SUBJECTS))
        if n % 7 == 0:
            title += f" tại {school_name}"
        entered = demo.START + datetime.timedelta(days=rng.randint(0, span))
        names = [f"{rng.choice(demo.FAMILY)} {rng.choice(demo.MIDDLE)} {rng.choice(demo.GIVEN)}"
                 for _ in range(rng.choices((1, 2, 3), cum_weights=(6, 9, 10))[0])]
        when = datetime.datetime.combine(entered, datetime.time(8 + rng.randint(0, 9), rng.randint(0, 59)), tz)
        created = when
        upper_path = path[:-Unit.steplen]
        level_path = upper_path
        history = []
        for action in demo.PATHS[state]:
            when += datetime.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 5))
            acting = path if action in ("submit", "withdraw", "confirm", "return", "reject") else level_path
            if action == "approve":
                acting = upper_path
            elif action == "nominate":
                level_path = level_path[:-Unit.steplen] or level_path
            history.append((action, acting, when))
        content = f"{title}. Sáng kiến xây dựng quy trình mới, áp dụng thử ở các lớp rồi nhân rộng toàn trường."
        if title not in folded:
            folded[title] = fast_fold(title)
        search_text = fast_fold(" ".join([title, *names, content]))
        benefit = rng.choice((0, 0, 500_000, 1_200_000, 2_500_000, 5_000_000, 12_000_000, 30_000_000))
        counted = state in ("approved", "nominated", "honoured")
        phase = phases[1] if entered <= phases[1].ends_on else phases[2]
        actor = rng.choice(users)
        items.add(
            next_item, title, school_id, path, campaign.pk, phase.pk, rng.choice(SOLUTION_TYPES), rng.choice(fields),
            situation, content, effect, benefit, rng.choice(SCOPES),
            day(entered - datetime.timedelta(days=rng.randint(10, 120))), f"Hội đồng sáng kiến {school_name}"[:300],
            "Cấp cơ sở", f"{rng.randint(10, 250)}/QĐ-{n}", day(entered), "", rng.random() < 0.03,
            "Tiết kiệm thời gian, nâng cao chất lượng.", state, ids_by_path[level_path] if counted else None,
            1 + len(history), moment(history[-1][2] if history else created), actor,
            moment(history[0][2] - datetime.timedelta(days=1) if history else created), now,
            folded[title], search_text,
        )
        shares = (100,) if len(names) == 1 else (60, 40) if len(names) == 2 else (50, 30, 20)
        for i, (name, share) in enumerate(zip(names, shares, strict=True)):
            authors.add(next_author, next_item, None, name, rng.randint(1965, 1999),
                        demo.POSITIONS[i % len(demo.POSITIONS)], school_name, share, i)
            next_author += 1
        for action, acting, at in history:
            moves.add(next_move, next_item, action, demo.SOURCE[action], demo.TARGET[action], actor,
                      ids_by_path[acting], demo.COMMENTS.get(action, ""), moment(at))
            next_move += 1
            if action == "honour":
                honours.add(next_honour, next_item, ids_by_path[acting], "Giấy khen của công đoàn cấp trên",
                            f"{rng.randint(100, 900)}/QĐ-CĐ", day(at.date()), moment(at))
                next_honour += 1
        next_item += 1
        if n and n % 200_000 == 0:
            log(f"  {n:,} initiatives")
    for table in (items, authors, moves, honours):
        table.flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Initiative, Author, Transition, Honour):
                table = model._meta.db_table
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                               f"(SELECT COALESCE(MAX(id), 1) FROM {table}))")


def _cumulative(weights):
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _choices():
    from sangkien.initiatives.models import Scope, SolutionType

    return list(SolutionType.values), [Scope.UNIT, Scope.UNIT, Scope.DISTRICT, Scope.PROVINCE]


SOLUTION_TYPES: list = []
SCOPES: list = []


def sessions():
    """A signed-in session for each bench account, written through the configured session
    engine (the database, or Redis when REDIS_URL is set), as the login view would."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from sangkien.accounts.models import User
    from sangkien.orgs.models import Membership

    store = import_module(settings.SESSION_ENGINE).SessionStore
    out = {}
    for name in ACCOUNTS:
        user = User.objects.get(email=f"bench-{name}@bench.sangkien.vn")
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "sangkien.accounts.backends.EmailOrPhoneBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        unit = Membership.objects.filter(user=user).select_related("unit").first().unit
        out[name] = {"cookie": session.session_key, "unit": unit.code}
    print(json.dumps(out))


def confirm_ids(path, limit):
    import django

    django.setup()
    from sangkien.initiatives.models import Initiative

    ids = list(Initiative.objects.filter(status="submitted").order_by("?").values_list("id", flat=True)[:limit])
    Path(path).write_text("\n".join(map(str, ids)) + "\n")
    print(len(ids))


def sizes():
    import django

    django.setup()
    from sangkien.initiatives.models import Initiative
    from sangkien.orgs.models import Unit

    print(json.dumps({"units": Unit.objects.count(), "initiatives": Initiative.objects.count()}))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--units", type=int, default=150_000)
    b.add_argument("--initiatives", type=int, default=1_000_000)
    sub.add_parser("sessions")
    sub.add_parser("sizes")
    c = sub.add_parser("confirm-ids")
    c.add_argument("path")
    c.add_argument("--limit", type=int, default=100_000)
    args = parser.parse_args()
    if args.command == "build":
        import django

        django.setup()
        SOLUTION_TYPES[:], SCOPES[:] = _choices()
        build(args.units, args.initiatives)
    elif args.command == "sessions":
        sessions()
    elif args.command == "sizes":
        sizes()
    else:
        confirm_ids(args.path, args.limit)


if __name__ == "__main__":
    main()
