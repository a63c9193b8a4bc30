"""Rotation of the backup folder (elearn/backup/folder.py): after a backup, the archives the admin's
backups named beyond the newest ELEARN_BACKUP_KEEP are deleted, oldest first by the time in their
name; nothing else is touched: `.partial` archives and dump folders of a backup under way, archives
under other names, links, other files, and files outside the folder. Real files in a tmp folder."""

import os
import subprocess
import sys

import pytest

from elearn.backup import folder
from tests.sites import ROOT

OWN = ["site-2026-01-01-020000.tar.gz", "site-2026-01-02-020000-1a2b3c4d.tar.gz", "site-2026-01-03-020000-1a2b3c4d-2.tar.gz",
       "site-2026-01-04-020000-0f0f0f0f.tar.gz", "site-2026-01-05-020000-abcdef12.tar.gz"]
# Beside them, what rotation must leave alone.
OTHERS = ["site-2025-01-01-020000-abcdef12.tar.gz.partial", "site-2025-01-01-0200.tar", "site-2025-01-01.tar.gz", "nightly.tar.gz",
          "site-2025-01-01-020000.tgz", "site-2025-01-01-020000.tar", "notes.txt", "site-2025-01-01-020000-ABCDEF12.tar.gz"]


@pytest.fixture
def root(settings, tmp_path):
    settings.ELEARN_BACKUP_ROOT = tmp_path / "backups"
    settings.ELEARN_BACKUP_KEEP = 2
    settings.ELEARN_BACKUP_ROOT.mkdir()
    return settings.ELEARN_BACKUP_ROOT


def fill(root, names, *, newest_mtime_first=False):
    for number, name in enumerate(names):
        path = root / name
        path.write_bytes(b"an archive")
        stamp = 1_700_000_000 + (len(names) - number if newest_mtime_first else number) * 3600
        os.utime(path, (stamp, stamp))


def names(root):
    return sorted(path.name for path in root.iterdir())


def test_the_newest_archives_are_kept_and_older_ones_deleted_oldest_first(root):
    fill(root, OWN + OTHERS)
    assert folder.remove_old_backups() == OWN[:3]
    assert names(root) == sorted(OWN[3:] + OTHERS)


def test_the_time_in_the_name_orders_them_not_the_file_date(root):
    fill(root, OWN, newest_mtime_first=True)  # copied back from elsewhere: the oldest file dates are the newest archives
    assert folder.remove_old_backups(keep=3) == OWN[:2]
    assert names(root) == OWN[2:]


def test_the_archive_just_made_is_never_deleted(root):
    fill(root, OWN)
    just_made = OWN[0]  # its name says older (the clock was set back), but it is the one this backup wrote
    assert folder.remove_old_backups(keep=2, current=just_made) == OWN[:4][1:]
    assert names(root) == [just_made, OWN[4]]


def test_keep_zero_keeps_every_archive(root, settings):
    settings.ELEARN_BACKUP_KEEP = 0
    fill(root, OWN)
    assert folder.remove_old_backups() == []
    assert names(root) == OWN


def test_fewer_archives_than_kept_deletes_nothing_and_a_missing_folder_is_no_error(root, settings):
    fill(root, OWN[:2] + OTHERS)
    assert folder.remove_old_backups() == []
    assert names(root) == sorted(OWN[:2] + OTHERS)
    settings.ELEARN_BACKUP_ROOT = root / "not-yet"
    assert folder.remove_old_backups() == []


def test_dump_folders_links_and_files_outside_the_folder_are_left_alone(root, tmp_path):
    outside = tmp_path / "site-2020-01-01-020000.tar.gz"  # the folder's naming, in the folder above
    outside.write_bytes(b"outside")
    (root / "site-2020-01-01-030000.tar.gz").symlink_to(outside)  # a link named like an archive, to a file outside
    (root / ".site-2020-01-01-040000.tar.gz.work").mkdir()
    (root / ".site-2020-01-01-040000.tar.gz.work" / "db.sqlite3").write_bytes(b"a dump")
    (root / "site-2020-01-01-050000.tar.gz").mkdir()  # a folder named like an archive
    fill(root, OWN[2:])
    assert folder.remove_old_backups(keep=1) == OWN[2:4]
    assert outside.read_bytes() == b"outside"
    assert names(root) == [".site-2020-01-01-040000.tar.gz.work", "site-2020-01-01-030000.tar.gz", "site-2020-01-01-050000.tar.gz", OWN[4]]
    assert (root / "site-2020-01-01-030000.tar.gz").is_symlink()


def test_an_archive_that_cannot_be_deleted_is_logged_and_the_rest_go_on(root, monkeypatch, caplog):
    fill(root, OWN)
    real_unlink = type(root).unlink

    def unlink(path, *args, **kwargs):
        if path.name == OWN[1]:
            raise PermissionError("read-only")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(type(root), "unlink", unlink)
    assert folder.remove_old_backups(keep=2) == [OWN[0], OWN[2]]
    assert names(root) == [OWN[1], *OWN[3:]] and f"Could not delete the old backup {OWN[1]}" in caplog.text


def test_names_made_by_new_name_are_the_ones_rotated(root):
    made = folder.new_name(token="1a2b3c4d")
    (root / made).write_bytes(b"x")
    again = folder.new_name(token="1a2b3c4d")
    assert folder.OWN_NAME.fullmatch(made) and folder.OWN_NAME.fullmatch(again) and again != made
    assert folder.OWN_NAME.fullmatch(folder.new_name())


@pytest.mark.parametrize("value, expected", [("", "7"), ("3", "3"), ("0", "0")])
def test_the_setting_is_read_from_the_environment(value, expected):
    assert settings_value(value).stdout.strip() == expected


def test_a_negative_setting_stops_start_up():
    result = settings_value("-1")
    assert result.returncode != 0 and "ELEARN_BACKUP_KEEP is how many backups to keep" in result.stderr


def settings_value(value):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "ELEARN_BACKUP_KEEP": value}
    code = "from django.conf import settings; print(settings.ELEARN_BACKUP_KEEP)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
