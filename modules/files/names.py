"""The rules for a name inside any archive, the strictest of those H5P, packs and backups had:
NUL and control characters, traversal, absolute and drive paths in every spelling a zip or tar can
carry (backslashes, percent-escapes, NFKC compatibility dots such as fullwidth '．．'), colons, empty
and '.' segments; and the key under which two names count as the same file."""

import re
import unicodedata
from urllib.parse import unquote

from .errors import UnsafeArchive


def check_entry_name(raw):
    """Raise UnsafeArchive (rule, entry) unless `raw` (the name as stored) is a plain relative path."""
    if "\x00" in raw:
        raise UnsafeArchive("Entry names must not contain NUL bytes.", raw.replace("\x00", "\\x00"), rule="nul-in-name")
    if any(ord(c) < 32 or ord(c) == 127 for c in raw):
        raise UnsafeArchive("Entry names must not contain control characters.", repr(raw), rule="control-character")
    decoded = raw
    for _ in range(3):  # double-encoded "%252e%252e" as well
        decoded = unquote(decoded)
    forms = {raw, decoded, unicodedata.normalize("NFKC", raw), unicodedata.normalize("NFKC", decoded)}
    for form in forms:
        # A segment of dots (and spaces, which Windows drops) holding '..' climbs out of the folder.
        if any(".." in part and part.strip(" .") == "" for part in form.replace("\\", "/").split("/")):
            raise UnsafeArchive("Path traversal: entries must stay inside the archive ('..' is refused).", raw, rule="path-traversal")
    for form in forms:
        if form.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", form):
            raise UnsafeArchive("Path traversal: absolute or drive paths are not allowed, entries must be relative paths.", raw,
                                rule="absolute-path")
    if "\\" in raw or ":" in raw or re.search(r"%[0-9a-fA-F]{2}", raw):
        raise UnsafeArchive("Entry names must not contain backslashes, colons or percent-escapes.", raw, rule="unsafe-path")
    if any(part.strip(" .") == "" for part in raw.removesuffix("/").split("/")):
        raise UnsafeArchive("Entry names must not have empty or '.' segments.", raw, rule="unsafe-path")


def name_key(name):
    """Names equal under this key are one file on some disk: case, Unicode form and slashes ignored."""
    return unicodedata.normalize("NFKC", name.replace("\\", "/")).casefold().rstrip("/")
