"""The errors of the file-safety layer. Each names the rule broken and the entry (file inside an
archive, or what was being read), so the area that called can say exactly what was refused."""

import errno

from django.utils.translation import gettext as _

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
        self.error = error
        super().__init__(describe_storage_error(error))


WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


def describe_storage_error(error):
    reasons = {
        errno.ENOSPC: _("the server's disk is full"),
        errno.EDQUOT: _("the server's storage quota is used up"),
        errno.EROFS: _("the media folder is read-only"),
        errno.EACCES: _("the server may not write to its media folder"),
        errno.EPERM: _("the server may not write to its media folder"),
    }
    reason = reasons.get(getattr(error, "errno", None)) or getattr(error, "strerror", None) or str(error)
    return _("The files could not be stored: %(reason)s. Nothing was changed; "
             "try again once the site administrator has fixed it.") % {"reason": reason}
