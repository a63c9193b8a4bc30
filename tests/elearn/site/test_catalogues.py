"""Every interface catalogue is complete: no message of the code or templates lacks a translation, none
is fuzzy, and msgfmt --check (placeholders of python-format strings, plural forms, headers) passes."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="needs gettext's msgfmt (dev.sh installs it)")


def statistics(po_file):
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po_file)], capture_output=True, text=True)
    return result.returncode, result.stderr.strip()


SOURCES = ["manage.py", "elearn", "modules", "templates", "itg_t1", "itg_t2", "locale"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogues as makemessages would make them now from the code, merged with our translations.

    makemessages writes into the `locale/` beside the sources it reads, so it runs on a copy."""
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, copy / name)
    command = [sys.executable, "manage.py", "makemessages", "-v", "0", "--no-obsolete"]
    for code in LANGUAGES:
        command += ["-l", code]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "PYTHONPATH": str(copy)}
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)
    return copy / "locale"


@pytest.mark.parametrize("code", LANGUAGES)
def test_committed_catalogue_is_complete_and_valid(code):
    status, report = statistics(ROOT / "locale" / code / "LC_MESSAGES" / "django.po")
    assert status == 0, report
    assert re.fullmatch(r"\d+ translated messages\.", report), report


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_marked_string_is_translated(extracted, code):
    status, report = statistics(extracted / code / "LC_MESSAGES" / "django.po")
    assert status == 0, report
    assert re.fullmatch(r"\d+ translated messages\.", report), (
        f"{code}: {report} — run makemessages (see docs/translating.md) and translate the new strings"
    )
