"""Write validated H5P packages through Django's storage API: libraries once per machine name,
version and content hash (shared by every activity), content once per package."""

import json

from django.core.files.storage import default_storage

from ..files import journal
from ..models import H5PActivity, H5PActivityChange, H5PLibrary

LIBRARY_ROOT = "h5p/libraries"
CONTENT_ROOT = "h5p/content"
PACKAGE_ROOT = "h5p/packages"


def _prefix_of(name):
    return "/".join(name.split("/")[:3])


# What keeps each stored H5P file alive, for the journal's sweep of killed operations: an activity,
# or a change to one waiting for review (review.py).
journal.register_prefix(f"{PACKAGE_ROOT}/", lambda name: H5PActivity.objects.filter(package_storage_name=name).exists()
                        or H5PActivityChange.objects.filter(package_storage_name=name).exists())
journal.register_prefix(f"{CONTENT_ROOT}/", lambda name: H5PActivity.objects.filter(content_storage_prefix=_prefix_of(name)).exists()
                        or H5PActivityChange.objects.filter(content_storage_prefix=_prefix_of(name)).exists())
journal.register_prefix(f"{LIBRARY_ROOT}/", lambda name: H5PLibrary.objects.filter(storage_prefix=_prefix_of(name)).exists())


def store_library(packaged, written, approver=None):
    """The H5PLibrary for a packaged library, creating it (and its files) only when new. A new one is
    approved only when `approver` (a person upload.can_approve accepted) brings it."""
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
        metadata=packaged.metadata, content_hash=packaged.content_hash, storage_prefix=prefix,
        approved=approver is not None, approved_by=approver,
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
