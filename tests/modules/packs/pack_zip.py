"""Build release-pack zips from manifest dicts for tests, and break them in specific ways."""

import copy
import hashlib
import io
import json
import uuid
import zipfile

from modules.packs.exporter import write_pack_files, write_pack_zip
from modules.packs.manifest import manifest_bytes, validate_manifest


def pack_zip(manifest, media=None):
    """A valid pack zip for `manifest` (its files list is recomputed). `media`: {path: bytes}."""
    manifest = copy.deepcopy(manifest)
    media = media or {}
    offline = {}
    write_pack_files(manifest, offline.__setitem__, lambda path: io.BytesIO(media[path]))
    manifest["files"] = [{"path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for p, d in sorted(media.items())] + [
        {"path": p, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for p, d in sorted(offline.items())]
    validate_manifest(manifest)
    buffer = io.BytesIO()
    write_pack_zip(manifest, offline, lambda path: io.BytesIO(media[path]), buffer)
    return buffer.getvalue()


def read_entries(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(entries, extra=()):
    """Write entries (name -> bytes) plus raw ZipInfo extras [(ZipInfo, bytes)] into a new zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for info, data in extra:
            archive.writestr(info, data)
    return buffer.getvalue()


def with_manifest(entries, manifest):
    entries = dict(entries)
    entries["manifest.json"] = manifest_bytes(manifest)
    return entries


def renumber(manifest, slug="alpine-fork"):
    """The same kit under new ids and slug: what a pack from another server looks like here."""
    text = json.dumps(manifest)
    for old in {m for m in _uuids(manifest)}:
        text = text.replace(old, str(uuid.uuid4()))
    data = json.loads(text)
    data["kit"]["slug"] = slug
    for module in data["modules"]:
        module["slug"] = f"{slug}-{module['slug']}"
    return data


def _uuids(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _uuids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _uuids(item)
    elif isinstance(value, str) and len(value) == 36 and value.count("-") == 4:
        yield value
