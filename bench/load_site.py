#!/usr/bin/env python
"""Load test of the running site: concurrent learners reading lessons and submitting quizzes
against gunicorn, on SQLite and on PostgreSQL, then a check that every submitted attempt is stored
exactly once with the right score.

    .venv/bin/pip install -r bench/requirements.txt -c constraints.txt   # locust
    .venv/bin/python bench/load_site.py [--backend sqlite postgres] [--users 50] [--spawn-rate 10]
                                        [--duration 2m] [--workers 4] [--wait 0.5,1.5] [--out DIR]

For each backend: a fresh database (SQLite file in a temporary folder, or the PostgreSQL database
`elearn_bench` owned by role elearn_test on 127.0.0.1:5432, dropped and created again through
`su postgres -c psql`), `migrate`, `setup_demo` (both kits), 200 bench learners
(bench/load_data.py setup), `collectstatic`; then `gunicorn elearn.wsgi -w 4` with the production
settings on a loopback port, locust headless (bench/load_locustfile.py) for --duration, gunicorn
stopped, and bench/load_data.py verify. Prints one summary table; everything else (locust CSV
files, gunicorn log, submission records, verification JSON) stays in --out.

The settings are elearn.settings.production with what it requires from the environment; the
cache is the database cache (ELEARN_CACHE=db) so that login throttles are shared by the workers,
and ELEARN_PROXY_COUNT=1 because the load script plays the TLS proxy (X-Forwarded-For/-Proto): each
learner has its own address, as behind a real proxy. --proxy-count 0 makes them all 127.0.0.1, and
allauth's per-address login limit then refuses part of the login burst (429).

Exit status 0 only if locust saw no failure and the verification found nothing wrong."""

import argparse
import json
import os
import resource
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent
PASSWORD = "bench-learner-pass-2026"
PG_DB, PG_ROLE = "elearn_bench", "elearn_test"


