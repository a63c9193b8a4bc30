"""H5P fixtures: activities stored the way modules/h5p/storage.py lays them out, straight from
builders.py files, so player tests need neither the upload pipeline nor pyh5p."""

import pytest

from .factories import store_activity  # noqa: F401 - fixtures below use it


@pytest.fixture
def h5p_media(settings, tmp_path):
    """default_storage in a fresh folder for this test."""
    settings.MEDIA_ROOT = tmp_path / "h5p-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def check_activity(db, h5p_media):
    """The ElearnCheck activity, stored and ready to play."""
    return store_activity()
