"""One base exception for backup and restore; the commands turn every one into a CommandError."""

from modules.errors import ElearnError


class BackupError(ElearnError):
    """Base: a backup or restore could not be done. The message says why, for a person."""


class ArchiveError(BackupError):
    """The file is missing, is not an elearn backup, or is corrupt, truncated or altered."""


class EngineMismatch(BackupError):
    """The archive holds a dump of another database engine than the one the site uses."""


class IncompatibleVersion(BackupError):
    """The archive comes from a newer format or a newer version of elearn than this code."""


class TargetNotEmpty(BackupError):
    """The database or media storage to restore into already holds data (and --force was not given)."""


class DatabaseToolError(BackupError):
    """pg_dump / pg_restore is missing or failed, or SQLite refused the copy."""


class NoSuchBackup(BackupError):
    """No backup of that name is in the backup folder, or the name is not one a backup may have."""

    status = 404
