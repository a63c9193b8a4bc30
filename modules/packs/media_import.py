"""Images and documents arriving in a pack become Wagtail images and documents, stored through the
storage API. Identical files are stored once (matched by hash); every file written is tracked so a
failed or dry-run import removes it again."""

import hashlib
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from .errors import PackContentError

CHUNK = 1024 * 1024
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


class MediaImporter:
    def __init__(self, source):
        self.source = source
        self.written = []  # (storage, name) of files this import stored
        self.cache = {}

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
        item.file.save(PurePosixPath(path).name, upload, save=False)
        self.written.append((item.file.storage, item.file.name))
        item.file_size = upload.size
        item.file_hash = sha1.hexdigest()
        if kind == "image" and not (item.width and item.height):
            # The ImageField read no dimensions: not an image Pillow can open.
            raise PackContentError("The image cannot be read.", path)
        item.save()
        upload.close()
        return item.pk

    def remove_written(self):
        for storage, name in self.written:
            try:
                storage.delete(name)
            except OSError:
                pass
        self.written = []
