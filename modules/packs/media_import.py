"""Images and documents arriving in a pack become Wagtail images and documents, stored through the
storage API. Identical files are stored once (matched by hash); every file written is tracked so a
failed or dry-run import removes it again."""

import hashlib
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ..files import journal
from ..files.written import WrittenFiles
from ..h5p.types import H5PError
from ..h5p.upload import apply_package, validate_upload
from ..models import H5PActivity
from .errors import PackContentError
from .merge import record_provenance
from .ownership import check_may_write

CHUNK = 1024 * 1024
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


def _wagtail_file_is_referenced(name):
    image = get_image_model()
    return (image.objects.filter(file=name).exists() or get_document_model().objects.filter(file=name).exists()
            or image.get_rendition_model().objects.filter(file=name).exists())


# Wagtail's own folders for images, renditions and documents: imports write there (journal sweep).
for _folder in ("original_images/", "images/", "documents/"):
    journal.register_prefix(_folder, _wagtail_file_is_referenced)


class MediaImporter:
    def __init__(self, source, *, pack_key=None, source_name=""):
        self.source = source
        self.pack_key = pack_key  # the kit being imported: the only one whose activities it may change
        self.source_name = source_name
        self.written = WrittenFiles()  # everything this import stored: media and H5P files
        self.cache = {}

    def h5p_activity_id(self, info):
        """An H5P activity from the pack: re-validated with every H5P rule, stored like an upload."""
        if ("h5p", info["key"]) not in self.cache:
            self.cache[("h5p", info["key"])] = self._store_h5p(info)
        return self.cache[("h5p", info["key"])]

    def _store_h5p(self, info):
        path = info["file"]
        if self.source is None:
            raise PackContentError("This pack source cannot carry H5P packages.", path)
        with self.source.open(path) as handle:
            data = handle.read(settings.H5P_MAX_PACKAGE_BYTES + 1)
        if len(data) > settings.H5P_MAX_PACKAGE_BYTES:
            raise PackContentError("The H5P package is larger than allowed.", path)
        try:
            package = validate_upload(data)
            same = H5PActivity.objects.filter(package_sha256=package.sha256).first()
            if same is not None:
                return same.pk  # identical content: referring to it changes nothing
            activity = H5PActivity.objects.filter(key=info["key"]).first()
            if activity is not None:
                check_may_write(info["key"], self.pack_key, _("H5P activity “%(title)s” (%(key)s)") % {"title": activity.title, "key": info["key"]})
            else:
                activity = H5PActivity(key=info["key"], title=info["title"], required_score=info["required_score"])
            # No person approves here: new library code waits for a maintainer, exactly like an upload.
            activity = apply_package(activity, package, data, user=None, written=self.written)
        except H5PError as error:
            raise PackContentError(f"The H5P package was refused: {error.message}", f"{path}: {error.entry or ''}") from error
        record_provenance(info["key"], {"package_sha256": package.sha256}, self.source_name, self.pack_key)
        return activity.pk

    def image_id(self, path, title):
        return self._get("image", path, title)

    def document_id(self, path, title):
        return self._get("document", path, title)

    def _get(self, kind, path, title):
        if (kind, path) not in self.cache:
            self.cache[(kind, path)] = self._store(kind, path, title)
        return self.cache[(kind, path)]

    def _store(self, kind, path, title):
        if self.source is None:
            raise PackContentError("This pack source cannot carry media files.", path)
        suffix = PurePosixPath(path).suffix.lower()
        if kind == "image" and suffix not in IMAGE_TYPES:
            raise PackContentError("Images must be PNG, JPEG, GIF or WebP files.", path)
        upload = TemporaryUploadedFile(PurePosixPath(path).name, IMAGE_TYPES.get(suffix, "application/octet-stream"), 0, None)
        sha1 = hashlib.sha1(usedforsecurity=False)
        with self.source.open(path) as handle:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                sha1.update(chunk)
                upload.write(chunk)
        upload.size = upload.tell()
        upload.seek(0)
        model = get_image_model() if kind == "image" else get_document_model()
        existing = model.objects.filter(file_hash=sha1.hexdigest()).first()
        if existing is not None:
            upload.close()
            return existing.pk
        item = model(title=title[:255] or PurePosixPath(path).name)
        self.written.save_field(item, PurePosixPath(path).name, upload)
        item.file_size = upload.size
        item.file_hash = sha1.hexdigest()
        if kind == "image" and not (item.width and item.height):
            # The ImageField read no dimensions: not an image Pillow can open.
            raise PackContentError("The image cannot be read.", path)
        item.save()
        upload.close()
        return item.pk

    def remove_written(self):
        self.written.remove_all()
