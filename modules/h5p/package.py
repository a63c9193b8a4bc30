"""The first gate that reads an uploaded .h5p: the only module importing pyh5p.

pyh5p reads the zip in memory (never extracting it) under limits we give it explicitly, read from
Django settings at call time. Only `read_package` is used: no HubClient/RegistryClient, no network,
no LibraryStore, no extract() and no re-export. rules.py has already checked the central directory
with the same limits; pyh5p's own checks are a second line, and whatever it refuses comes back as
our H5PError, naming the entry when pyh5p names it."""

import ast
import json
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from pyh5p import PackageLimits, read_package
from pyh5p.errors import H5PError as PyH5PError
from pyh5p.errors import PackageError

from ..files.limits import ArchiveLimits, h5p_limits
from .types import H5PError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    package_bytes: int      # the .h5p file itself
    files: int              # entries in the zip, folders included
    unpacked_bytes: int     # sum of the declared sizes
    file_bytes: int         # one entry's declared size
    ratio: int              # declared size / compressed size, per entry
    extensions: frozenset = frozenset()  # what pyh5p may let through; rules.py decides per folder

    @classmethod
    def from_settings(cls, extensions):
        shared = h5p_limits()  # files/limits.py: the one place archive limits are read
        return cls(settings.H5P_MAX_PACKAGE_BYTES, shared.entries, shared.unpacked_bytes, shared.file_bytes, shared.ratio,
                   frozenset(extensions))

    def archive(self):
        """The same limits for the shared archive reader (files/archive.py)."""
        return ArchiveLimits(entries=self.files, file_bytes=self.file_bytes, unpacked_bytes=self.unpacked_bytes, ratio=self.ratio)


def h5p_error(error):
    """An H5PError for a refusal of the shared file-safety layer: same message, entry and rule."""
    return H5PError(error.message, entry=error.entry, rule=error.rule)


def check_package_size(data, limits):
    if len(data) > limits.package_bytes:
        raise H5PError(f"The package is {len(data) / MIB:.1f} MiB; at most {limits.package_bytes / MIB:.0f} MiB are allowed.",
                       rule="package-size")


def read_archive(data: bytes, limits: Limits):
    """The pyh5p H5PPackage for `data` (metadata, content, libraries, files), read with strict limits."""
    check_package_size(data, limits)
    policy = PackageLimits(
        max_files=limits.files, max_file_size=limits.file_bytes, max_total_size=limits.unpacked_bytes,
        max_compression_ratio=float(limits.ratio), allowed_extensions=frozenset(limits.extensions),
    )
    try:
        return read_package(bytes(data), limits=policy)
    except PyH5PError as error:
        raise _translate(error) from error
    except RecursionError as error:
        # json.loads gives up on absurdly nested JSON; no real package nests that deep.
        raise H5PError("A JSON file in the package is nested too deeply to be read.", rule="invalid-json") from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as error:
        # Raised by zipfile while pyh5p reads entries: truncated data, unknown compression, encryption.
        raise H5PError(f"The archive cannot be read: it is corrupt, truncated or encrypted ({error}).", rule="archive") from error


# pyh5p message -> (our rule, our message). pyh5p quotes the member name with repr() at the end.
_MESSAGES = [
    (r"^unsafe archive member path", "unsafe-path", "The entry's name is not a plain relative path inside the package."),
    (r"^symbolic links are not allowed", "symlink", "Links are not allowed in an H5P package."),
    (r"^archive member extension is not allowed", "extension", "Files of this type are not allowed in an H5P package."),
    (r"^archive member exceeds size limit", "file-size", "The entry is larger than allowed."),
    (r"^archive member has an unsafe compression ratio", "zip-bomb", "The entry's compression ratio is implausibly high (zip bomb?)."),
    (r"^package contains more than", "too-many-entries", "The package has more entries than allowed."),
    (r"^package contains duplicate member", "duplicate", "The package holds this entry twice."),
    (r"^package exceeds total expanded size", "unpacked-size", "The package unpacks to more bytes than allowed."),
    (r"^H5P package is missing root h5p.json", "h5p-json-missing", "The package has no h5p.json: it is not an H5P package."),
    (r"^h5p.json must contain an object", "h5p-json", "h5p.json must hold a JSON object."),
    (r"^content/content.json must contain an object", "content-json", "content/content.json must hold a JSON object."),
]
_FIXED_ENTRY = {"h5p-json-missing": "h5p.json", "h5p-json": "h5p.json", "content-json": "content/content.json"}


def _quoted_name(message):
    match = re.search(r": ('.*'|\".*\")$", message)
    if not match:
        return None
    try:
        return ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError):
        return None


def _translate(error):
    message, cause = str(error), error.__cause__
    if message.endswith("is not valid UTF-8 JSON"):
        entry = message.split(" is not valid", 1)[0]
        return H5PError(f"{entry} is not valid UTF-8 JSON ({cause}).", entry=entry, rule="invalid-json")
    if message.startswith("invalid library definition in "):
        folder = message.removeprefix("invalid library definition in ")
        if isinstance(cause, (json.JSONDecodeError, UnicodeDecodeError)):
            return H5PError(f"library.json is not valid UTF-8 JSON ({cause}).", entry=f"{folder}/library.json", rule="invalid-json")
        return H5PError(f"library.json has an unusable machineName or version ({cause}).", entry=f"{folder}/library.json",
                        rule="library-json")
    if message == "invalid H5P ZIP archive":
        # zipfile checks each entry's CRC as it is read: a lying size header or altered data ends here.
        name = re.search(r"for file '(.*)'$", str(cause or ""))
        if name:
            return H5PError("The entry's data does not match its size or checksum header (corrupt or tampered archive).",
                            entry=name.group(1), rule="corrupt-entry")
        return H5PError(f"The file is not a readable zip archive: it is corrupt or truncated ({cause}).", rule="archive")
    for pattern, rule, text in _MESSAGES:
        if re.search(pattern, message):
            return H5PError(text, entry=_FIXED_ENTRY.get(rule) or _quoted_name(message), rule=rule)
    rule = "package" if isinstance(error, PackageError) else "pyh5p"
    return H5PError(f"The package was refused ({message}).", entry=_quoted_name(message), rule=rule)
