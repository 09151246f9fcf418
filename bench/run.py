"""`make bench`: the pages that matter, served by the real server at national scale.

    .venv/bin/python bench/run.py                       # both databases, 150,000 units, 1M initiatives
    .venv/bin/python bench/run.py --db sqlite --units 2000 --initiatives 5000 --duration 2
    .venv/bin/python bench/run.py --reuse               # measure again on the databases built last time

For each database: build a throwaway database (bench/build.py: a SQLite file under --workdir,
or a PostgreSQL database named bench_sangkien, dropped and created again), start gunicorn
with the production settings (DEBUG off, 2 sync workers, --workers to change it; Redis for
the cache on the PostgreSQL run when REDIS_URL is set) plus a floor page (bench/urls.py), and drive it over
127.0.0.1 with wrk (installed with apt-get when missing and running as root), or a Python
load generator when wrk cannot be had. Every page runs --repeat times (3), round after round;
prints requests/s, p50 and p95 of each page's median run and its ratio to the floor measured
in the same run, and with full sizes writes the table into docs/benchmarks.md between its
bench/run.py markers.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DOC = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- bench/run.py: start -->"
END_MARK = "<!-- bench/run.py: end -->"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "bench_sangkien"
CSRF = "benchcsrftokenbenchcsrftoken0123"  # 32 characters: an unmasked CSRF secret
FULL = (150_000, 1_000_000)


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


# ---- the databases -----------------------------------------------------------------------

def database_env(args, db):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="0", SECRET_KEY="bench-only-not-a-secret",  # noqa: S106
               ALLOWED_HOSTS="127.0.0.1", PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING",
               # Production would send mail through SMTP; none here, and none is measured.
               EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    if db == "sqlite":
        env["SQLITE_PATH"] = str(sqlite_path(args))
    else:
        parts = urllib.parse.urlsplit(args.pg_admin_url)
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{PG_NAME}"))
        # As docs/deploy.md runs servers: background work (notifications) queued for db_worker.
        env["TASKS_BACKEND"] = "database"
        if os.environ.get("REDIS_URL"):
            env["REDIS_URL"] = os.environ["REDIS_URL"]
            env["CACHE_KEY_PREFIX"] = "sangkien-bench"
    return env


def sqlite_path(args):
    return Path(args.workdir) / f"bench-{args.units}-{args.initiatives}.sqlite3"


def stamp_path(args, db):
    return Path(args.workdir) / f"{db}.stamp"


def stamp(args):
    return json.dumps({"units": args.units, "initiatives": args.initiatives})


def build(args, db, env):
    stamp_file = stamp_path(args, db)
    if args.reuse and stamp_file.exists() and stamp_file.read_text() == stamp(args):
        # The PostgreSQL database has one name for every size: check it still holds this one.
        sizes = subprocess.run([PY, "bench/build.py", "sizes"], cwd=ROOT, env=env, capture_output=True, text=True)
        if sizes.returncode == 0 and json.loads(sizes.stdout) == json.loads(stamp(args)):
            log(f"{db}: reusing the database built earlier ({stamp_file})")
            subprocess.run([PY, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
            return
        log(f"{db}: the database no longer holds {args.units:,} units and {args.initiatives:,} initiatives")
    stamp_file.unlink(missing_ok=True)
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path(args)}{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        with psycopg.connect(args.pg_admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            c.execute(f"CREATE DATABASE {PG_NAME}")
    log(f"{db}: building {args.units:,} units and {args.initiatives:,} initiatives")
    started = time.perf_counter()
    subprocess.run([PY, "bench/build.py", "build", "--units", str(args.units), "--initiatives",
                    str(args.initiatives)], cwd=ROOT, env=env, check=True)
    log(f"{db}: built in {time.perf_counter() - started:.0f} s")
    stamp_file.write_text(stamp(args))


def warm(args, db, env):
    """Read the whole database into memory before measuring: the figures are of a server whose
    data is in the page cache, as a running one's is. On this kind of machine the kernel
    hands back cold file pages within minutes (the PostgreSQL database, built before the
    SQLite run, confirmed 40-71 moves/s cold and 211 once read, with dashboards 15% slower).
    SQLite: the file read through; PostgreSQL: every relation read with pg_prewarm (a
    contrib extension, created if missing; without it, nothing is read and the log says so).
    Returns the seconds it took."""
    started = time.perf_counter()
    if db == "sqlite":
        with open(sqlite_path(args), "rb") as data:
            while data.read(1 << 24):
                pass
    else:
        import psycopg

        try:
            with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True) as c:
                c.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
                c.execute("SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c "
                          "JOIN pg_namespace n ON n.oid = c.relnamespace "
                          "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm', 't')")
        except psycopg.Error as error:
            log(f"{db}: not warmed: pg_prewarm failed ({error.__class__.__name__}: {error})")
            return None
    seconds = time.perf_counter() - started
    log(f"{db}: database read into the page cache ({seconds:.1f} s)")
    return seconds


# ---- the server --------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(args, db, env, port):
    gunicorn = str(Path(PY).with_name("gunicorn"))
    logfile = Path(args.workdir) / f"gunicorn-{db}.log"
    server = subprocess.Popen(
        [gunicorn, "sangkien.wsgi", "--workers", str(args.workers), "--worker-class", args.worker_class,
         *(["--threads", str(args.worker_threads)] if args.worker_class == "gthread" else []), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--error-logfile", str(logfile)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {logfile}")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def request(port, method, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        body = response.read()
        return response.status, response.getheader("Location"), body
    finally:
        conn.close()


# ---- load --------------------------------------------------------------------------------

def have_wrk():
    if shutil.which("wrk"):
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (Debian package)")
        result = subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True)
        if result.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True)
    return bool(shutil.which("wrk"))


def headers_for(cookie, post=False):
    headers = {}
    if cookie:
        headers["Cookie"] = f"sessionid={cookie}; csrftoken={CSRF}"
    if post:
        headers["X-CSRFToken"] = CSRF
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    return headers


def wrk_load(args, port, path, headers, duration, ids_file=None):
    command = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{duration}s",
               "--timeout", "10s", "-s", str(ROOT / "bench" / "wrk.lua")]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    if ids_file:
        command += ["--", str(ids_file), str(args.threads), "/sang-kien/%s/chuyen/confirm/"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    data = json.loads(line[6:])
    seconds = data["duration_us"] / 1e6
    return {"requests": data["requests"], "seconds": seconds, "rps": data["requests"] / seconds,
            "p50": data["p50_us"] / 1000, "p95": data["p95_us"] / 1000, "errors": data["errors"] + data["bad_status"]}


def python_load(args, port, path, headers, duration, ids=None):
    """A plain load generator: `connections` threads, one new connection per request (as
    gunicorn's sync workers close each one). Slower than wrk; the floor shows its ceiling."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    queue = list(reversed(ids)) if ids is not None else None
    deadline = time.perf_counter() + duration

    def worker():
        while time.perf_counter() < deadline:
            target, method = path, "GET"
            if queue is not None:
                with lock:
                    if not queue:
                        return
                    target, method = f"/sang-kien/{queue.pop()}/chuyen/confirm/", "POST"
            started = time.perf_counter()
            try:
                status = request(port, method, target, headers)[0]
            except OSError:
                status = 0
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status not in (200, 302):
                    errors[0] += 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    latencies.sort()

    def pct(p):
        return 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] if latencies else 0.0

    return {"requests": len(latencies), "seconds": seconds, "rps": len(latencies) / seconds, "p50": pct(50),
            "p95": pct(95), "errors": errors[0]}


