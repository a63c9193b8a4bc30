"""One base exception for packs; each subclass names a kind of problem. `entry` says where."""

from ..errors import ElearnError


class PackError(ElearnError):
    """`PackError(message, entry=None)`: a pack, or one entry of it, is refused (HTTP 400)."""


class PackFormatError(PackError):
    """The pack is not in a format or version this server reads."""


class PackPathError(PackError):
    """An entry path escapes the pack, is absolute, a link, or missing."""


class PackContentError(PackError):
    """A file parses but its content breaks the rules (ids, question types, required fields)."""


class PackReferenceError(PackError):
    """The pack refers to an item this server does not have, or an id clashes with another item."""


class PackStorageError(PackError):
    """The server could not store the pack's files (full disk, read-only media folder); nothing was changed."""
