#!/usr/bin/env python
"""Side-by-side page speed (issue 19): a static file through whitenoise against elearn's own pages,
under gunicorn with the production settings, and the ratio of each page to the static file.

    .venv/bin/python bench/pages.py [--workers 2] [--connections 8] [--seconds 10] [--rounds 2] [--port 0] [--out DIR]
                                    [--peer] [--scale [--kits 50 --learners 100000]] [--reuse]

--peer adds the wagtail-lms peer (bench/peer_wagtail_lms.py: a private venv under /tmp, its own
gunicorn with the same number of workers): its course page anonymous and lesson page signed in are
measured in the same rounds, interleaved with ours. --scale adds a second elearn site, the large data
set of bench/scale_data.py (the demo kits plus 50 kits × 10 modules × 10 lessons and 100,000 learners
with progress and attempts; the signed-in learner has rows in every kit): the same demo pages measured
on it, interleaved with the demo site's, show whether page times stay flat as data grows. Each site
has its own database and gunicorn; only the site being measured is busy, the others idle. "mean time"
is the client's mean time per request (queueing included).

A fresh SQLite database in a temporary folder: `migrate`, `createcachetable`, `setup_demo` (both
kits), `collectstatic`; one learner with a signed-in session made through the ORM (its session key
is the cookie; the learner has completed the first lesson, so the progress overlay has something to
show). Then `gunicorn elearn.wsgi -w N` (sync workers) on a loopback port and, for each round, each
page in turn for --seconds: the static CSS file, the first lesson anonymous, the same lesson signed
in, the kit page anonymous and signed in. Rounds interleave the pages, so a change in the machine's
load shows in every page of a round alike; compare the ratios of one round, not absolute figures.

The load generator is this script: --connections processes, each sending requests one after the
other over one http.client connection (gunicorn's sync workers close each connection, http.client
opens the next one; that is what wrk sees too). It costs CPU on the same cores as the server, which
lowers the static file's figure more than the pages' (the ceiling is partly the client's): the
ratios are therefore on the generous side by the same factor for each page.

The settings are elearn.settings.production as in bench/load_site.py: the database cache
(ELEARN_CACHE=db, shared by the workers, as with several app servers), DB_CONN_MAX_AGE=60, and the
requests say X-Forwarded-Proto: https as if from the TLS proxy."""

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load_site import free_port, sh, site_env, start_gunicorn, stop_group, wait_for  # noqa: E402  (same folder: one copy of the set-up)


def prepare(out):
    """Run inside Django (a subprocess with the site's settings): the learner, its session and the URLs."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils.module_loading import import_string

    from modules.learning.read_models import build_kit_view
    from modules.learning.records import record_lesson_completed
    from modules.models import KitPage

    user = get_user_model().objects.create_user("bench-pages", "bench-pages@bench.example.org", "bench-pages-pass-2026")
    kit = KitPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path").first()
    kit_view = build_kit_view(None, kit)
    lesson = kit_view.modules[0].lessons[0]
    record_lesson_completed(user, lesson.page.specific)
    if os.environ.get("BENCH_SCALE"):
        from scale_data import seed_bench_learner

        seed_bench_learner(user)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    Path(out).write_text(json.dumps({
        "static": staticfiles_storage.url("css/site.css"), "lesson": lesson.url, "kit": kit.url,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
    }))


def hammer(port, path, cookie, seconds, start, counts, errors, hits, busy):
    """One connection: requests one after the other until the clock runs out."""
    headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = failed = cached = 0
    spent = 0.0
    while time.time() < start:
        time.sleep(0.001)
    end = start + seconds
    while time.time() < end:
        try:
            sent = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
                spent += time.perf_counter() - sent
                cached += response.getheader("X-Elearn-Page-Cache") == "hit"
            else:
                failed += 1
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
    counts.append(done)
    errors.append(failed)
    hits.append(cached)
    busy.append(spent)


def measure(port, path, cookie, seconds, connections):
    with multiprocessing.Manager() as manager:
        counts, errors, hits, busy = manager.list(), manager.list(), manager.list(), manager.list()
        start = time.time() + 0.5
        workers = [multiprocessing.Process(target=hammer, args=(port, path, cookie, seconds, start, counts, errors, hits, busy))
                   for _ in range(connections)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        done = sum(counts)
        return done / seconds, sum(errors), sum(hits) / max(1, done), 1000 * sum(busy) / max(1, done)


def check(port, path, cookie, expect):
    """The page answers 200 and is the page meant (anonymous pages show the sign-in link, learner pages not)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    if expect is not None and (expect in body) is not True:
        raise SystemExit(f"{path} does not contain {expect!r}")
    return len(body)


