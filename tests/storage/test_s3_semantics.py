"""What S3 does differently from a folder, and how our code copes: keys are overwritten rather than
renamed (unless file_overwrite is off), files are fetched rather than opened, URLs are signed or on a
custom domain. All on moto's in-process S3: no network."""

import io
import os
import runpy
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.images import get_image_model

from elearn.settings import base as settings_base
from modules.files.written import WrittenFiles
from modules.packs.loader import load_pack_archive, open_stored_pack

from .conftest import BUCKET, s3_backend, use_storage
from .content import outside_pack, png, read, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[False, True], ids=["no-overwrite", "overwrite"])
def s3_storage(request, s3, settings, no_local_media):
    use_storage(settings, s3_backend(file_overwrite=request.param))
    return default_storage


def test_a_rebuilt_download_replaces_its_key_in_both_overwrite_modes(s3_storage, s3):
    stored = WrittenFiles()
    first = stored.save("packs/kit/1.0.0/kit-1.0.0.zip", io.BytesIO(b"first build"))
    second = stored.save("packs/kit/1.0.0/kit-1.0.0.zip", io.BytesIO(b"second build"))
    assert first[0] == second[0] == "packs/kit/1.0.0/kit-1.0.0.zip"
    assert walk(s3_storage, "packs/kit/1.0.0") == ["kit-1.0.0.zip"] and read(s3_storage, second[0]) == b"second build"
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == ["packs/kit/1.0.0/kit-1.0.0.zip"]


def test_images_with_the_same_file_name_need_file_overwrite_off(s3_storage):
    """Wagtail names an original after the uploaded file. With file_overwrite off (our deployment
    setting) the second 'map.png' gets a new key; with django-storages' default it replaces the first."""
    red, blue = png((255, 0, 0)), png((0, 0, 255))
    first = get_image_model().objects.create(title="Red map", file=ContentFile(red, name="map.png"))
    second = get_image_model().objects.create(title="Blue map", file=ContentFile(blue, name="map.png"))
    if s3_storage.file_overwrite:
        assert first.file.name == second.file.name and read(s3_storage, first.file.name) == blue  # the red map is lost
    else:
        assert first.file.name != second.file.name
        assert read(s3_storage, first.file.name) == red and read(s3_storage, second.file.name) == blue


def test_urls_are_signed_or_on_a_custom_domain(s3, settings, no_local_media):
    use_storage(settings, s3_backend())
    name = default_storage.save("original_images/valley.png", ContentFile(png()))
    url = default_storage.url(name)
    assert url.startswith(f"https://{BUCKET}.s3.amazonaws.com/original_images/valley") and "X-Amz-Signature=" in url
    use_storage(settings, s3_backend(custom_domain="media.elearn.example.org", querystring_auth=False))
    assert default_storage.url(name) == f"https://media.elearn.example.org/{name}"


class StreamingStorage:
    """A storage whose files are forward-only streams, like a raw HTTP body."""

    def __init__(self, files):
        self.files = files

    def open(self, name, mode="rb"):
        if name not in self.files:
            raise FileNotFoundError(name)
        return _Stream(self.files[name])


class _Stream(io.RawIOBase):
    def __init__(self, data):
        self.buffer = io.BytesIO(data)

    def readable(self):
        return True

    def seekable(self):
        return False

    def readinto(self, target):
        data = self.buffer.read(len(target))
        target[:len(data)] = data
        return len(data)


def test_a_stored_pack_that_only_streams_is_spooled_before_unzipping():
    data, manifest, _media = outside_pack()
    storage = StreamingStorage({"pack-uploads/x.zip": data})
    with open_stored_pack(storage, "pack-uploads/x.zip") as handle:
        assert handle.seekable()
        report = load_pack_archive(handle, source="x.zip", dry_run=True)
    assert report.summary()
    with pytest.raises(FileNotFoundError):
        open_stored_pack(storage, "pack-uploads/gone.zip")


def settings_from_env(monkeypatch, **env):
    """elearn/settings/base.py evaluated afresh with `env`: the deployment settings as a server reads them."""
    for name in [n for n in os.environ if n.startswith("ELEARN_S3_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings_base.__file__)))


def test_the_deployment_settings_give_a_working_s3_storage(s3, settings, monkeypatch, no_local_media):
    deployed = settings_from_env(monkeypatch, ELEARN_DEFAULT_STORAGE="storages.backends.s3.S3Storage",
                                 ELEARN_S3_BUCKET=BUCKET, ELEARN_S3_REGION="eu-central-1",
                                 AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    use_storage(settings, deployed["STORAGES"]["default"])
    assert default_storage.file_overwrite is False and default_storage.querystring_auth is True
    red, blue = png((255, 0, 0)), png((0, 0, 255))
    first = get_image_model().objects.create(title="Red map", file=ContentFile(red, name="map.png"))
    second = get_image_model().objects.create(title="Blue map", file=ContentFile(blue, name="map.png"))
    assert first.file.name != second.file.name and read(default_storage, first.file.name) == red
    # Media URLs point at an origin the pages' Content-Security-Policy allows for images.
    url = first.get_rendition("width-4").url
    assert any(url.startswith(origin + "/") for origin in deployed["ELEARN_MEDIA_ORIGINS"]), (url, deployed["ELEARN_MEDIA_ORIGINS"])


def test_s3_storage_without_a_bucket_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="ELEARN_S3_BUCKET"):
        settings_from_env(monkeypatch, ELEARN_DEFAULT_STORAGE="storages.backends.s3.S3Storage")
