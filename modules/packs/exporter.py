"""Build a release's downloads from its manifest and store them through the storage API.

Files are written to temporary files in chunks (media is streamed from storage), hashed while
stored (files/written.py), so memory stays flat however large the kit's media is."""

import shutil
import tempfile
import zipfile

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


def spooled():
    return tempfile.TemporaryFile(prefix="elearn-export-")
