"""Entry points that read a pack from somewhere and hand it to the one importer."""

import shutil
import tempfile
import urllib.error
import urllib.request
from urllib.parse import urlparse

from django.conf import settings

from .archive import ZipPackSource
from .errors import PackError
from .importer import import_pack_data
from .source import FolderSource, read_pack
from .translations import read_translations

CHUNK = 1024 * 1024


def load_pack_folder(folder, *, publish=True, dry_run=False, say=None):
    """Our kits' sources (an unpacked pack in the repository): published, provenance 'folder:'."""
    source = FolderSource(folder)
    pack = read_pack(source)
    translations = read_translations(source) if settings.ELEARN_KIT_TRANSLATIONS else None
    return import_pack_data(pack, source=f"folder:{source.root.parent.name}/{source.root.name}", publish=publish, dry_run=dry_run, say=say,
                            translations=translations)


def load_pack_archive(fileobj, *, source, publish=False, dry_run=False, say=None, force=False):
    """A release pack (zip). Outside packs arrive as drafts for the local team to review."""
    say = say or (lambda message: None)
    say("Checking the archive …")
    archive = ZipPackSource(fileobj)
    manifest = archive.manifest
    say(f"Pack {manifest['kit']['code']} {manifest['version']}: {len(manifest['modules'])} modules, {len(manifest['files'])} files verified.")
    pack = {"format_version": manifest["format_version"], "kit": manifest["kit"], "modules": manifest["modules"]}
    try:
        return import_pack_data(pack, source=source, publish=publish, dry_run=dry_run, say=say,
                                media_source=archive, manifest=manifest, force=force)
    finally:
        archive.close()


def max_pack_bytes():
    return settings.ELEARN_PACK_MAX_BYTES


def fetch_pack(url, destination):
    """Download a pack over HTTP(S) into an open binary file, refusing anything over the size cap."""
    if urlparse(url).scheme not in ("http", "https"):
        raise PackError("Only http:// and https:// addresses can be imported.", url)
    limit = max_pack_bytes()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - scheme checked above
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > limit:
                raise PackError(f"The pack is larger than the {limit} bytes allowed.", url)
            copied = 0
            for chunk in iter(lambda: response.read(CHUNK), b""):
                copied += len(chunk)
                if copied > limit:
                    raise PackError(f"The pack is larger than the {limit} bytes allowed.", url)
                destination.write(chunk)
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise PackError(f"The pack could not be downloaded: {error}", url) from error
    destination.seek(0)
    return destination


def open_stored_pack(storage, name):
    """A pack kept in `storage` as a seekable binary file (zipfile jumps to the central directory
    and back). Storage files that cannot seek (a streaming body) are copied to a temporary file first.
    Raises FileNotFoundError when the storage has no such file."""
    handle = storage.open(name, "rb")
    if _seekable(handle):
        return handle
    with handle:
        copy = tempfile.TemporaryFile(prefix="elearn-import-")
        shutil.copyfileobj(handle, copy, CHUNK)
    copy.seek(0)
    return copy


def _seekable(handle):
    try:
        return bool(handle.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def open_pack(location):
    """A local path or a URL -> a temporary binary file holding the pack."""
    handle = tempfile.TemporaryFile(prefix="elearn-import-")
    if location.startswith(("http://", "https://")):
        return fetch_pack(location, handle)
    try:
        with open(location, "rb") as source:
            shutil.copyfileobj(source, handle, CHUNK)
    except OSError as error:
        handle.close()
        raise PackError(f"The pack file cannot be read: {error.strerror}.", location) from error
    handle.seek(0)
    return handle
