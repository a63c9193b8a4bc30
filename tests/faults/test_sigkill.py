"""An import or a release cut killed part-way (SIGKILL: no Python cleanup runs) leaves no
half-written kit or release and no orphan file, and the next run succeeds.

Each command runs as a real process on its own SQLite site (a copy of the browser tests' prepared
site). ELEARN_TEST_PAUSE_AT (modules/files/journal.py) stops it at an exact point, where it is
killed with SIGKILL: after its n-th stored file, or after its rows committed but before its
journal was removed."""

import sqlite3
import subprocess
import sys

import pytest

from tests.processes import kill_at_pause
from tests.sites import ROOT, copy_site, site_env

from .packs import outside_pack

JOURNAL = "_journal"


def manage(site, *args, pause_at=None, timeout=300):
    """Run manage.py in `site`. With `pause_at`: wait until the process stops there, SIGKILL it."""
    env = site_env(site, **({"ELEARN_TEST_PAUSE_AT": pause_at} if pause_at else {}))
    command = [sys.executable, "manage.py", *args]
    if pause_at is None:
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return kill_at_pause(args, env, pause_at, timeout, name=str(args))


def query(site, sql, *params):
    with sqlite3.connect(site / "db.sqlite3") as db:
        return db.execute(sql, params).fetchall()


def media_files(site):
    root = site / "media"
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def journalled(site):
    """The names the journal lists (what a killed operation had written or was writing)."""
    folder = site / "media" / JOURNAL
    return {p.read_text() for p in folder.iterdir()} if folder.exists() else set()


def referenced(site):
    """Every stored name (or name prefix) a committed row points at."""
    names = set()
    for sql in ("SELECT file FROM wagtailimages_image", "SELECT file FROM wagtailimages_rendition", "SELECT file FROM wagtaildocs_document",
                "SELECT storage_name FROM modules_releasefile", "SELECT package_storage_name FROM modules_h5pactivity"):
        names |= {row[0] for row in query(site, sql)}
    prefixes = {row[0] + "/" for sql in ("SELECT content_storage_prefix FROM modules_h5pactivity",
                                         "SELECT storage_prefix FROM modules_h5plibrary") for row in query(site, sql)}
    return names, prefixes


def orphans(site):
    names, prefixes = referenced(site)
    return sorted(name for name in media_files(site) if name not in names and not name.startswith(tuple(prefixes)))


@pytest.fixture
def site(prepared_site, tmp_path):
    site = copy_site(prepared_site, tmp_path / "site")
    assert orphans(site) == []
    return site


@pytest.fixture
def pack_file(db, tmp_path):
    path = tmp_path / "alpine-fork-1.0.0.zip"
    path.write_bytes(outside_pack(images=6))
    return path


def kit_rows(site, slug):
    return query(site, "SELECT count(*) FROM wagtailcore_page WHERE slug = ?", slug)[0][0]


def test_import_killed_part_way(site, pack_file):
    before = media_files(site)
    manage(site, "import_pack", str(pack_file), pause_at="write:3")
    # Nothing half-written: the transaction rolled back with the process.
    assert kit_rows(site, "alpine-fork") == 0 and query(site, "SELECT count(*) FROM wagtailimages_image")[0][0] == 0
    # The three images it had stored are all in its journal, so they are not lost track of.
    new = media_files(site) - before
    written = {name for name in new if not name.startswith(JOURNAL + "/")}
    assert len(written) == 3 and written <= journalled(site)

    result = manage(site, "import_pack", str(pack_file))
    assert result.returncode == 0, result.stderr[-3000:]
    assert kit_rows(site, "alpine-fork") == 1 and query(site, "SELECT count(*) FROM wagtailimages_image")[0][0] == 6
    assert orphans(site) == [] and journalled(site) == set()


def test_release_killed_part_way(site):
    manage(site, "release_kit", "itg-t1", "1.0.0", pause_at="write:2")
    assert query(site, "SELECT count(*) FROM modules_kitrelease") == [(0,)]
    stored = {name for name in media_files(site) if name.startswith("packs/")}
    assert len(stored) == 2 and stored <= journalled(site)  # the pack zip and the first SCORM package

    # The next run, even for another version, sweeps what the dead one left.
    result = manage(site, "release_kit", "itg-t1", "1.0.1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert query(site, "SELECT version FROM modules_kitrelease") == [("1.0.1",)]
    assert orphans(site) == [] and journalled(site) == set()
    assert not any(name.startswith("packs/itg-t1/1.0.0/") for name in media_files(site))


def test_release_killed_after_commit_keeps_its_files(site):
    """Killed after the rows committed but before the journal was removed: the sweep keeps every file
    a row points at, so the release is complete, and the next release still succeeds."""
    manage(site, "release_kit", "itg-t1", "1.0.0", pause_at="finish")
    # 11 files: the pack, six SCORM packages, the Moodle XML, the LMS zip of both, the Common Cartridge
    # and the cmi5 package.
    assert query(site, "SELECT count(*) FROM modules_releasefile") == [(11,)] and journalled(site)
    result = manage(site, "release_kit", "itg-t1", "1.1.0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert {row[0] for row in query(site, "SELECT version FROM modules_kitrelease")} == {"1.0.0", "1.1.0"}
    assert orphans(site) == [] and journalled(site) == set()
    for (name,) in query(site, "SELECT storage_name FROM modules_releasefile"):
        assert (site / "media" / name).is_file()
