"""Real sites for tests that need a server process or a second database: each runs on its own SQLite
file and media folder, copied from one site prepared exactly as the README's set-up does."""

import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    """A port free now, for a server started next (Ralph, a site's server, the cmi5 LMS). With
    ELEARN_TEST_PORTS=LOW-HIGH (dev.sh gives the PostgreSQL pass its own range, outside the kernel's
    ephemeral range the SQLite pass draws from), ports come from that range only: the two passes run
    side by side, and a port one pass was given but has not bound yet is never handed to the other."""
    span = os.environ.get("ELEARN_TEST_PORTS")
    if not span:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    low, high = (int(part) for part in span.split("-"))
    for port in random.sample(range(low, high + 1), min(500, high - low + 1)):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in ELEARN_TEST_PORTS={span}")


def site_env(folder, **extra):
    """The environment of a site whose database and media live in `folder`."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "ELEARN_MEDIA_ROOT": str(folder / "media"), **extra}


def prepare_site(folder):
    """A database prepared exactly as the README's set-up does (migrate, then setup_demo). Never served
    itself: each server runs on its own copy (copy_site), so tests cannot disturb each other."""
    env = site_env(folder)
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    # Without the first releases: fault and backup tests cut their own 1.0.0 (test_setup_demo checks the releases).
    subprocess.run(manage + ["setup_demo", "--no-releases"], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)
    return folder


def copy_site(prepared, folder):
    folder.mkdir(parents=True, exist_ok=True)
    for path in prepared.glob("db.sqlite3*"):
        shutil.copy2(path, folder / path.name)
    if (prepared / "media").is_dir():
        shutil.copytree(prepared / "media", folder / "media", dirs_exist_ok=True)
    return folder


@contextmanager
def running_server(env, port=None, log=None):
    """runserver on 127.0.0.1 with `env`; yields its URL once it answers. `log`: a file for its request log
    (by default a temporary one, quoted when the server does not come up)."""
    port = port or free_port()
    log = Path(log) if log else Path(tempfile.mkstemp(prefix="elearn-server-", suffix=".log")[1])
    output = open(log, "w")  # noqa: SIM115 - closed with the server below
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=output)
    url = f"http://127.0.0.1:{port}"
    last_error, started = None, False
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                started = True
                break
            except OSError as error:
                last_error = error
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        if not started:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=10)
            output.flush()
            pytest.fail(f"The test server did not start ({last_error}). Its log:\n{log.read_text()[-3000:]}")
        yield url
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
        output.close()



@contextmanager
def translated_site_server(prepared, folder):
    """A copy of the `prepared` site in `folder` with the kits' translations loaded as a fresh install loads
    them (load_kits with ELEARN_KIT_TRANSLATIONS on), served by running_server; yields its URL."""
    copy_site(prepared, folder)
    subprocess.run([sys.executable, "manage.py", "load_kits"], cwd=ROOT, env=site_env(folder, ELEARN_KIT_TRANSLATIONS="1"),
                   check=True, timeout=900, capture_output=True)
    with running_server(site_env(folder)) as url:
        yield url

def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)
