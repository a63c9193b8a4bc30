"""Build a release's downloads from its manifest and store them through the storage API.

Files are written to temporary files in chunks (media is streamed from storage), hashed while
stored (files/written.py), so memory stays flat however large the kit's media is."""

import shutil
import tempfile
import zipfile

from django.utils import translation
from django.utils.translation import gettext

from ..licences import licence_url
from .manifest import manifest_bytes
from .offline import INDEX, ROOT, write_offline_copy
from .pack_translations import localise, manifest_languages, translated_languages

CHUNK = 1024 * 1024
# At the zip's root, beside manifest.json: a person who unzips the pack reads this first.
README = "README.txt"


def write_pack_files(manifest, add_file, open_media=None):
    """Call add_file(path, data) for every file the pack carries besides its media and manifest: the
    offline copy (offline.py) and README.txt. The manifest lists them all with their checksums."""
    write_offline_copy(manifest, add_file, open_media)
    add_file(README, build_readme(manifest))


def build_readme(manifest):
    """README.txt: what the pack is and how to open it, in each of its languages (source first), with
    the page each language's offline copy starts from. Plain text, UTF-8, Windows line ends so that
    Notepad shows the lines too."""
    source = manifest_languages(manifest)[0]
    starts = {source: INDEX, **{language: f"{ROOT}/{language}/index.html" for language in translated_languages(manifest)}}
    licence = manifest["kit"]["licence"]
    blocks = []
    for language, start in starts.items():
        kit = localise(manifest, language)["kit"]
        with translation.override(language):
            blocks.append("\n".join([
                f"{kit['title']} · {manifest['version']}",
                "",
                gettext("Read it offline: unzip this file, then open %(page)s in a web browser. "
                        "No internet connection and no installation are needed.") % {"page": start},
                gettext("Adapt it on your own server: import this zip, unchanged, into an elearn server "
                        "(admin menu Kit packs › Import a pack, or manage.py import_pack)."),
                gettext("Licence: %(licence)s (%(url)s)") % {"licence": licence, "url": licence_url(licence)},
            ]))
    text = "\n\n----\n\n".join(blocks) + "\n"
    return text.replace("\n", "\r\n").encode("utf-8")


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
        for path, data in sorted(offline_files.items()):  # the offline copy and README.txt (write_pack_files)
            archive.writestr(_info(path), data)
        archive.writestr(_info("manifest.json"), manifest_bytes(manifest))


def _info(path):
    info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def spooled():
    return tempfile.TemporaryFile(prefix="elearn-export-")
