"""The errors of the file-safety layer. Each names the rule broken and the entry (file inside an
archive, or what was being read), so the area that called can say exactly what was refused."""

from ..errors import ElearnError


class UnsafeFile(ElearnError):
    """Base of refusals by this layer: `rule` is a short id, `entry` the offending name."""

    def __init__(self, message, entry=None, *, rule):
        self.rule = rule
        super().__init__(message, entry)


class UnsafeArchive(UnsafeFile):
    """An archive (zip or tar) breaks a rule of archive.py or names.py."""


class UnsafeJSON(UnsafeFile):
    """Untrusted JSON is too large, too deeply nested, not UTF-8 or not JSON (json.py)."""


class StorageWriteError(ElearnError):
    """A file could not be written to storage (full disk, quota, read-only or unwritable folder).

    503, not 507: the cause is on the server and passes once an administrator frees space or fixes
    permissions, so "try again later" with Retry-After (what the site's 503 page says) is the honest
    answer; 507 is WebDAV's and browsers and proxies treat it as an ordinary failure."""

    status = 503

    def __init__(self, error):
        from .journal import describe_storage_error

        self.error = error
        super().__init__(describe_storage_error(error))
