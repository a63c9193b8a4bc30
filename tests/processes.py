"""Commands run as real processes that are stopped at an exact point and killed there.

ELEARN_TEST_PAUSE_AT (modules/files/journal.py) makes a process write `ELEARN-PAUSED <point>` to its
stderr and wait at that point; kill_at_pause waits for the line and kills the process with SIGKILL
(no Python cleanup runs)."""

import signal
import subprocess
import sys
import threading

import pytest

from tests.sites import ROOT


def kill_at_pause(args, env, pause_at, timeout, name):
    """Start `manage.py *args` with `env` (which sets ELEARN_TEST_PAUSE_AT=pause_at), wait until it stops
    at `pause_at`, SIGKILL it and return the process. `name` says what it was in the failure message
    when it never gets there within `timeout` seconds."""
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    paused, lines = threading.Event(), []

    def watch():
        for line in process.stderr:
            lines.append(line)
            if line.strip() == f"ELEARN-PAUSED {pause_at}":
                paused.set()

    threading.Thread(target=watch, daemon=True).start()
    if not paused.wait(timeout):
        process.kill()
        pytest.fail(f"{name} never reached {pause_at}: {''.join(lines)[-3000:]}")
    process.send_signal(signal.SIGKILL)
    assert process.wait(30) == -signal.SIGKILL
    return process
