"""Write validated H5P packages through Django's storage API: libraries once per machine name,
version and content hash (shared by every activity), content once per package."""

import io
import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ..models import H5PLibrary
from ..packs.exporter import StoredFiles

LIBRARY_ROOT = "h5p/libraries"
CONTENT_ROOT = "h5p/content"
PACKAGE_ROOT = "h5p/packages"


class WrittenFiles(StoredFiles):
    """Every file a store step wrote (remove_all() undoes them), written once by content address."""

    def write(self, name, data):
        if self.storage.exists(name):
            if self.storage.size(name) == len(data):
                # Same content-addressed name, same bytes: written by an earlier upload or import.
                return name
            self.storage.delete(name)  # cut short by a full disk or a killed process
        return self._write(name, ContentFile(data))


def store_library(packaged, written, approved):
    """The H5PLibrary for a packaged library, creating it (and its files) only when new."""
    ref = packaged.ref
    existing = H5PLibrary.objects.filter(
        machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor,
        patch_version=packaged.patch, content_hash=packaged.content_hash,
    ).first()
    if existing is not None:
        return existing, False
    prefix = f"{LIBRARY_ROOT}/{ref.folder}-{packaged.patch}-{packaged.content_hash[:12]}"
    for path, data in sorted(packaged.files.items()):
        written.write(f"{prefix}/{path}", data)
    core_api = packaged.metadata.get("coreApi") or {}
    library = H5PLibrary.objects.create(
        machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor, patch_version=packaged.patch,
        title=str(packaged.metadata.get("title", ref.machine_name))[:255], runnable=bool(packaged.metadata.get("runnable")),
        core_api=f"{core_api.get('majorVersion', '')}.{core_api.get('minorVersion', '')}" if core_api else "",
        metadata=packaged.metadata, content_hash=packaged.content_hash, storage_prefix=prefix, approved=approved,
    )
    return library, True


def store_content(package, written):
    """h5p.json, the sanitised content.json and the content files, under one prefix per package."""
    prefix = f"{CONTENT_ROOT}/{package.sha256[:32]}"
    written.write(f"{prefix}/h5p.json", json.dumps(package.metadata).encode())
    written.write(f"{prefix}/content/content.json", json.dumps(package.content).encode())
    for path, data in sorted(package.content_files.items()):
        written.write(f"{prefix}/content/{path}", data)
    return prefix


def store_package_file(package, data, written):
    """The .h5p as uploaded: packs export it as it came, with its checksum."""
    return written.write(f"{PACKAGE_ROOT}/{package.sha256}.h5p", data)


def read_package_file(activity):
    with default_storage.open(activity.package_storage_name, "rb") as handle:
        return handle.read()


def open_package_file(activity):
    return default_storage.open(activity.package_storage_name, "rb")


def as_stream(data):
    return io.BytesIO(data)
