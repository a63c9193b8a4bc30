"""Back up and restore a whole site — database (SQLite or PostgreSQL, each in its native format) and
every media file from the storage API — as one verifiable archive. See docs/backup.md.

    create_backup(path)   -> manifest        (management command: backup_site)
    restore_backup(path)  -> RestoreReport   (management command: restore_site)
    BackupArchive(path).verify()             (restore_site --check-only)"""

from .archive import FORMAT, FORMAT_VERSION, BackupArchive
from .create import create_backup
from .errors import ArchiveError, BackupError, DatabaseToolError, EngineMismatch, IncompatibleVersion, TargetNotEmpty
from .restore import RestoreReport, restore_backup

__all__ = [
    "FORMAT", "FORMAT_VERSION", "ArchiveError", "BackupArchive", "BackupError", "DatabaseToolError", "EngineMismatch",
    "IncompatibleVersion", "RestoreReport", "TargetNotEmpty", "create_backup", "restore_backup",
]
