"""Build cmi5 packages of the real kits for the tests."""

import io
import zipfile

from modules.interop.cmi5 import write_cmi5_package
from tests.modules.packs.snapshots import snapshot_manifest


def open_media_from_storage(path):
    from django.core.files.storage import default_storage

    return default_storage.open(path)


def build_package(manifest):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zip_file:
        write_cmi5_package(manifest, zip_file, open_media_from_storage)
    return buffer.getvalue()


def kit_package(slug):
    manifest = snapshot_manifest(slug)
    return manifest, build_package(manifest)
