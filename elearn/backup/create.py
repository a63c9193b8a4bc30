"""Back up the site: database dump, then every media file, then the manifest, into one archive."""

import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import django
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections

from .archive import DATABASE_DIR, FORMAT, FORMAT_VERSION, MEDIA_DIR, READ_ERRORS, ArchiveWriter, is_compressed
from .database import check_tools, database_errors, dump_database, engine_of
from .errors import BackupError
from .inventory import app_version, key_counts
from .media import walk_storage


def check_destination(path, storage, overwrite):
    if path.exists() and not overwrite:
        raise BackupError(f"{path} already exists; choose a new name (e.g. with the date) or pass --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    if isinstance(storage, FileSystemStorage):
        media_root = Path(storage.location).resolve()
        if path.resolve().is_relative_to(media_root):
            raise BackupError(f"Write the backup outside the media folder ({media_root}): it would back itself up.")


def create_backup(path, *, using=DEFAULT_DB_ALIAS, storage=None, overwrite=False, say=lambda message: None,
                  on_stage=lambda stage: None, work_dir=None):
    """Write the archive at `path` (gzip when it ends in .gz/.tgz) and return its manifest. The archive
    is written under a .partial name and renamed at the end: a failed backup leaves no archive behind.

    `on_stage` is told "database" and then "media" as each begins (the background job's steps);
    `work_dir` is where the database dump is written first (default: the system's temporary folder)."""
    path = Path(path)
    storage = storage or default_storage
    connection = connections[using]
    engine = engine_of(connection)
    check_tools(engine, "pg_dump")
    check_destination(path, storage, overwrite)
    partial = path.with_name(path.name + ".partial")
    try:
        with database_errors(connection), tempfile.TemporaryDirectory(prefix="elearn-backup-", dir=work_dir) as folder:
            on_stage("database")
            say(f"dumping the {engine} database")
            dump = dump_database(connection, folder)
            writer = ArchiveWriter(partial, compress=is_compressed(path))
            try:
                writer.add_path(DATABASE_DIR + dump.path.name, dump.path)
                on_stage("media")
                media_count = _add_media(writer, storage, say)
                manifest = build_manifest(dump, writer.files, storage)
                writer.add_manifest(manifest)
            finally:
                writer.close()
        os.replace(partial, path)
    finally:
        if partial.exists():
            partial.unlink()
    say(f"wrote {path}: the database and {media_count} media files")
    return manifest


def _add_media(writer, storage, say):
    names = list(walk_storage(storage))
    total = len(names)
    say(f"media: {total} files to copy")
    for number, name in enumerate(names, 1):
        size = storage.size(name)
        try:
            with storage.open(name, "rb") as handle:
                writer.add_stream(MEDIA_DIR + name, handle, size)
        except READ_ERRORS as error:
            raise BackupError(f"Could not copy the media file {name} (did it change during the backup? run it again): {error}") from error
        if number % 100 == 0 or number == total:
            say(f"media: {number}/{total} files")
    return total


def build_manifest(dump, files, storage):
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "app_version": app_version(),
        "django_version": django.get_version(),
        "engine": dump.engine,
        "database_tool": dump.tool,
        "migrations": dump.migrations,
        "key_counts": key_counts(dump.counts),
        "table_counts": dump.counts,
        "media_storage": f"{type(storage).__module__}.{type(storage).__qualname__}",
        "media_files": sum(1 for entry in files if entry["name"].startswith(MEDIA_DIR)),
        "files": files,
    }
