"""The protected backup folder (`ELEARN_BACKUP_ROOT`, never under the media folder) where the admin's
backup job writes its archives and from which only administrators download them.

A name is a plain file name of this folder (`site-2026-05-01-143000.tar.gz`): anything with a path
separator, a leading dot, a symbolic link or another ending is refused, so no request can reach a file
outside the folder. While a job writes `NAME`, its scratch files are `NAME.partial` (the archive,
create.py) and `.NAME.work/` (the database dump): `discard_partial(NAME)` removes both.

`remove_old_backups` rotates the archives `new_name` named (OWN_NAME), and no other file: an archive
copied in or written by `manage.py backup_site` under a name of its own stays until someone removes it."""

import logging
import re
import shutil
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings

from .errors import NoSuchBackup

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*\.(tar|tar\.gz|tgz)")
# What new_name gives: site-<date>-<time>[-<job token>][-<n>].tar.gz; the date and time order them.
OWN_NAME = re.compile(r"site-(?P<made>\d{4}-\d{2}-\d{2}-\d{6})(-[0-9a-f]{8})?(-\d+)?\.tar\.gz")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupFile:
    name: str
    size: int
    modified: datetime


def backup_root():
    return Path(settings.ELEARN_BACKUP_ROOT)


def ensure_root():
    """Create the folder, readable by the site's user only (it holds every learner's personal data)."""
    root = backup_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    return root


def new_name(now=None, token=""):
    """A name no archive in the folder has yet, e.g. site-2026-05-01-143000-1a2b3c4d.tar.gz (`token`
    tells apart two backups started in the same second)."""
    stem = "-".join(part for part in ("site", (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S"), token) if part)
    root = backup_root()
    name, number = f"{stem}.tar.gz", 1
    while (root / name).exists() or (root / f"{name}.partial").exists():
        number += 1
        name = f"{stem}-{number}.tar.gz"
    return name


def check_name(name):
    if not isinstance(name, str) or not NAME.fullmatch(name) or ".." in name:
        raise NoSuchBackup(f"{name!r} is not the name of a backup in the backup folder.")
    return name


def backup_path(name):
    """The path of `name` in the backup folder (which need not exist yet). Raises NoSuchBackup for any
    name that is not a plain file name of the folder."""
    root = backup_root().resolve()
    path = root / check_name(name)
    if path.parent != root:
        raise NoSuchBackup(f"{name!r} is not the name of a backup in the backup folder.")
    return path


def existing_backup(name):
    """The path of an archive that is in the folder: a regular file, not a link to somewhere else."""
    path = backup_path(name)
    if path.is_symlink() or not path.is_file():
        raise NoSuchBackup(f"There is no backup called {name} in the backup folder.")
    return path


def list_backups():
    """The archives in the folder, newest first (scratch files of a running backup are not listed)."""
    root = backup_root()
    if not root.is_dir():
        return []
    found = []
    for path in root.iterdir():
        if NAME.fullmatch(path.name) and ".." not in path.name and path.is_file() and not path.is_symlink():
            stat = path.stat()
            found.append(BackupFile(path.name, stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=timezone.utc)))
    return sorted(found, key=lambda backup: (backup.modified, backup.name), reverse=True)


def remove_old_backups(keep=None, *, current=""):
    """Delete the oldest archives of the folder's own naming beyond the newest `keep` (default
    settings.ELEARN_BACKUP_KEEP; 0 keeps all), never `current` (the one just made). Only regular files
    named as new_name names them go: never a `.partial` or a dump folder, a link, another name or
    anything outside the folder. A file that cannot be deleted is logged and left. Returns the names
    deleted, oldest first."""
    keep = settings.ELEARN_BACKUP_KEEP if keep is None else keep
    if keep <= 0:
        return []
    own = [backup for backup in list_backups() if OWN_NAME.fullmatch(backup.name)]
    # Newest first, the one just made before all (a clock set back must not make it the oldest).
    own.sort(key=lambda backup: (backup.name == current, OWN_NAME.fullmatch(backup.name)["made"], backup.modified, backup.name), reverse=True)
    removed = []
    for backup in reversed(own[keep:]):
        try:
            existing_backup(backup.name).unlink()
        except (OSError, NoSuchBackup) as error:
            log.warning("Could not delete the old backup %s: %s", backup.name, error)
            continue
        removed.append(backup.name)
    return removed


def work_folder(name):
    path = backup_path(name)
    return path.with_name(f".{path.name}.work")


def partial_archive(name):
    path = backup_path(name)
    return path.with_name(f"{path.name}.partial")


def discard_partial(name):
    """Remove what a backup that did not finish left: the half-written archive and the dump folder."""
    try:
        partial, work = partial_archive(name), work_folder(name)
    except NoSuchBackup:
        return
    partial.unlink(missing_ok=True)
    shutil.rmtree(work, ignore_errors=True)
