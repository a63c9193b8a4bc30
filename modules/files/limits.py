"""Every limit of the file-safety layer in one place. Archive limits are read from Django settings
at call time (operators tune them per deployment, tests override them); each caller picks the set
that fits what it reads, or passes its own."""

from dataclasses import dataclass

from django.conf import settings

# Untrusted JSON: no real statement, manifest or H5P file nests anywhere near this, and it stays far
# below the interpreter's recursion limit, so parsing can never end in a RecursionError.
JSON_MAX_DEPTH = 100
JSON_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """None means "no limit" (a site backup is as large as the site)."""
    entries: int | None = None         # entries in the archive, folders included
    file_bytes: int | None = None      # one entry's declared size
    unpacked_bytes: int | None = None  # sum of the declared sizes
    ratio: int | None = None           # declared size / compressed size, per entry
    ratio_from_bytes: int = 0          # entries up to this size are too small to bomb: no ratio check
    # Names that differ only in case or Unicode form are one file on many disks: refused as
    # duplicates, except in a site backup, whose media storage may legitimately hold both.
    fold_names: bool = True


def h5p_limits():
    return ArchiveLimits(entries=settings.H5P_MAX_FILES, file_bytes=settings.H5P_MAX_FILE_BYTES,
                         unpacked_bytes=settings.H5P_MAX_UNPACKED_BYTES, ratio=settings.H5P_MAX_RATIO)


def pack_limits():
    return ArchiveLimits(entries=settings.ELEARN_PACK_MAX_ENTRIES, unpacked_bytes=settings.ELEARN_PACK_MAX_UNPACKED_BYTES,
                         ratio=settings.ELEARN_PACK_MAX_RATIO, ratio_from_bytes=1024)


# Names, links and exact duplicates are still checked; sizes are the site's own.
BACKUP_LIMITS = ArchiveLimits(fold_names=False)
