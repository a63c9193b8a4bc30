"""Pack uploads waiting between the admin preview and its confirmation.

The preview reads the upload itself; only a pack that passed is stored here, so the confirming
request (maybe on another app server) can apply it. The session holds the only way to apply a
staged upload, so one whose session has expired is swept."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from ..files import journal
from .loader import open_stored_pack

UPLOAD_DIR = "pack-uploads"
SESSION_PREFIX = "pack-upload-"


def stage(request, upload):
    """Store a previewed upload; returns its token. Raises journal.StorageWriteError (nothing left)."""
    sweep_abandoned_uploads()
    token = uuid.uuid4().hex
    upload.seek(0)
    name = f"{UPLOAD_DIR}/{token}.zip"
    try:
        stored = journal.write(default_storage, name, upload)
    except journal.StorageWriteError:
        _delete_quietly(name)  # a write cut short by a full disk leaves a partial file
        raise
    request.session[SESSION_PREFIX + token] = {"name": upload.name, "storage": stored}
    return token


def take(request, token):
    """The staged upload for `token`, usable once: (original file name, storage name) or None."""
    pending = request.session.pop(SESSION_PREFIX + token, None)
    return (pending["name"], pending["storage"]) if pending else None


def open_staged(storage_name):
    """An open handle on the staged file; FileNotFoundError when storage lost it."""
    return open_stored_pack(default_storage, storage_name)


def discard(storage_name):
    default_storage.delete(storage_name)


def sweep_abandoned_uploads():
    """Previewed packs nobody confirmed: their session (the only way to apply them) has expired."""
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