def elearn_site(work, port, reuse, scale=None):
    """An elearn site in `work`: its database (once; `db.ready` marks it built), static files, the learner
    and its session (`site.json`). `scale` = (kits, modules, lessons, learners) adds the large data set."""
    work.mkdir(parents=True, exist_ok=True)
    if not (work / "secret").exists():
        (work / "secret").write_text("bench-" + os.urandom(24).hex())  # the session stays valid with --reuse
    env = {**site_env(work, f"sqlite:///{work / 'db.sqlite3'}", port), "ELEARN_PROXY_COUNT": "0",
           "DJANGO_SECRET_KEY": (work / "secret").read_text().strip(), **({"BENCH_SCALE": "1"} if scale else {})}
    manage = [sys.executable, "manage.py"]
    t0 = time.time()
    built = {}
    # migrate also on --reuse: a database prepared before the code's latest migrations still serves.
    sh(manage + ["migrate", "--no-input", "-v", "0"], env)
    sh(manage + ["createcachetable"], env)
    if not (reuse and (work / "db.ready").exists()):
        print(f"preparing the database in {work} ...", flush=True)
        sh(manage + ["setup_demo"], env)
        built["demo_s"] = round(time.time() - t0)
        if scale:
            from scale_data import build

            built.update(build(work, env, *scale))
        (work / "scale.json" if scale else work / "demo.json").write_text(json.dumps(built))
        (work / "db.ready").write_text("")
    sh(manage + ["collectstatic", "--no-input", "-v", "0"], env)
    if not (reuse and (work / "site.json").exists()):
        sh([sys.executable, __file__, "--prepare", str(work / "site.json")], env)
    print(f"{work}: ready in {time.time() - t0:.0f} s", flush=True)
    return env, json.loads((work / "site.json").read_text())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=0,
                        help="loopback port for elearn's gunicorn; the scale site and the peer take the next two (default: free ones)")
    parser.add_argument("--out", type=Path, help="folder for the databases and logs (default: a new temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="keep the databases already prepared in --out (skip the set-up)")
    parser.add_argument("--peer", action="store_true", help="measure the wagtail-lms peer too (bench/peer_wagtail_lms.py)")
    parser.add_argument("--peer-venv", type=Path, default=Path("/tmp/elearn-peer-venv"), help="the peer's private venv (made once)")
    parser.add_argument("--scale", action="store_true", help="measure the same pages on the large data set too (bench/scale_data.py)")
    parser.add_argument("--kits", type=int, default=50, help="with --scale: synthetic kits")
    parser.add_argument("--modules", type=int, default=10, help="with --scale: modules per kit")
    parser.add_argument("--lessons", type=int, default=10, help="with --scale: lessons per module")
    parser.add_argument("--learners", type=int, default=100_000, help="with --scale: learners")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.prepare)

    work = args.out or Path(tempfile.mkdtemp(prefix="elearn-pages-"))
    if not args.reuse and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    ports = [args.port + n if args.port else free_port() for n in range(3)]
    env, site = elearn_site(work, ports[0], args.reuse)
    servers = [("elearn", lambda log: start_gunicorn(env, ports[0], args.workers, log, "--access-logfile", "/dev/null"), ports[0])]
    pages = [
        ("static CSS file through whitenoise", 0, site["static"], None, None),
        ("lesson page, anonymous", 0, site["lesson"], None, "/accounts/login/"),
        ("lesson page, signed-in learner", 0, site["lesson"], site["cookie"], "/accounts/logout/"),
        ("kit page, anonymous", 0, site["kit"], None, "/accounts/login/"),
        ("kit page, signed-in learner", 0, site["kit"], site["cookie"], "/accounts/logout/"),
    ]
    if args.scale:
        scale_env, scale_site = elearn_site(work / "scale", ports[1], args.reuse, (args.kits, args.modules, args.lessons, args.learners))
        servers.append(("elearn-scale", lambda log: start_gunicorn(scale_env, ports[1], args.workers, log, "--access-logfile", "/dev/null"),
                        ports[1]))
        built = json.loads((work / "scale" / "scale.json").read_text())
        tag = f" (scale: +{args.kits} kits, {args.learners:,} learners)"
        number = len(servers) - 1
        pages += [
            ("lesson page, anonymous" + tag, number, scale_site["lesson"], None, "/accounts/login/"),
            ("lesson page, signed-in learner" + tag, number, scale_site["lesson"], scale_site["cookie"], "/accounts/logout/"),
            ("kit page, anonymous" + tag, number, scale_site["kit"], None, "/accounts/login/"),
            ("kit page, signed-in learner" + tag, number, scale_site["kit"], scale_site["cookie"], "/accounts/logout/"),
        ]
        print(f"scale data set built in {built.get('demo_s', 0) + built.get('load_s', 0) + built.get('seed_s', 0)} s "
              f"(demo {built.get('demo_s')} s, kits {built.get('load_s')} s, learners {built.get('seed_s')} s)", flush=True)
    if args.peer:
        import peer_wagtail_lms as peer

        t0 = time.time()
        peer_python, peer_site = peer.prepare(work / "peer", args.peer_venv)
        print(f"wagtail-lms peer ready in {time.time() - t0:.0f} s", flush=True)
        servers.append(("peer", lambda log: peer.start(work / "peer", peer_python, ports[2], args.workers, log), ports[2]))
        number = len(servers) - 1
        pages += [
            ("wagtail-lms course page, anonymous (peer)", number, peer_site["course"], None, "Please login"),
            ("wagtail-lms lesson page, signed-in learner (peer)", number, peer_site["lesson"], peer_site["cookie"], "Sign out"),
        ]

    log = open(work / "gunicorn.log", "w")
    procs = []
    results = {name: [] for name, *_ in pages}
    sizes = {}
    try:
        for _name, launch, port in servers:
            procs.append(launch(log))
            wait_for(port, procs[-1])
        print(f"gunicorn -w {args.workers} on 127.0.0.1:" + ", ".join(f"{port} ({name})" for name, _l, port in servers), flush=True)
        for _ in range(3):  # every worker loads templates, URL maps and caches before the clock runs
            for name, number, path, cookie, expect in pages:
                sizes[name] = check(servers[number][2], path, cookie, expect)
        load_before = os.getloadavg()
        for round_number in range(args.rounds):
            for name, number, path, cookie, _ in pages:
                rate, failed, hits, latency = measure(servers[number][2], path, cookie, args.seconds, args.connections)
                results[name].append((rate, failed, hits, latency))
                print(f"round {round_number + 1}: {name}: {rate:.0f} req/s, {latency:.0f} ms, {hits:.0%} from the page cache"
                      + (f" ({failed} failed)" if failed else ""), flush=True)
        load_after = os.getloadavg()
    finally:
        for proc in procs:
            stop_group(proc)
        log.close()

    static = results[pages[0][0]]
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, gunicorn -w {args.workers} (sync) per site, "
          f"{args.connections} connections, {args.seconds:g} s per page, {args.rounds} interleaved rounds; "
          f"load average (1 min) before/after {load_before[0]:.2f}/{load_after[0]:.2f}\n")
    print("| page | bytes | " + " | ".join(f"round {n + 1} req/s (× static), mean time" for n in range(args.rounds)) + " |")
    print("|---|---|" + "---|" * args.rounds)
    for name, *_ in pages:
        cells = [f"{rate:,.0f} ({rate / static[n][0]:.3f}), {latency:,.0f} ms" + (f", {hits:.0%} cached" if hits else "")
                 + (f", {failed} failed" if failed else "")
                 for n, (rate, failed, hits, latency) in enumerate(results[name])]
        print(f"| {name} | {sizes[name]:,} | " + " | ".join(cells) + " |")
    if args.peer:
        print("\n| page | " + " | ".join(f"round {n + 1}: elearn ÷ wagtail-lms" for n in range(args.rounds)) + " |")
        print("|---|" + "---|" * args.rounds)
        for ours, theirs in (("lesson page, anonymous", "wagtail-lms course page, anonymous (peer)"),
                             ("kit page, anonymous", "wagtail-lms course page, anonymous (peer)"),
                             ("lesson page, signed-in learner", "wagtail-lms lesson page, signed-in learner (peer)")):
            print(f"| {ours} vs {theirs.removeprefix('wagtail-lms ')} | "
                  + " | ".join(f"{a[0] / max(b[0], 1e-9):.2f}" for a, b in zip(results[ours], results[theirs])) + " |")
    print(f"\nfiles in {work}")


if __name__ == "__main__":
    main()
