"""A real site for browser tests: a server process on its own SQLite file, prepared exactly as the
README's set-up does (migrate, then setup_demo), driven by Playwright through Debian's Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(folder, **extra):
    """The environment of a site whose database and media live in `folder`."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "ELEARN_MEDIA_ROOT": str(folder / "media"), **extra}


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory):
    """A database prepared once, exactly as the README's set-up does (migrate, then setup_demo). Never
    served itself: each server runs on its own copy (copy_site), so tests cannot disturb each other."""
    folder = tmp_path_factory.mktemp("prepared")
    env = site_env(folder)
    manage = [sys.executable, "manage.py"]
    subprocess.run(manage + ["migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run(manage + ["setup_demo"], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)
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
    """runserver on 127.0.0.1 with `env`; yields its URL once it answers. `log`: a file for its request log."""
    port = port or free_port()
    output = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the server below
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=output)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail("The test server exited at start.")
                time.sleep(0.2)
        else:
            pytest.fail("The test server did not start.")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if log:
            output.close()


@pytest.fixture(scope="session")
def site_url(prepared_site, tmp_path_factory):
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("site"))
    with running_server(site_env(folder)) as url:
        yield url


def require_chromium():
    """Browser tests fail in CI without Debian's Chromium (./dev.sh test installs it); elsewhere they skip."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's Chromium is missing: ./dev.sh test installs it (apt-get install chromium).")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshots():
    folder = ROOT / "test-results"
    folder.mkdir(exist_ok=True)
    return folder
