"""Scripted check: the database goes away under a running server and comes back.

    .venv/bin/python bench/faults/database_outage.py                    # SQLite file (default)
    .venv/bin/python bench/faults/database_outage.py --postgres URL     # PostgreSQL through a TCP relay
    .venv/bin/python bench/faults/database_outage.py --postgres URL --stop-cluster   # really stop it

A server process (gunicorn with one sync worker, else runserver; DEBUG off, elearn.settings.test)
serves a freshly migrated database. The script asks for a page (200), takes the database away, asks
again (503 with Retry-After and the funding statement), brings it back and asks a third time (200):
no restart. On PostgreSQL it does this with DB_CONN_MAX_AGE 0 (a connection per request) and 60 (a
persistent connection, cut under the worker, which Django must drop after the error).

How the database goes away: SQLite, the database file is moved aside (the server then finds an
empty database); PostgreSQL, the server connects through a small TCP relay in this script that is
shut, with every open connection cut, the way a crashed server or a lost network looks; with
--stop-cluster, `pg_ctlcluster <version> main stop` instead (affects every user of the cluster)."""

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
FUNDING = "The project S3-4AlpClusters was implemented with financial assistance"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """127.0.0.1:<port> -> target; stop() closes the listener and cuts every open connection."""

    def __init__(self, target):
        self.target, self.port, self.listener, self.sockets = target, free_port(), None, []

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(50)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self):
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked in its thread
        except OSError:
            pass
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.sockets = []


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for(url, server):
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit("The server exited at start.")
            time.sleep(0.2)
    raise SystemExit("The server did not start.")


def run(env, take_away, bring_back, say=print):
    """Serve with `env`; returns the three (status, headers, body) answers: before, during, after."""
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if gunicorn.exists():
        # One sync worker: every request runs on the same thread, so with DB_CONN_MAX_AGE > 0 the
        # connection cut under it is the persistent one, as in production.
        command = [str(gunicorn), "--workers", "1", "--bind", f"127.0.0.1:{port}", "elearn.wsgi:application"]
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    say(f"  server: {Path(command[0]).name} {' '.join(command[1:])}")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    answers = []
    try:
        wait_for(url, server)
        answers.append(get(url))
        say(f"  database up:       GET / -> {answers[-1][0]}")
        take_away()
        answers.append(get(url))
        status, headers, body = answers[-1]
        say(f"  database gone:     GET / -> {status}, Retry-After: {headers.get('Retry-After')}, "
            f"friendly page: {'temporarily unavailable' in body}, funding statement: {FUNDING in body}")
        bring_back()
        for _ in range(20):  # PostgreSQL takes a moment to accept connections again
            answers.append(get(url))
            if answers[-1][0] == 200:
                break
            time.sleep(0.5)
        say(f"  database back:     GET / -> {answers[-1][0]} (no restart; server pid {server.pid} still running: {server.poll() is None})")
    finally:
        server.terminate()
        _, log = server.communicate(timeout=15)
    logged = [line for line in log.splitlines() if "Database unavailable" in line]
    say(f"  logged: {logged[0][:160] if logged else '(nothing)'}")
    return answers[0], answers[1], answers[-1]


def migrate(env):
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=900)


def check_sqlite(folder, conn_max_age):
    db = folder / "db.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{db}",
           "ELEARN_MEDIA_ROOT": str(folder / "media"), "DB_CONN_MAX_AGE": str(conn_max_age)}
    if not db.exists():
        migrate(env)
    aside = folder / "aside"
    aside.mkdir(exist_ok=True)

    def take_away():
        for path in folder.glob("db.sqlite3*"):
            shutil.move(path, aside / path.name)

    def bring_back():
        for path in folder.glob("db.sqlite3*"):
            path.unlink()  # the empty database SQLite made meanwhile
        for path in aside.iterdir():
            shutil.move(path, folder / path.name)

    print(f"SQLite, DB_CONN_MAX_AGE={conn_max_age}:")
    return run(env, take_away, bring_back)


def check_postgres(url, conn_max_age, stop_cluster, folder):
    parts = urlsplit(url)
    if stop_cluster:
        version = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: [int(x) for x in v.split(".")])[-1]
        served = url
        take_away = lambda: subprocess.run(["pg_ctlcluster", version, "main", "stop"], check=True)  # noqa: E731
        bring_back = lambda: subprocess.run(["pg_ctlcluster", version, "main", "start"], check=True)  # noqa: E731
    else:
        relay = Relay((parts.hostname, parts.port or 5432))
        relay.start()
        served = urlunsplit(parts._replace(netloc=f"{parts.username}:{parts.password}@127.0.0.1:{relay.port}"))
        take_away, bring_back = relay.stop, relay.start
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": served,
           "ELEARN_MEDIA_ROOT": str(folder / "media"), "DB_CONN_MAX_AGE": str(conn_max_age)}
    migrate({**env, "DATABASE_URL": url})
    how = "cluster stopped" if stop_cluster else "TCP relay cut"
    print(f"PostgreSQL ({how}), DB_CONN_MAX_AGE={conn_max_age}:")
    return run(env, take_away, bring_back)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="A PostgreSQL database to migrate and serve (its data is kept).")
    parser.add_argument("--stop-cluster", action="store_true", help="Really stop and start the local PostgreSQL cluster.")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="elearn-outage-") as folder:
        # SQLite: a connection kept open still reads the moved file, so only fresh connections can
        # lose it (a file database does not "go away" under an open connection).
        for conn_max_age in (0, 60) if args.postgres else (0,):
            if args.postgres:
                before, during, after = check_postgres(args.postgres, conn_max_age, args.stop_cluster, Path(folder))
            else:
                before, during, after = check_sqlite(Path(folder), conn_max_age)
            ok &= (before[0] == 200 and during[0] == 503 and during[1].get("Retry-After") == "30"
                   and FUNDING in during[2] and after[0] == 200)
    print("OK: 503 while the database was gone, 200 again without a restart." if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
