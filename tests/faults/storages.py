"""Storage backends that fail the way a full disk or an unwritable media folder does."""

import errno
import os

from django.core.files.storage import FileSystemStorage


class FailingStorage(FileSystemStorage):
    """Every file write fails with `fail_errno`. Like a real full disk, the write gets part-way first:
    a partial file is left at the name. The small journal entries (files/journal.py) still fit, so the
    test also proves the partial files are cleaned up."""

    fail_errno = errno.ENOSPC
    partial = True

    def _save(self, name, content):
        if name.startswith("_journal/"):
            return super()._save(name, content)
        if self.partial:
            path = self.path(name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as handle:
                handle.write(b"partial")
        raise OSError(self.fail_errno, os.strerror(self.fail_errno), name)


class FullDiskStorage(FailingStorage):
    fail_errno = errno.ENOSPC


class UnwritableStorage(FailingStorage):
    """What a media folder the server may not write to gives (when chmod cannot show it: tests run as root)."""

    fail_errno = errno.EACCES
    partial = False

    def _save(self, name, content):
        raise OSError(self.fail_errno, os.strerror(self.fail_errno), name)
