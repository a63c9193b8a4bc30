"""Media files, read and written only through the storage API, so the same code backs up a folder on
disk and an S3-compatible bucket."""

import posixpath

from django.core.files import File

from .errors import BackupError


def walk_storage(storage, folder=""):
    """Every file name in `storage`, sorted, found with listdir() level by level."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # FileSystemStorage before the first upload: no media folder yet
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from walk_storage(storage, posixpath.join(folder, name) if folder else name)


def storage_has_files(storage):
    return next(walk_storage(storage), None) is not None


def write_media_file(storage, name, stream, size):
    """Store `size` bytes from `stream` under exactly `name`, replacing a file already there."""
    if storage.exists(name):
        storage.delete(name)
    content = File(stream, name=posixpath.basename(name))
    content.size = size
    saved = storage.save(name, content)
    if saved != name:
        raise BackupError(f"The media storage saved {name} as {saved}; the site would not find it.")


def check_media_file(storage, name, size):
    """True when the storage has `name` with the expected size."""
    try:
        return storage.exists(name) and storage.size(name) == size
    except OSError:
        return False
