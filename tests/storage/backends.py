"""Storage backends for tests: files kept in memory, with no local path at all."""

import os

from django.core.files.storage import InMemoryStorage
from django.utils._os import safe_join


class NoPathStorage(InMemoryStorage):
    """InMemoryStorage answers path() with a place under MEDIA_ROOT where nothing exists; here, as on
    any remote storage, there is none: code that asks for a local path fails loudly."""

    def path(self, name):
        raise NotImplementedError("This backend has no local paths.")

    def _relative_path(self, name):
        # InMemoryStorage keys its tree by path() internally; keep that, without offering it to callers.
        return os.path.relpath(safe_join(self.location, name), self.location)
