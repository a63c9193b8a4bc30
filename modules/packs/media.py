"""Media files of a snapshot: read through the storage API in chunks, never via local paths."""

import hashlib

from django.core.files.storage import default_storage

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ..models import H5PActivity
from .errors import PackContentError
from .manifest import media_arcname

CHUNK = 1024 * 1024


def hash_stored(storage, name, what):
    """(sha256, size) of a stored file, read in chunks. A file the database names but the storage no
    longer holds (deleted from the bucket, a restore without media) is a PackContentError naming it."""
    digest, size = hashlib.sha256(), 0
    try:
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
    except FileNotFoundError as error:
        raise PackContentError(f"The file of {what} is missing from storage ({name}): restore it, or take it out of the kit, "
                               "then cut the release again.") from error
    return digest.hexdigest(), size


def hash_storage_file(field_file, what="a media file"):
    return hash_stored(field_file.storage, field_file.name, what)


class MediaCollector:
    """Maps the images and documents a kit uses to content-addressed pack paths."""

    def __init__(self):
        self.entries = {}  # arcname -> (storage, storage name, sha256, size)

    def _add(self, kind, field_file, what):
        sha256, size = hash_storage_file(field_file, what)
        arcname = media_arcname(kind, sha256, field_file.name)
        self.entries[arcname] = (field_file.storage, field_file.name, sha256, size)
        return arcname

    def image(self, image_id):
        image = get_image_model().objects.get(pk=image_id)
        return self._add("images", image.file, f"image “{image.title}”")

    def document(self, document_id):
        document = get_document_model().objects.get(pk=document_id)
        return self._add("documents", document.file, f"document “{document.title}”"), document.title

    def h5p(self, activity_id):
        """The activity's .h5p as uploaded, plus what the importer needs to recreate the activity."""
        activity = H5PActivity.objects.get(pk=activity_id)
        storage = default_storage
        name = activity.package_storage_name
        sha256, size = hash_stored(storage, name, f"H5P activity “{activity.title}”")
        arcname = media_arcname("h5p", sha256, name)
        self.entries[arcname] = (storage, name, sha256, size)
        return {"file": arcname, "key": str(activity.key), "title": activity.title[:255], "required_score": activity.required_score}

    def open(self, arcname):
        storage, name, _sha, _size = self.entries[arcname]
        return storage.open(name, "rb")

    def file_entries(self):
        return [{"path": arcname, "sha256": sha, "size": size} for arcname, (_st, _name, sha, size) in sorted(self.entries.items())]
