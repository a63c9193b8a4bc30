"""A real LRS for the tests: Ralph, in its own virtualenv (.venv-lrs, made by ./dev.sh test), on
loopback, stoppable and restartable mid-test with the statements it stored kept on disk."""

import base64
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.sites import ROOT, free_port

LRS_PYTHON = ROOT / ".venv-lrs" / "bin" / "python"
SERVER = Path(__file__).with_name("ralph_server.py")
USERNAME, PASSWORD = "elearn-tests", "lrs-test-password"


def require_ralph():
    """Fail in CI without Ralph (./dev.sh test installs it); elsewhere skip."""
    if not LRS_PYTHON.exists():
        if os.environ.get("CI"):
            pytest.fail("Ralph is missing: ./dev.sh test installs it into .venv-lrs.")
        pytest.skip("Ralph is not installed (./dev.sh test installs it into .venv-lrs)")


class Ralph:
    def __init__(self, folder, cors_origins=()):
        self.data = Path(folder) / "statements"
        self.port = free_port()
        self.cors_origins = list(cors_origins)
        self.process = None
        self.log = Path(folder) / "ralph.log"

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self):
        env = {**os.environ}
        if self.cors_origins:
            env["RALPH_RUNSERVER_CORS_ALLOW_ORIGINS"] = json.dumps(self.cors_origins)
        with open(self.log, "a") as log:
            self.process = subprocess.Popen([str(LRS_PYTHON), str(SERVER), str(self.port), str(self.data), USERNAME, PASSWORD],
                                            env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped at start:\n{self.log.read_text()[-3000:]}")
            try:
                self.request("GET", "/xAPI/statements?limit=1")
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Ralph did not answer within 60 s:\n{self.log.read_text()[-3000:]}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def request(self, method, path, body=None):
        token = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"Basic {token}", "Content-Type": "application/json",
                                                  "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"null")

    def statements(self):
        """Every statement stored, following the LRS's `more` links."""
        found, path = [], "/xAPI/statements?limit=100"
        while path:
            page = self.request("GET", path)
            found.extend(page["statements"])
            path = page.get("more") or ""
        return found
