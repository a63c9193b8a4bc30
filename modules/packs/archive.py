"""Read a pack zip safely. Every check runs on the central directory and the manifest before any
byte is written anywhere: the shared archive rules (files/archive.py: entry count, names, links,
duplicates, sizes, compression ratios) with the pack limits, the pack's own layout, the manifest
(files/json.py), then every listed file's size and SHA-256 while streaming (a lying size header is
caught as it is read)."""

import hashlib

from django.conf import settings

from ..files import json as safe_json
from ..files.archive import SafeZip
from ..files.errors import UnsafeJSON
from ..files.limits import pack_limits
from .errors import PackContentError, PackFormatError, PackPathError
from .manifest import validate_manifest
from .validate import check_format, check_no_scripts

CHUNK = 1024 * 1024
ROOT_FILES = ("manifest.json", "README.txt")  # README.txt is listed in the manifest like any other file
FOLDERS = ("media/", "offline/")


# Shared archive rules -> the pack error a person has always seen for them.
PATH_RULES = {"nul-in-name", "control-character", "path-traversal", "absolute-path", "unsafe-path", "symlink", "duplicate"}


def pack_error(error):
    """The PackError for an UnsafeArchive of files/archive.py (same message, same entry)."""
    kind = PackFormatError if error.rule == "archive" else PackPathError if error.rule in PATH_RULES else PackContentError
    return kind(error.message, error.entry or "(archive)")


class ZipPackSource:
    """A checked pack archive. `open(path)` streams a listed file, verifying size and hash."""

    def __init__(self, fileobj):
        self.zip = SafeZip(fileobj, pack_limits(), convert=pack_error)
        self.entries = self._check_entries()
        self.manifest = self._read_manifest()
        self.listed = {entry["path"]: entry for entry in self.manifest["files"]}
        self._check_listing()

    def _check_entries(self):
        for name in self.zip.files:
            if name not in ROOT_FILES and not name.startswith(FOLDERS):
                raise PackPathError("Unexpected entry: a pack holds manifest.json, README.txt, media/ and offline/ only.", name)
        if "manifest.json" not in self.zip.files:
            raise PackFormatError("The archive has no manifest.json: it is not an elearn pack.", "(archive)")
        return self.zip.files

    def _read_manifest(self):
        limit = settings.ELEARN_PACK_MAX_MANIFEST_BYTES
        if self.entries["manifest.json"].file_size > limit:
            raise PackContentError("The manifest is larger than allowed.", "manifest.json")
        try:
            manifest = safe_json.loads(self.zip.read("manifest.json"), entry="manifest.json", max_bytes=limit)
        except UnsafeJSON as error:
            raise PackContentError(f"The manifest cannot be read: {error.message}", "manifest.json") from error
        check_format(manifest, "manifest.json")
        validate_manifest(manifest)
        check_no_scripts(manifest)
        return manifest

    def _check_listing(self):
        actual = set(self.entries) - {"manifest.json"}
        listed = set(self.listed)
        for path in sorted(actual - listed):
            raise PackContentError("The archive holds a file the manifest does not list.", path)
        for path in sorted(listed - actual):
            raise PackContentError("The manifest lists a file that is missing from the archive.", path)
        for path, entry in sorted(self.listed.items()):
            if self.entries[path].file_size != entry["size"]:
                raise PackContentError(f"The size does not match the manifest ({entry['size']} bytes listed).", path)
            digest = hashlib.sha256()
            with self.open_raw(path) as handle:
                for chunk in iter(lambda: handle.read(CHUNK), b""):
                    digest.update(chunk)
            if digest.hexdigest() != entry["sha256"]:
                raise PackContentError("Checksum mismatch: the file is not the one the manifest describes.", path)

    def open_raw(self, name):
        return self.zip.open(name)

    def open(self, path):
        if path not in self.listed:
            raise PackPathError("The manifest refers to a file it does not list.", path)
        return self.open_raw(path)

    def close(self):
        self.zip.close()


