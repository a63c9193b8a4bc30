"""Debian's Chromium for every test that drives a browser: where it is, how it starts, and what happens without it."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium():
    """Browser tests fail in CI without Debian's Chromium (./dev.sh test installs it); elsewhere they skip."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's Chromium is missing: ./dev.sh test installs it (apt-get install chromium).")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
