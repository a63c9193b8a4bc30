"""Packs waiting between the admin's upload (or download), their check and their import.

The upload is stored here before its check runs as a background job (modules/jobs), so the worker
(maybe on another machine) reads it through the storage API; the import job deletes it. A checked
pack nobody applied within a session's lifetime is swept."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from ..files import journal
from .loader import open_stored_pack

UPLOAD_DIR = "pack-uploads"


def store(upload, *, token=None):
    """Store a pack for a later step (the admin's check and apply jobs, modules/jobs); returns its
    storage name. Raises journal.StorageWriteError (nothing left)."""
    sweep_abandoned_uploads()
    token = token or uuid.uuid4().hex
    upload.seek(0)
    name = f"{UPLOAD_DIR}/{token}.zip"
    try:
        return journal.write(default_storage, name, upload)
    except journal.StorageWriteError:
        _delete_quietly(name)  # a write cut short by a full disk leaves a partial file
        raise


def open_staged(storage_name):
    """An open handle on the staged file; FileNotFoundError when storage lost it."""
    return open_stored_pack(default_storage, storage_name)


def discard(storage_name):
    default_storage.delete(storage_name)


def discard_quietly(storage_name):
    if storage_name:
        _delete_quietly(storage_name)


def sweep_abandoned_uploads():
    """Checked packs nobody applied within a session's lifetime."""
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    try:
        _folders, names = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


def _delete_quietly(name):
    try:
        default_storage.delete(name)
    except OSError:
        pass