def steady_moves(port, headers, ids, rate, stop):
    """Confirm the entries `ids` (popped from the end) at `rate` a second, on a thread of
    its own, until `stop` is set. Returns the thread and the list of ids it posted."""
    posted = []

    def run():
        due = time.perf_counter()
        while not stop.is_set() and ids:
            entry = ids.pop()
            try:
                request(port, "POST", f"/sang-kien/{entry}/chuyen/confirm/", headers)
            except OSError:
                pass
            posted.append(entry)
            due += 1 / rate
            stop.wait(max(0.0, due - time.perf_counter()))

    thread = threading.Thread(target=run, daemon=True)  # never outlives a failed run
    thread.start()
    return thread, posted


# ---- where the CPU went ------------------------------------------------------------------

TICK = os.sysconf("SC_CLK_TCK")


def _ticks(pid):
    """User + system CPU of one process, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0
    return int(fields[11]) + int(fields[12])


def _processes(predicate):
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if predicate(entry):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def cpu_snapshot(server):
    """CPU seconds so far of the app (gunicorn's workers), the database server's processes
    (PostgreSQL's; SQLite runs inside the workers) and the load generator (this process's
    finished children)."""
    workers = _processes(lambda e: (e / "stat").read_text().rsplit(")", 1)[1].split()[1] == str(server.pid))
    database = _processes(lambda e: (e / "comm").read_text().strip() == "postgres")
    import resource

    def title(pid):  # "postgres: 15/main: postgres bench_sangkien 127.0.0.1(5432) idle", "...: walwriter"
        try:
            return Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return b""

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    titles = {p: title(p) for p in database}
    return {"app": {p: _ticks(p) for p in workers},
            # the backends serving the bench's database (not other databases' clients)
            "db": {p: _ticks(p) for p, t in titles.items() if f" {PG_NAME} ".encode() in t},
            # the server's own processes (WAL writer, checkpointer, autovacuum launcher…)
            "db background": {p: _ticks(p) for p, t in titles.items() if b"(" not in t},
            "load": children.ru_utime + children.ru_stime}


def cpu_per_request(before, after, requests):
    """ms of CPU per request in each place, between two snapshots (processes in both)."""
    def spent(part):
        return sum(after[part][p] - t for p, t in before[part].items() if p in after[part]) / TICK

    if not requests:
        return {}
    return {"app": 1000 * spent("app") / requests, "db": 1000 * spent("db") / requests,
            "db background": 1000 * spent("db background") / requests,
            "load": 1000 * (after["load"] - before["load"]) / requests}


# ---- one database ------------------------------------------------------------------------

# (key, label, account or None, how to build the path from the accounts' data)
PAGES = [
    ("floor", "floor: 20-row template", None),
    ("floor_signed_in", "  the same, signed in (officer)", "province"),
    ("floor_layout", "  the same, signed in, in base.html", "province"),
    ("home", "public home", None),
    ("dash_root", "dashboard, national root", "national"),
    ("dash_province", "dashboard, province", "province"),
    ("dash_school", "dashboard, school union (CĐCS)", "school"),
    # The national root again while entries are confirmed at a steady rate (--moving-rate):
    # every move below it makes its figures new, so its body is rendered again for each.
    ("dash_root_moving", "  national root, while moves go on", "national"),
    ("list", "province list, filtered, page 1", "province"),
    ("search", "search in a province", "province"),
    # What the counter widget asks on every view of a union website that pastes it.
    ("api", "public API, a province (JSON)", None),
    ("confirm", "confirm (POST, moves/s)", "confirm"),
    # The floor once more at the end: this machine's speed drifts by ±10% within minutes, so
    # each ratio is taken to the faster of the two floors (the lower, more honest ratio).
    ("floor_end", "floor again, after the pages", None),
]


def page_path(key, info):
    return {
        "floor": "/bench/floor/",
        "floor_end": "/bench/floor/",
        "floor_signed_in": "/bench/floor/signed-in/",
        "floor_layout": "/bench/floor/layout/",
        "home": "/",
        "dash_root": f"/tien-do/{info['national']['unit']}/",
        "dash_root_moving": f"/tien-do/{info['national']['unit']}/",
        "dash_province": f"/tien-do/{info['province']['unit']}/",
        "dash_school": f"/tien-do/{info['school']['unit']}/",
        "list": f"/sang-kien/danh-sach/?unit={info['province']['unit']}&status=approved&sort=newest",
        "search": f"/sang-kien/danh-sach/?unit={info['province']['unit']}&q=zalo+phu+huynh",
        "api": f"/api/v1/progress/{info['province']['unit']}",
    }.get(key)


def measure(args, db, use_wrk):
    env = database_env(args, db)
    build(args, db, env)
    subprocess.run([PY, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    info = json.loads(subprocess.run([PY, "bench/build.py", "sessions"], cwd=ROOT, env=env, check=True,
                                     capture_output=True, text=True).stdout)
    ids_file = Path(args.workdir) / f"confirm-ids-{db}.txt"
    subprocess.run([PY, "bench/build.py", "confirm-ids", str(ids_file)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    ids = [i for i in ids_file.read_text().split() if i]
    # Each round moves entries of its own: the steady mover's from the end of the list, the
    # confirm page's from an equal share of the rest.
    moving_wanted = int(args.moving_rate * (args.warmup + args.duration + 5))
    moving_ids = [ids[len(ids) - (r + 1) * moving_wanted:len(ids) - r * moving_wanted] for r in range(args.repeat)]
    ids = ids[:len(ids) - args.repeat * moving_wanted]
    share = len(ids) // args.repeat
    if share < 2:
        raise SystemExit(f"{db}: {len(ids)} submitted entries left for {args.repeat} confirm runs; build again")
    confirm_ids = [ids[r * share:(r + 1) * share] for r in range(args.repeat)]
    warmed = warm(args, db, env)
    port = free_port()
    server = start_server(args, db, env, port)
    results = {"load_before": os.getloadavg(), "warmed": warmed}
    rounds = {key: [] for key, _label, _account in PAGES}
    try:
        # Round after round of every page in the table's order, so that a minute when this
        # machine runs slower falls on one run of each page, not on all the runs of one.
        for r in range(args.repeat):
            for key, label, account in PAGES:
                if args.pages and key not in args.pages:
                    continue
                run = measure_page(args, db, env, use_wrk, server, port, info, key, account, ids_file,
                                   confirm_ids[r], moving_ids[r])
                rounds[key].append(run)
                log(f"{db}: {label:36} {run['rps']:8.1f} req/s  p50 {run['p50']:6.1f} ms  p95 {run['p95']:6.1f} ms"
                    + (f"  {run['moves_per_s']:.0f} moves/s" if key == "confirm" else "")
                    + (f"  while {run['moves_per_s']:.1f} moves/s ({run['moved']} of {run['posted']} posted moved)"
                       if key == "dash_root_moving" else "")
                    + "  CPU ms/request: " + ", ".join(f"{k} {v:.2f}" for k, v in run["cpu"].items())
                    + (f"  ERRORS {run['errors']}" if run["errors"] else "")
                    + (f"  (round {r + 1} of {args.repeat})" if args.repeat > 1 else ""))
    finally:
        stop_server(server)
    results.update({key: median_run(key, runs) for key, runs in rounds.items() if runs})
    results["load_after"] = os.getloadavg()
    return results


def speed(key, run):
    """What a page's runs are ranked by: confirms by the entries moved, the rest by requests."""
    return run["moves_per_s"] if key == "confirm" else run["rps"]


def median_run(key, runs):
    """The page's run with the median speed (the lower middle one of an even number), as it
    was measured (its latencies and CPU with it), and every run's speed beside it."""
    ranked = sorted(runs, key=lambda run: speed(key, run))
    chosen = dict(ranked[(len(ranked) - 1) // 2])
    chosen["speeds"] = [speed(key, run) for run in runs]
    chosen["errors"] = sum(run["errors"] for run in runs)  # an error in any run shows
    chosen["ran_out"] = any(run.get("ran_out") for run in runs)
    return chosen


def measure_page(args, db, env, use_wrk, server, port, info, key, account, ids_file, confirm_ids, moving_ids):
    """One run of one page: `duration` seconds of load (after `warmup`, except for confirm)."""
    cookie = info[account]["cookie"] if account else None
    if key == "confirm":
        probe_id, ids = confirm_ids[-1], confirm_ids[:-1]
        ids_file.write_text("\n".join(ids) + "\n")
        status, location, _body = request(port, "POST", f"/sang-kien/{probe_id}/chuyen/confirm/",
                                          headers_for(cookie, post=True))
        expect = (302, f"/sang-kien/{probe_id}/")
        if (status, location) != expect:
            raise SystemExit(f"{db}: confirm answered {status} {location}, expected {expect}")
        before = count_confirmed(env, ids_file)
        headers = headers_for(cookie, post=True)
        cpu_before = cpu_snapshot(server)
        run = (wrk_load(args, port, "/", headers, args.duration, ids_file) if use_wrk
               else python_load(args, port, "/", headers, args.duration, ids))
        run["cpu"] = cpu_per_request(cpu_before, cpu_snapshot(server), run["requests"])
        run["moves"] = count_confirmed(env, ids_file) - before
        run["moves_per_s"] = run["moves"] / run["seconds"]
        # Every entry handed out was moved before the run's end: the rest of its requests
        # were refused repeats, and moves/s is a lower bound (build the database again).
        run["ran_out"] = run["moves"] >= len(ids) - 2 * args.connections
        if run["ran_out"]:
            log(f"{db}: confirm moved all {len(ids):,} entries it was given: a lower bound; build again")
        return run
    path = page_path(key, info)
    headers = headers_for(cookie)
    status, location, _body = request(port, "GET", path, headers)
    if status != 200:
        raise SystemExit(f"{db}: {path} answered {status} {location or ''}; see the server log")
    load = wrk_load if use_wrk else python_load
    mover = None
    if key == "dash_root_moving":
        stop = threading.Event()
        mover = steady_moves(port, headers_for(info["confirm"]["cookie"], post=True), moving_ids,
                             args.moving_rate, stop)
    if args.warmup:
        load(args, port, path, headers, args.warmup)
    cpu_before = cpu_snapshot(server)
    moving_since = len(mover[1]) if mover else 0
    run = load(args, port, path, headers, args.duration)
    run["cpu"] = cpu_per_request(cpu_before, cpu_snapshot(server), run["requests"])
    run["path"] = path
    if mover:
        run["moves_per_s"] = (len(mover[1]) - moving_since) / run["seconds"]
        stop.set()
        mover[0].join()
        moved_file = Path(args.workdir) / f"moved-{db}.txt"
        moved_file.write_text("\n".join(mover[1]) + "\n")
        run["moved"] = count_confirmed(env, moved_file)
        run["posted"] = len(mover[1])
    return run


def count_confirmed(env, ids_file):
    code = ("import django; django.setup(); import sys; "
            "from sangkien.initiatives.models import Initiative; "
            "ids = [int(x) for x in open(sys.argv[1]).read().split()]; "
            "print(sum(Initiative.objects.filter(pk__in=ids[i:i + 5000], status='confirmed').count() "
            "for i in range(0, len(ids), 5000)))")
    out = subprocess.run([PY, "-c", code, str(ids_file)], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout
    return int(out.strip())


# ---- report ------------------------------------------------------------------------------

GOALS = {
    # key: (min ratio to the floor, max p95 in ms, min moves/s), PostgreSQL at 1M (the issue)
    "home": (0.8, None, None),
    "dash_root": (0.6, 50, None),
    "dash_province": (0.6, 50, None),
    "dash_school": (0.6, 50, None),
    "list": (0.6, None, None),
    "search": (None, 100, None),
    "confirm": (None, None, 300),
}


def goal_text(key):
    ratio, p95, moves = GOALS.get(key, (None, None, None))
    parts = []
    if ratio:
        parts.append(f"≥ {ratio}×")
    if p95:
        parts.append(f"p95 < {p95} ms")
    if moves:
        parts.append(f"≥ {moves} moves/s")
    return ", ".join(parts) or "—"


def goal_met(key, run, floor):
    ratio, p95, moves = GOALS.get(key, (None, None, None))
    if key not in GOALS:
        return "—"
    ok = not run["errors"]
    if ratio:
        ok &= run["rps"] / floor >= ratio
    if p95:
        ok &= run["p95"] < p95
    if moves:
        ok &= run["moves_per_s"] >= moves
    return "yes" if ok else "**no**"


def floor_of(results):
    """The floor each ratio is taken to: the faster of its two places in the order (the
    medians of their runs when each page ran more than once)."""
    return max(results[k]["rps"] for k in ("floor", "floor_end") if k in results)


def table(db, results):
    floor = floor_of(results)
    lines = [f"| {db} | page | req/s | p50 ms | p95 ms | × floor | goal | met |",
             "|---|---|---:|---:|---:|---:|---|---|"]
    for key, label, _account in PAGES:
        run = results.get(key)
        if run is None:
            continue  # left out by --pages
        rps = f"{run['moves_per_s']:,.0f} moves/s" if key == "confirm" else f"{run['rps']:,.0f}"
        if len(run.get("speeds", ())) > 1:
            rps += f" ({min(run['speeds']):,.0f}–{max(run['speeds']):,.0f})"
        if run.get("ran_out"):
            rps += ", at least: every submitted entry it was given was moved"
        if key == "dash_root_moving":
            label = f"{label} ({run['moves_per_s']:.0f}/s)"
        errors = f" ({run['errors']} errors)" if run["errors"] else ""
        lines.append(f"| | {label}{errors} | {rps} | {run['p50']:.1f} | {run['p95']:.1f} | "
                     f"{run['rps'] / floor:.2f} | {goal_text(key)} | {goal_met(key, run, floor)} |")
    return "\n".join(lines)


def versions(all_results):
    import django

    parts = [f"Python {platform.python_version()}", f"Django {django.get_version()}"]
    import sqlite3

    parts.append(f"SQLite {sqlite3.sqlite_version}")
    if "postgres" in all_results:
        parts.append("PostgreSQL " + all_results["postgres"].get("server_version", "?"))
    return ", ".join(parts)


def report(args, all_results, generator):
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    lines = [
        START_MARK,
        f"Measured {datetime.datetime.now(datetime.UTC).date().isoformat()} by `{args.command_line}`: {args.units:,} units, "
        f"{args.initiatives:,} initiatives; {os.cpu_count()} vCPU ({cpu}), {memory:.0f} GB; {versions(all_results)}. "
        f"Server: gunicorn, {args.workers} sync workers, production settings; load: {generator}, "
        f"{args.connections} connections, {args.duration} s per page after {args.warmup} s of warm-up"
        + (f"; every page run {args.repeat} times, round after round, and shown by its median run "
           "(the slowest and fastest runs in brackets)." if args.repeat > 1 else "."),
        "",
    ]
    for db, results in all_results.items():
        before, after = results["load_before"], results["load_after"]
        lines.append(f"{db}: load average {before[0]:.1f} / {before[1]:.1f} / {before[2]:.1f} before the "
                     f"measurements, {after[0]:.1f} / {after[1]:.1f} / {after[2]:.1f} after"
                     + (f"; cache in Redis, sessions in the database ({results['redis']})" if results.get("redis") else
                        "; cache in local memory, sessions in the database")
                     + ("; notifications queued for db_worker (not running)" if db == "postgres" else
                        "; notifications sent inside the request (TASKS_BACKEND=immediate)")
                     + (f"; the database read into the page cache first ({results['warmed']:.0f} s)"
                        if results.get("warmed") is not None else "; the database not read into memory first")
                     + ".")
        lines.append("")
        lines.append(table(db, results))
        lines.append("")
    lines.append(END_MARK)
    return "\n".join(lines)


def write_doc(text):
    doc = DOC.read_text()
    if START_MARK in doc and END_MARK in doc:
        head, rest = doc.split(START_MARK, 1)
        tail = rest.split(END_MARK, 1)[1]
        doc = head + text + tail
    else:
        doc = doc.rstrip("\n") + "\n\n## Pages under load (`bench/run.py`, `make bench`)\n\n" + text + "\n"
    DOC.write_text(doc)
    log(f"table written into {DOC.relative_to(ROOT)}")


def postgres_version(args):
    import psycopg

    with psycopg.connect(args.pg_admin_url.replace("postgres://", "postgresql://", 1)) as c:
        return c.execute("SHOW server_version").fetchone()[0].split()[0]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--units", type=int, default=FULL[0])
    parser.add_argument("--initiatives", type=int, default=FULL[1])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measurement")
    parser.add_argument("--connections", type=int, default=4)
    # One per core: here the database, Redis and the load generator share the two cores, and
    # 5 workers (2 x cores + 1, docs/deploy.md's advice for app servers with the database on
    # another machine) served the reads 10-25% slower and confirmed no faster
    # (docs/benchmarks.md).
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--worker-threads", type=int, default=2, help="threads of each gthread worker")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    # This machine's speed drifts by 10-40% over minutes (docs/benchmarks.md, sessions 10-11):
    # one run of each page let a slow minute decide a page's row.
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of every page, round after round; the table shows each page's median run")
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--reuse", action="store_true", help="reuse the databases of the last run of these sizes")
    parser.add_argument("--workdir", default=os.environ.get("BENCH_WORKDIR", str(Path(tempfile.gettempdir()) / "sangkien-bench")))
    parser.add_argument("--pg-admin-url", default=os.environ.get("BENCH_PG_ADMIN_URL", PG_ADMIN_URL),
                        help="a PostgreSQL URL allowed to create and drop the bench_sangkien database")
    parser.add_argument("--doc", choices=["auto", "yes", "no"], default="auto",
                        help="write the table into docs/benchmarks.md (auto: only at full size)")
    parser.add_argument("--moving-rate", type=float, default=20,
                        help="confirms a second while the national root's dashboard is measured again")
    parser.add_argument("--pages", type=lambda text: {"floor", "floor_end", *text.split(",")},
                        help="measure only these pages (comma-separated keys: "
                             + ", ".join(key for key, _label, _account in PAGES) + "); the floor always")
    args = parser.parse_args(argv)
    unknown = (args.pages or set()) - {key for key, _label, _account in PAGES}
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    if args.repeat < 1:
        parser.error("--repeat needs at least 1")
    if args.pages and args.doc == "yes":
        parser.error("--doc yes needs every page")
    args.command_line = "make bench" if argv is None and len(sys.argv) == 1 else \
        "bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and have_wrk())
    if args.loadgen == "wrk" and not have_wrk():
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    generator = "wrk" if use_wrk else "the Python load generator of bench/run.py (wrk not available)"
    log(f"load generator: {generator}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    all_results = {}
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        results = measure(args, db, use_wrk)
        if db == "postgres":
            results["server_version"] = postgres_version(args)
            results["redis"] = "REDIS_URL" if os.environ.get("REDIS_URL") else ""
        all_results[db] = results
    text = report(args, all_results, generator)
    print(text)
    if args.doc == "yes" or (args.doc == "auto" and (args.units, args.initiatives) == FULL and args.db == "both"
                                      and not args.pages):
        write_doc(text)
    return all_results


if __name__ == "__main__":
    main()
