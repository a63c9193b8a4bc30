"""Restore a site from an archive into an empty database and media storage, then prove nothing was
lost: every table's row count and every media file's size are compared with the manifest.

Order, so that a bad archive changes nothing: open and read the manifest → check engine and
migrations → verify every file's sha256 → check the target is empty (or --force) → restore the
database (one transaction / one SQLite copy step) → write the media files → count and compare."""

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections

from .archive import MEDIA_DIR, BackupArchive
from .database import check_tools, database_errors, engine_of, restore_database, table_counts
from .errors import EngineMismatch, IncompatibleVersion, TargetNotEmpty
from .inventory import key_tables, pending_migrations, unknown_migrations
from .media import check_media_file, storage_has_files, write_media_file


@dataclass
class RestoreReport:
    """Rows (label, expected, found) for the key tables, then the problems; ok when there are none."""

    key_rows: list = field(default_factory=list)
    tables_checked: int = 0
    media_checked: int = 0
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    def lines(self):
        yield f"{'':16}{'in backup':>12}{'restored':>12}"
        for label, expected, found in self.key_rows:
            mark = "" if expected == found else "   <-- MISMATCH"
            yield f"{label:16}{expected:>12}{found:>12}{mark}"
        yield f"{self.tables_checked} tables and {self.media_checked} media files compared with the manifest."
        yield from (f"PROBLEM: {problem}" for problem in self.problems)
        yield from (f"Note: {note}" for note in self.notes)


def check_compatible(archive, connection):
    manifest = archive.manifest
    engine = engine_of(connection)
    if manifest.get("engine") != engine:
        raise EngineMismatch(f"{archive.path} holds a {manifest.get('engine')} database dump, but this site uses {engine}. "
                             f"Point DATABASE_URL at a {manifest.get('engine')} database to restore it (to move between "
                             "engines, restore on the original engine first, then use dumpdata/loaddata).")
    newer = unknown_migrations(manifest.get("migrations", []))
    if newer:
        raise IncompatibleVersion(f"{archive.path} was made by a newer elearn ({manifest.get('app_version')}): it has migrations "
                                  f"this code lacks, e.g. {newer[0]}. Install that version first, then restore.")
    return engine


def check_target_empty(connection, storage):
    tables = list(table_counts(connection))
    media = storage_has_files(storage)
    if tables or media:
        where = []
        if tables:
            where.append(f"the database has {len(tables)} tables (e.g. {tables[0]})")
        if media:
            where.append("the media storage has files")
        raise TargetNotEmpty(f"The target is not empty: {' and '.join(where)}. Restore into an empty database and media "
                             "storage (do not run migrate first), or pass --force to replace what is there.")
    return False


def restore_backup(path, *, using=DEFAULT_DB_ALIAS, storage=None, force=False, say=lambda message: None):
    """Restore the archive at `path` and return a RestoreReport (check `.ok`). Raises BackupError
    before changing anything when the archive or the target is not right."""
    storage = storage or default_storage
    connection = connections[using]
    with BackupArchive(path) as archive, database_errors(connection):
        engine = check_compatible(archive, connection)
        check_tools(engine, "pg_restore")
        say(f"verifying {len(archive.files)} files in {archive.path}")
        archive.verify(say)
        replace = bool(table_counts(connection)) if force else check_target_empty(connection, storage)
        say(f"restoring the {engine} database")
        _restore_database(archive, connection, replace)
        _restore_media(archive, storage, say)
        return compare_with_manifest(archive.manifest, connection, storage)


def _restore_database(archive, connection, replace):
    entry = archive.database_file
    with tempfile.TemporaryDirectory(prefix="elearn-restore-") as folder:
        dump_path = Path(folder) / Path(entry["name"]).name
        with archive.open(entry) as stream, open(dump_path, "wb") as target:
            for chunk in iter(lambda: stream.read(1024 * 1024), b""):
                target.write(chunk)
        restore_database(connection, dump_path, replace=replace)


def _restore_media(archive, storage, say):
    entries = archive.media_files
    for number, entry in enumerate(entries, 1):
        with archive.open(entry) as stream:
            write_media_file(storage, entry["name"][len(MEDIA_DIR):], stream, entry["size"])
        if number % 100 == 0 or number == len(entries):
            say(f"media: {number}/{len(entries)} files restored")


def compare_with_manifest(manifest, connection, storage):
    report = RestoreReport()
    expected, found = manifest.get("table_counts", {}), table_counts(connection)
    for label, table in key_tables():
        if table in expected:
            report.key_rows.append((label, expected[table], found.get(table, 0)))
    for table, count in sorted(expected.items()):
        if table not in found:
            report.problems.append(f"table {table} is missing after the restore")
        elif found[table] != count:
            report.problems.append(f"table {table} has {found[table]} rows, the backup has {count}")
    report.tables_checked = len(expected)
    for entry in manifest["files"]:
        if entry["name"].startswith(MEDIA_DIR):
            report.media_checked += 1
            if not check_media_file(storage, entry["name"][len(MEDIA_DIR):], entry["size"]):
                report.problems.append(f"media file {entry['name'][len(MEDIA_DIR):]} is missing or has the wrong size")
    pending = pending_migrations(manifest.get("migrations", []))
    if pending:
        report.notes.append(f"this code has {len(pending)} migrations the backup predates: run `manage.py migrate` now.")
    return report
