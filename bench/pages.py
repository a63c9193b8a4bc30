#!/usr/bin/env python
"""Side-by-side page speed (issue 19): a static file through whitenoise against elearn's own pages,
under gunicorn with the production settings, and the ratio of each page to the static file.

    .venv/bin/python bench/pages.py [--workers 2] [--connections 8] [--seconds 10] [--rounds 2] [--port 0] [--out DIR]

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
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    Path(out).write_text(json.dumps({
        "static": staticfiles_storage.url("css/site.css"), "lesson": lesson.url, "kit": kit.url,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
    }))


def hammer(port, path, cookie, seconds, start, counts, errors, hits):
    """One connection: requests one after the other until the clock runs out."""
    headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": "identity", "Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = failed = cached = 0
    while time.time() < start:
        time.sleep(0.001)
    end = start + seconds
    while time.time() < end:
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
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


def measure(port, path, cookie, seconds, connections):
    with multiprocessing.Manager() as manager:
        counts, errors, hits = manager.list(), manager.list(), manager.list()
        start = time.time() + 0.5
        workers = [multiprocessing.Process(target=hammer, args=(port, path, cookie, seconds, start, counts, errors, hits))
                   for _ in range(connections)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return sum(counts) / seconds, sum(errors), sum(hits) / max(1, sum(counts))


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


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="loopback port for gunicorn (default: a free one)")
    parser.add_argument("--out", type=Path, help="folder for the database and logs (default: a new temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="keep the database already prepared in --out (skip the set-up)")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        return prepare(args.prepare)

    work = args.out or Path(tempfile.mkdtemp(prefix="elearn-pages-"))
    reuse = args.reuse and (work / "site.json").exists()
    port = args.port or free_port()
    if not reuse:
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        (work / "secret").write_text("bench-" + os.urandom(24).hex())  # the session stays valid with --reuse
    env = {**site_env(work, f"sqlite:///{work / 'db.sqlite3'}", port), "ELEARN_PROXY_COUNT": "0",
           "DJANGO_SECRET_KEY": (work / "secret").read_text().strip()}
    manage = [sys.executable, "manage.py"]
    t0 = time.time()
    if not reuse:
        print("preparing the database ...", flush=True)
        sh(manage + ["migrate", "--no-input", "-v", "0"], env)
        sh(manage + ["createcachetable"], env)
        sh(manage + ["setup_demo"], env)
    sh(manage + ["collectstatic", "--no-input", "-v", "0"], env)
    if not reuse:
        sh([sys.executable, __file__, "--prepare", str(work / "site.json")], env)
    site = json.loads((work / "site.json").read_text())
    print(f"prepared in {time.time() - t0:.0f} s; gunicorn -w {args.workers} on 127.0.0.1:{port}", flush=True)

    pages = [
        ("static CSS file through whitenoise", site["static"], None, None),
        ("lesson page, anonymous", site["lesson"], None, "/accounts/login/"),
        ("lesson page, signed-in learner", site["lesson"], site["cookie"], "/accounts/logout/"),
        ("kit page, anonymous", site["kit"], None, "/accounts/login/"),
        ("kit page, signed-in learner", site["kit"], site["cookie"], "/accounts/logout/"),
    ]
    log = open(work / "gunicorn.log", "w")
    gunicorn = start_gunicorn(env, port, args.workers, log, "--access-logfile", "/dev/null")
    results = {name: [] for name, *_ in pages}
    sizes = {}
    try:
        wait_for(port, gunicorn)
        for _ in range(3):  # every worker loads templates, URL maps and caches before the clock runs
            for name, path, cookie, expect in pages:
                sizes[name] = check(port, path, cookie, expect)
        load_before = os.getloadavg()
        for number in range(args.rounds):
            for name, path, cookie, _ in pages:
                rate, failed, hits = measure(port, path, cookie, args.seconds, args.connections)
                results[name].append((rate, failed, hits))
                print(f"round {number + 1}: {name}: {rate:.0f} req/s, {hits:.0%} from the page cache"
                      + (f" ({failed} failed)" if failed else ""), flush=True)
        load_after = os.getloadavg()
    finally:
        stop_group(gunicorn)
        log.close()

    static = results[pages[0][0]]
    print(f"\n{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, gunicorn -w {args.workers} (sync), "
          f"{args.connections} connections, {args.seconds:g} s per page, {args.rounds} interleaved rounds; "
          f"load average (1 min) before/after {load_before[0]:.2f}/{load_after[0]:.2f}\n")
    print("| page | bytes | " + " | ".join(f"round {n + 1} req/s (× static)" for n in range(args.rounds)) + " |")
    print("|---|---|" + "---|" * args.rounds)
    for name, *_ in pages:
        cells = [f"{rate:,.0f} ({rate / static[n][0]:.3f})" + (f", {hits:.0%} cached" if hits else "") + (f", {failed} failed" if failed else "")
                 for n, (rate, failed, hits) in enumerate(results[name])]
        print(f"| {name} | {sizes[name]:,} | " + " | ".join(cells) + " |")
    print(f"\nfiles in {work}")


if __name__ == "__main__":
    main()
