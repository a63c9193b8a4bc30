"""Media go through the storage API only (walked with listdir, read and written by name), so any
storage works: checked on the filesystem storage and on Django's in-memory storage, which has no
paths at all (as S3 has none)."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage

from elearn.backup.media import check_media_file, storage_has_files, walk_storage, write_media_file

pytestmark = pytest.mark.database  # backs up and restores the database the suite runs on


@pytest.fixture(params=["filesystem", "memory"])
def storage(request, tmp_path):
    return FileSystemStorage(location=tmp_path / "media") if request.param == "filesystem" else InMemoryStorage()


def test_walk_finds_nothing_in_an_empty_storage(storage):
    assert list(walk_storage(storage)) == [] and not storage_has_files(storage)


def test_walk_lists_every_file_at_every_depth(storage):
    for name in ("top.txt", "h5p/content/abc/h5p.json", "h5p/libraries/x/library.json", "packs/Ümlaut name.zip"):
        storage.save(name, ContentFile(b"x"))
    assert list(walk_storage(storage)) == ["top.txt", "h5p/content/abc/h5p.json", "h5p/libraries/x/library.json", "packs/Ümlaut name.zip"]
    assert storage_has_files(storage)


def test_write_replaces_a_file_under_the_same_name(storage):
    storage.save("packs/a.zip", ContentFile(b"old content"))
    write_media_file(storage, "packs/a.zip", io.BytesIO(b"new"), 3)
    assert list(walk_storage(storage)) == ["packs/a.zip"]
    with storage.open("packs/a.zip") as handle:
        assert handle.read() == b"new"
    assert check_media_file(storage, "packs/a.zip", 3) and not check_media_file(storage, "packs/a.zip", 4)
    assert not check_media_file(storage, "packs/missing.zip", 3)