def sh(cmd, env=None, **kw):
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd))[:200]} failed ({result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_postgres(sql):
    cmd = ["psql", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
    if os.geteuid() == 0:
        cmd = ["su", "postgres", "-c", shlex.join(cmd)]
    else:
        cmd = ["sudo", "-u", "postgres", *cmd]
    sh(cmd)


def postgres_url():
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        version = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: [int(p) for p in v.split(".")])[-1]
        sh(["pg_ctlcluster", version, "main", "start"])
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0:
                break
            time.sleep(1)
    as_postgres(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    as_postgres(f"CREATE DATABASE {PG_DB} OWNER {PG_ROLE}")
    return f"postgres://{PG_ROLE}:{PG_ROLE}@127.0.0.1:5432/{PG_DB}"


def site_env(work, database_url, port, proxy_count=1):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "elearn.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + os.urandom(24).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "ELEARN_BASE_URL": f"https://127.0.0.1:{port}",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        "ELEARN_CACHE": "db",
        "ELEARN_PROXY_COUNT": str(proxy_count),
        "ELEARN_MEDIA_ROOT": str(work / "media"),
        "ELEARN_STATIC_ROOT": str(work / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def start_gunicorn(env, port, workers, log, *options):
    """gunicorn with `workers` sync workers on a loopback port, in its own process group (stop_group)."""
    return subprocess.Popen([str(VENV_BIN / "gunicorn"), "elearn.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", *options],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_group(proc):
    """SIGTERM to the process and its children (gunicorn's workers), SIGKILL after 30 s."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def cpu_of_children():
    """CPU seconds (user + system) of the child processes waited for so far, their own children included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def warm_up(port, site):
    """A few anonymous page views, so each worker has loaded templates and URL maps before the clock runs."""
    import urllib.request

    urls = ["/", "/accounts/login/"] + [kit["url"] for kit in site["kits"]] + [m["url"] for kit in site["kits"] for m in kit["modules"]]
    for url in urls * 2:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers={"X-Forwarded-Proto": "https"})
        urllib.request.urlopen(request, timeout=60).read()


def run_backend(backend, args, out):
    work = out / backend
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    port = free_port()
    database_url = f"sqlite:///{work / 'db.sqlite3'}" if backend == "sqlite" else postgres_url()
    env = site_env(work, database_url, port, args.proxy_count)
    manage = [sys.executable, "manage.py"]
    t0 = time.time()
    print(f"[{backend}] preparing the database ...", flush=True)
    sh(manage + ["migrate", "--no-input", "-v", "0"], env)
    sh(manage + ["createcachetable"], env)
    sh(manage + ["setup_demo"], env)
    sh([sys.executable, str(BENCH / "load_data.py"), "setup", "--learners", str(max(200, args.users)), "--password", PASSWORD,
        "--out", str(work / "site.json")], env)
    sh(manage + ["collectstatic", "--no-input", "-v", "0"], env)
    print(f"[{backend}] prepared in {time.time() - t0:.0f} s; gunicorn -w {args.workers} on 127.0.0.1:{port}", flush=True)

    log = open(work / "gunicorn.log", "w")
    gunicorn = start_gunicorn(env, port, args.workers, log,
                              "--access-logfile", str(work / "access.log"), "--access-logformat", '%(s)s %(m)s "%(U)s" %(M)s')
    try:
        wait_for(port, gunicorn)
        warm_up(port, json.loads((work / "site.json").read_text()))
        locust_env = {**env, "BENCH_SITE": str(work / "site.json"), "BENCH_RECORDS": str(work / "records"), "BENCH_PASSWORD": PASSWORD,
                      "BENCH_WAIT": args.wait, "BENCH_SEED": str(args.seed)}
        command = [str(VENV_BIN / "locust"), "-f", str(BENCH / "load_locustfile.py"), "--headless", "-u", str(args.users),
                   "-r", str(args.spawn_rate), "-t", args.duration, "--host", f"http://127.0.0.1:{port}",
                   "--csv", str(work / "locust"), "--only-summary", "--stop-timeout", "30"]
        print(f"[{backend}] locust -u {args.users} -r {args.spawn_rate} -t {args.duration} ...", flush=True)
        load_before = os.getloadavg()
        cpu_before = cpu_of_children()
        with open(work / "locust.log", "w") as locust_log:
            subprocess.run(command, cwd=ROOT, env=locust_env, stdout=locust_log, stderr=subprocess.STDOUT)
        cpu_locust = cpu_of_children() - cpu_before
        load_after = os.getloadavg()
    finally:
        cpu_before = cpu_of_children()
        stop_group(gunicorn)
        cpu_gunicorn = cpu_of_children() - cpu_before
        log.close()

    verify = subprocess.run([sys.executable, str(BENCH / "load_data.py"), "verify", "--records", str(work / "records"),
                             "--site", str(work / "site.json"), "--json", str(work / "verify.json")],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    (work / "verify.txt").write_text(verify.stdout + verify.stderr)
    print(verify.stdout + verify.stderr, flush=True)
    summary = json.loads((work / "records" / "locust-summary.json").read_text())
    total, rows = summary["entries"][0], [e for e in summary["entries"][1:] if e["name"] != "steady state"]
    steady = next((e for e in summary["entries"] if e["name"] == "steady state"), None)
    server_log = (work / "gunicorn.log").read_text(errors="replace")
    statuses = {}
    for line in (work / "access.log").read_text(errors="replace").splitlines():
        code = line.split(" ", 1)[0]
        statuses[code] = statuses.get(code, 0) + 1
    return {
        "backend": backend, "rows": rows, "total": total, "verify": json.loads((work / "verify.json").read_text()),
        "locked": server_log.count("database is locked"), "tracebacks": server_log.count("Traceback"),
        "statuses": statuses, "load": (load_before, load_after), "work": str(work), "errors": summary["errors"],
        "cpu": (cpu_locust, cpu_gunicorn), "seconds": summary["seconds"], "steady": steady,
    }


def report(results, args):
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores; -u {args.users} -r {args.spawn_rate} "
          f"-t {args.duration}, think time {args.wait} s, gunicorn -w {args.workers}\n")
    print("| backend | requests | req/s | p50 | p95 | p99 | max | failures | server 5xx | 'database is locked' |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        t = r["total"]
        fivexx = sum(n for code, n in r["statuses"].items() if code.startswith("5"))
        print(f"| {r['backend']} | {t['requests']} | {t['rps']:.1f} | {t['p50']:.0f} ms | {t['p95']:.0f} ms | {t['p99']:.0f} ms | "
              f"{t['max']:.0f} ms | {t['failures']} | {fivexx} | {r['locked']} |")
        if r["steady"]:
            t = r["steady"]
            print(f"| {r['backend']}, after the last login ({t['from']:.0f} s on) | {t['requests']} | {t['rps']:.1f} | {t['p50']:.0f} ms | "
                  f"{t['p95']:.0f} ms | {t['p99']:.0f} ms | {t['max']:.0f} ms | {t['failures']} | | |")
    print("\n| backend | submissions | accepted | stored once, right score | double POSTs (409 refused) | replays | "
          "missing | duplicated | wrong score | unrecorded | quiz summaries wrong |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        v = r["verify"]
        print(f"| {r['backend']} | {v['submissions']} | {v['accepted']} | {v['stored'] - v['wrong_score'] - v['wrong_answers']} | "
              f"{v['double_posts']} ({v['refused_duplicates']}) | {v['replays']} | {v['missing']} | {v['duplicated']} | "
              f"{v['wrong_score']} | "
              f"{v['unrecorded']} | {v['summary_wrong']} |")
    for r in results:
        print(f"\n{r['backend']}: {r['seconds']:.0f} s of load; CPU used by gunicorn (all workers) {r['cpu'][1]:.0f} s, by locust "
              f"{r['cpu'][0]:.0f} s; {r['verify']['double_starts']} double-POSTed starts; load average (1 min) before/after "
              f"{r['load'][0][0]:.2f}/{r['load'][1][0]:.2f}; "
              f"HTTP statuses {dict(sorted(r['statuses'].items()))}; files in {r['work']}")
        print("| request | count | failures | median | p95 | p99 |")
        print("|---|---|---|---|---|---|")
        for row in r["rows"]:
            print(f"| {row['method']} {row['name']} | {row['requests']} | {row['failures']} | {row['p50']:.0f} ms | "
                  f"{row['p95']:.0f} ms | {row['p99']:.0f} ms |")
        for error in r["errors"]:
            print(f"  FAILURE x{error['count']}: {error['name']}: {error['error']}")

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--duration", default="2m")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--wait", default="0.5,1.5", help="think time between a learner's steps, min,max seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--proxy-count", type=int, default=1,
                        help="ELEARN_PROXY_COUNT; 0 = every learner is 127.0.0.1 to the login throttles")
    parser.add_argument("--out", type=Path, help="folder for logs and CSV files (default: a new temporary folder)")
    args = parser.parse_args()
    if not (VENV_BIN / "locust").exists():
        raise SystemExit("locust is missing: .venv/bin/pip install -r bench/requirements.txt -c constraints.txt")
    out = args.out or Path(tempfile.mkdtemp(prefix="elearn-load-"))
    results = [run_backend(backend, args, out) for backend in args.backend]
    report(results, args)
    sys.exit(0 if all(r["verify"]["ok"] and r["total"]["failures"] == 0 for r in results) else 1)


if __name__ == "__main__":
    main()
