"""The one tracker of files an operation wrote (an H5P upload, a pack import, a release cut), so
that a failure removes every piece of it. Each name is journalled before it is written (journal.py),
so a process killed part-way leaves no orphan either."""

import hashlib

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from . import journal
from .errors import StorageWriteError

CHUNK = 1024 * 1024


class WrittenFiles:
    def __init__(self, storage=None):
        self.storage = storage or default_storage
        self.names = []  # (storage, name), in the order written

    def write(self, name, data):
        """Store bytes under a content-addressed name: the same name with the same size is the same
        file, written by an earlier upload or import, and is left alone (and not tracked)."""
        if self.storage.exists(name):
            if self.storage.size(name) == len(data):
                return name
            self.storage.delete(name)  # cut short by a full disk or a killed process
        return self._write(name, ContentFile(data))

    def save(self, name, fileobj):
        """Store a file object under `name`, replacing what is there; returns (name, sha256, size)."""
        sha256, size = sha256_of(fileobj)
        if self.storage.exists(name):
            # Only an operation that died before its rows were committed leaves a file here.
            self.storage.delete(name)
        return self._write(name, File(fileobj, name=name.rsplit("/", 1)[-1])), sha256, size

    def save_field(self, item, filename, content):
        """Let a model's FileField name and store the file (Wagtail images, documents), journalled."""
        storage = item.file.storage
        intended = storage.get_available_name(item.file.field.generate_filename(item, filename), max_length=item.file.field.max_length)
        journal.journal_name(intended)
        try:
            item.file.save(filename, content, save=False)
        except OSError as error:
            self.names.append((storage, intended))  # a write cut short leaves a partial file
            raise StorageWriteError(error) from error
        self.names.append((storage, item.file.name))
        journal.journal_stored(intended, item.file.name)

    def _write(self, name, content):
        # Tracked before writing: a write that fails half-way (full disk) leaves a partial file too.
        self.names.append((self.storage, name))
        stored = journal.write(self.storage, name, content)
        if stored != name:
            self.names.append((self.storage, stored))
        return stored

    def remove_all(self):
        for storage, name in self.names:
            try:
                storage.delete(name)
            except OSError:
                pass
        self.names = []


def sha256_of(fileobj):
    fileobj.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size
