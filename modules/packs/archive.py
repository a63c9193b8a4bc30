"""Read a pack zip safely. Every check runs on the central directory and the manifest before any
byte is written anywhere: entry count, names (traversal, absolute, drive, NUL, links, duplicates
after normalising case, Unicode and slashes), declared sizes, compression ratios, then every
listed file's size and SHA-256 while streaming (a lying size header is caught as it is read)."""

import hashlib
import json
import stat
import unicodedata
import zipfile

from django.conf import settings

from .errors import PackContentError, PackFormatError, PackPathError
from .manifest import FORMAT, FORMAT_VERSION, validate_manifest

CHUNK = 1024 * 1024
TOP_LEVEL = ("manifest.json", "media/", "offline/")
SCRIPT_MARKERS = ("<script", "javascript:", "vbscript:", "<iframe", "<object", "<embed", " onerror", " onload", " onclick", " onmouseover", " onfocus", "srcdoc=")


def limits():
    return {
        "entries": settings.ELEARN_PACK_MAX_ENTRIES,
        "unpacked": settings.ELEARN_PACK_MAX_UNPACKED_BYTES,
        "ratio": settings.ELEARN_PACK_MAX_RATIO,
        "manifest": settings.ELEARN_PACK_MAX_MANIFEST_BYTES,
    }


class ZipPackSource:
    """A checked pack archive. `open(path)` streams a listed file, verifying size and hash."""

    def __init__(self, fileobj):
        self.limits = limits()
        try:
            self.zip = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise PackFormatError("The file is not a readable zip archive (corrupt or truncated).", "(archive)") from error
        self.entries = self._check_entries()
        self.manifest = self._read_manifest()
        self.listed = {entry["path"]: entry for entry in self.manifest["files"]}
        self._check_listing()

    def _check_entries(self):
        infos = self.zip.infolist()
        if len(infos) > self.limits["entries"]:
            raise PackContentError(f"The archive has {len(infos)} entries; at most {self.limits['entries']} are allowed.", "(archive)")
        seen, entries, total = {}, {}, 0
        for info in infos:
            # zipfile cuts names at a NUL byte; the name as stored in the archive is what we judge.
            check_entry_name(info.orig_filename)
            name = info.filename
            if stat.S_ISLNK(info.external_attr >> 16):
                raise PackPathError("Links are not allowed in a pack.", name)
            key = unicodedata.normalize("NFC", name.replace("\\", "/")).casefold().rstrip("/")
            if key in seen:
                raise PackPathError(f"Duplicate entry (same name as '{seen[key]}' once case, Unicode and slashes are normalised).", name)
            seen[key] = name
            if info.is_dir():
                if info.file_size:
                    raise PackPathError("A folder entry carries data.", name)
                continue
            if not name.startswith(TOP_LEVEL) or name.endswith("/"):
                raise PackPathError("Unexpected entry: a pack holds manifest.json, media/ and offline/ only.", name)
            total += info.file_size
            if total > self.limits["unpacked"]:
                raise PackContentError(f"The archive unpacks to more than {self.limits['unpacked']} bytes.", name)
            if info.file_size > 1024 and info.file_size > self.limits["ratio"] * max(info.compress_size, 1):
                raise PackContentError("The entry's compression ratio is implausibly high (zip bomb?).", name)
            entries[name] = info
        if "manifest.json" not in entries:
            raise PackFormatError("The archive has no manifest.json: it is not an elearn pack.", "(archive)")
        return entries

    def _read_manifest(self):
        info = self.entries["manifest.json"]
        if info.file_size > self.limits["manifest"]:
            raise PackContentError("The manifest is larger than allowed.", "manifest.json")
        data = self._read_exactly(info, "manifest.json")
        try:
            manifest = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PackContentError(f"The manifest is not valid JSON: {error}", "manifest.json") from error
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise PackFormatError(f"This is not an elearn pack (format should be '{FORMAT}').", "manifest.json")
        version = manifest.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
            raise PackFormatError(f"Pack format version {version!r} is not supported; this server reads format versions up to {FORMAT_VERSION}. "
                                  "Update this server to import it.", "manifest.json")
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

    def _read_exactly(self, info, name):
        with self.open_raw(name) as handle:
            data = handle.read(info.file_size + 1)
        if len(data) != info.file_size:
            raise PackContentError("The entry's size header does not match its content.", name)
        return data

    def open_raw(self, name):
        info = self.entries[name]
        try:
            return _Bounded(self.zip.open(info), info.file_size, name)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
            raise PackFormatError("The entry cannot be read (corrupt or truncated archive).", name) from error

    def open(self, path):
        if path not in self.listed:
            raise PackPathError("The manifest refers to a file it does not list.", path)
        return self.open_raw(path)

    def close(self):
        self.zip.close()


class _Bounded:
    """Reads at most the declared size; more data means the size header lied."""

    def __init__(self, handle, limit, name):
        self.handle, self.limit, self.name, self.read_so_far = handle, limit, name, 0

    def read(self, size=-1):
        try:
            data = self.handle.read(size if size and size > 0 else self.limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise PackContentError(f"The entry cannot be read: {error}", self.name) from error
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise PackContentError("The entry is larger than its size header says.", self.name)
        return data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def check_entry_name(name):
    if "\x00" in name:
        raise PackPathError("Entry names must not contain NUL bytes.", name.replace("\x00", "\\0"))
    normalised = name.replace("\\", "/")
    parts = normalised.split("/")
    if normalised.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in parts or any(p in (".",) for p in parts):
        raise PackPathError("Path traversal: entries must be relative paths inside the pack.", name)


def check_no_scripts(manifest):
    """Imported HTML is sanitised anyway; a pack that carries scripts is refused outright and named."""
    for module in manifest["modules"]:
        for lesson in module["lessons"]:
            for block in lesson["blocks"]:
                _refuse_script(json.dumps(block["value"]), f"module {module['code']}, lesson {lesson['slug']}")
        if module["quiz"]:
            for number, question in enumerate(module["quiz"]["questions"], start=1):
                _refuse_script(json.dumps(question), f"module {module['code']}, quiz question {number}")


def _refuse_script(text, where):
    lowered = text.lower().replace("\\u003c", "<")
    for marker in SCRIPT_MARKERS:
        if marker in lowered:
            raise PackContentError(f"The pack carries script ('{marker.strip()}'); packs with scripts are refused.", where)
