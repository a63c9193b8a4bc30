"""The archive: one tar file (gzip-compressed when its name ends in .gz or .tgz) holding

    database/<dump>      the database in its engine's native format (SQLite file, pg_dump custom format)
    media/<name>         every file of the media storage, under its storage name
    manifest.json        written last: format, versions, engine, row counts, size and sha256 of every file

The manifest comes last because the hashes are only known once every file has streamed through; as a
bonus a truncated archive always lacks it, so truncation is caught before anything is restored."""

import hashlib
import io
import json
import tarfile
import time
import zlib
from pathlib import Path

from modules.files import json as safe_json
from modules.files.archive import Closing, check_tar_members
from modules.files.errors import UnsafeArchive, UnsafeJSON
from modules.files.limits import BACKUP_LIMITS
from modules.files.names import check_entry_name

from .errors import ArchiveError, IncompatibleVersion

FORMAT = "elearn-site-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_DIR = "database/"
MEDIA_DIR = "media/"
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
READ_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


def is_compressed(path):
    return str(path).endswith((".gz", ".tgz"))


class HashingReader:
    """Wraps a binary file: counts and hashes what is read through it."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def read(self, n=-1):
        data = self.raw.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Streams files into a new tar, recording each one's size and sha256 for the manifest."""

    def __init__(self, path, compress=False):
        self.path = Path(path)
        self.files = []
        options = {"mode": "w:gz", "compresslevel": 6} if compress else {"mode": "w"}
        self.tar = tarfile.open(self.path, format=tarfile.PAX_FORMAT, **options)

    def add_stream(self, name, fileobj, size):
        """Add `size` bytes read from `fileobj` as member `name`. Raises OSError if the stream ends early."""
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(time.time()), 0o644
        reader = HashingReader(fileobj)
        self.tar.addfile(info, reader)
        self.files.append({"name": name, "size": size, "sha256": reader.sha256.hexdigest()})

    def add_path(self, name, path):
        with open(path, "rb") as handle:
            self.add_stream(name, handle, Path(path).stat().st_size)

    def add_manifest(self, manifest):
        data = json.dumps(manifest, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
        self.tar.addfile(info, io.BytesIO(data))

    def close(self):
        self.tar.close()


def check_member_name(name):
    """Archive names are relative POSIX paths under database/ or media/, with no way out of them
    (the shared name rules of modules/files/names.py)."""
    try:
        check_entry_name(name)
    except UnsafeArchive as error:
        raise ArchiveError(f"The archive lists an unsafe or unexpected file name: {name!r} ({error.message})") from error
    if not name.startswith((DATABASE_DIR, MEDIA_DIR)) or len(name.split("/")) < 2 or name.endswith("/"):
        raise ArchiveError(f"The archive lists an unsafe or unexpected file name: {name!r}.")
    return name


class BackupArchive(Closing):
    """An archive opened for reading; `manifest` is checked for format and version on open."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_file():
            raise ArchiveError(f"No backup archive at {self.path}.")
        try:
            self.tar = tarfile.open(self.path, "r:*")
            self.members = check_tar_members(self.tar.getmembers(), BACKUP_LIMITS)
            self.manifest = self._read_manifest()
        except UnsafeArchive as error:
            raise ArchiveError(f"{self.path} holds an unsafe entry, {error.entry!r}: {error.message} Nothing was restored.") from error
        except ArchiveError:
            raise
        except READ_ERRORS as error:
            raise ArchiveError(f"{self.path} is not a readable elearn backup (not a tar archive, or corrupt or truncated): "
                               f"{str(error).splitlines()[0]}") from error
        self._check_manifest()

    def _read_manifest(self):
        member = self.members.get(MANIFEST_NAME)
        if member is None or not member.isfile():
            raise ArchiveError(f"{self.path} has no {MANIFEST_NAME}: it is not an elearn backup, or it is truncated.")
        if member.size > MAX_MANIFEST_BYTES:
            raise ArchiveError(f"{MANIFEST_NAME} in {self.path} is implausibly large.")
        try:
            return safe_json.loads(self.tar.extractfile(member).read(), entry=MANIFEST_NAME, max_bytes=MAX_MANIFEST_BYTES)
        except UnsafeJSON as error:
            raise ArchiveError(f"{MANIFEST_NAME} in {self.path} is not valid JSON: {error.message}") from error

    def _check_manifest(self):
        manifest = self.manifest
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ArchiveError(f"{self.path} is not an elearn site backup (its manifest has no format '{FORMAT}').")
        version = manifest.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise IncompatibleVersion(f"{self.path} uses backup format {version!r}; this elearn reads format {FORMAT_VERSION} and "
                                      f"older. Restore it with the elearn version that made it ({manifest.get('app_version')}) or newer.")
        files = manifest.get("files")
        if not isinstance(files, list) or not all(isinstance(f, dict) and {"name", "size", "sha256"} <= f.keys() for f in files):
            raise ArchiveError(f"The manifest of {self.path} has no valid file list.")
        for entry in files:
            check_member_name(entry["name"])
        if len({entry["name"] for entry in files}) != len(files):
            raise ArchiveError(f"The manifest of {self.path} lists a file twice.")

    @property
    def files(self):
        return self.manifest["files"]

    @property
    def media_files(self):
        return [entry for entry in self.files if entry["name"].startswith(MEDIA_DIR)]

    @property
    def database_file(self):
        entries = [entry for entry in self.files if entry["name"].startswith(DATABASE_DIR)]
        if len(entries) != 1:
            raise ArchiveError(f"{self.path} should hold exactly one database dump, it lists {len(entries)}.")
        return entries[0]

    def verify(self, say=lambda message: None):
        """Check that every listed file is there with its size and sha256, and nothing else is. Streams."""
        expected = {entry["name"]: entry for entry in self.files}
        extra = sorted(set(self.members) - set(expected) - {MANIFEST_NAME})
        if extra:
            raise ArchiveError(f"{self.path} holds files its manifest does not list, e.g. {extra[0]!r}: it was altered.")
        total = len(self.files)
        for number, entry in enumerate(self.files, 1):
            self._check_entry(entry)
            if number % 100 == 0 or number == total:
                say(f"verified {number}/{total} files")

    def _check_entry(self, entry):
        with self.open(entry) as stream:
            digest = hashlib.sha256()
            size = 0
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise ArchiveError(f"{entry['name']} in {self.path} does not match its sha256 in the manifest: the archive is "
                               "corrupt or was altered. Nothing was restored.")

    def open(self, entry):
        """The member's bytes as a stream (tar members are never extracted to a path of their own choosing)."""
        member = self.members.get(entry["name"])
        if member is None or not member.isfile():
            raise ArchiveError(f"{entry['name']} is listed in the manifest of {self.path} but missing from the archive (truncated?).")
        try:
            return _GuardedStream(self.tar.extractfile(member), entry["name"], self.path)
        except READ_ERRORS as error:
            raise ArchiveError(f"Cannot read {entry['name']} from {self.path} (corrupt or truncated): {error}") from error

    def close(self):
        self.tar.close()


class _GuardedStream(Closing):
    """A member stream whose read errors (truncation, bad gzip data) become ArchiveError."""

    def __init__(self, raw, name, path):
        self.raw, self.name, self.path = raw, name, path

    def read(self, n=-1):
        try:
            return self.raw.read(n)
        except READ_ERRORS as error:
            raise ArchiveError(f"Cannot read {self.name} from {self.path} (corrupt or truncated): {error}") from error

    def seek(self, *args):
        return self.raw.seek(*args)

    def tell(self):
        return self.raw.tell()

    def close(self):
        self.raw.close()
