"""Build a release's downloads from its manifest and store them through the storage API.

Files are written to temporary files in chunks (media is streamed from storage), hashed while
stored, so memory stays flat however large the kit's media is."""

import hashlib
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.core.files.storage import default_storage

from . import journal
from .manifest import manifest_bytes

CHUNK = 1024 * 1024


def write_pack_zip(manifest, offline_files, open_media, fileobj, say=None):
    say = say or (lambda message: None)
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        media = [entry for entry in manifest["files"] if entry["path"].startswith("media/")]
        for number, entry in enumerate(media, start=1):
            # Already-compressed media (images, PDFs) gains nothing from deflate.
            info = zipfile.ZipInfo(entry["path"], date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            with open_media(entry["path"]) as source, archive.open(info, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, CHUNK)
            if number % 25 == 0 or number == len(media):
                say(f"    media {number}/{len(media)}")
        for path, data in sorted(offline_files.items()):
            archive.writestr(_info(path), data)
        archive.writestr(_info("manifest.json"), manifest_bytes(manifest))


def _info(path):
    info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def sha256_of(fileobj):
    fileobj.seek(0)
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size


class StoredFiles:
    """Tracks what a build wrote to storage so a failure can remove every piece of it. Each name is
    journalled before it is written (journal.py), so a killed process leaves no orphan either."""

    def __init__(self, storage=None):
        self.storage = storage or default_storage
        self.names = []

    def save(self, name, fileobj):
        sha256, size = sha256_of(fileobj)
        if self.storage.exists(name):
            # Only a build that died before its release row was committed leaves a file here.
            self.storage.delete(name)
        stored = self._write(name, File(fileobj, name=name.rsplit("/", 1)[-1]))
        return stored, sha256, size

    def _write(self, name, content):
        # Tracked before writing: a write that fails half-way (full disk) leaves a partial file too.
        self.names.append(name)
        stored = journal.write(self.storage, name, content)
        if stored != name:
            self.names.append(stored)
        return stored

    def remove_all(self):
        for name in self.names:
            try:
                self.storage.delete(name)
            except OSError:
                pass
        self.names = []


def spooled():
    return tempfile.TemporaryFile(prefix="elearn-export-")
