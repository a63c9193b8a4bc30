"""ELEARN_CACHE_MAX_ENTRIES: how many entries the db and locmem caches keep (elearn/settings/base.py)."""

import os
import subprocess
import sys

import pytest

from tests.sites import ROOT


def cache_options(value, backend="db"):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "ELEARN_CACHE": backend, "ELEARN_CACHE_MAX_ENTRIES": value}
    code = "from django.conf import settings; print(settings.CACHES['default']['OPTIONS']['MAX_ENTRIES'])"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("backend", ["db", "locmem"])
def test_the_setting_is_read_from_the_environment(backend):
    assert cache_options("5000", backend).stdout.strip() == "5000"
    assert cache_options("", backend).stdout.strip() == "20000"


@pytest.mark.parametrize("value", ["0", "-3"])
def test_a_cache_that_keeps_nothing_stops_start_up(value):
    result = cache_options(value)
    assert result.returncode != 0 and "ELEARN_CACHE_MAX_ENTRIES is how many entries the cache keeps" in result.stderr


def test_a_value_that_is_not_a_number_stops_start_up():
    result = cache_options("lots")
    assert result.returncode != 0 and "ELEARN_CACHE_MAX_ENTRIES must be a whole number, not 'lots'." in result.stderr
