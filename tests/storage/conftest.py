"""Run the real file features on storages without local paths: Django's in-memory storage (path()
refused) and django-storages' S3 backend on moto's in-process S3 (no network).

`remote_storage` is parametrised over both, so every test that uses it runs once per backend. MEDIA_ROOT
points at a folder that must still not exist when the test ends: nothing may fall back to local disk."""

import boto3
import pytest
from django.core.cache import caches
from django.core.files.storage import default_storage
from moto import mock_aws

BUCKET = "elearn-media"
REGION = "eu-central-1"
S3_OPTIONS = {
    "bucket_name": BUCKET, "region_name": REGION, "access_key": "testing", "secret_key": "testing",
    # Wagtail names images and documents after the uploaded file: with the default (overwrite), a second
    # "diagram.png" would replace the first one's bytes. The deployment settings use False too.
    "file_overwrite": False,
}


def memory_backend():
    return {"BACKEND": "tests.storage.backends.NoPathStorage"}


def s3_backend(**options):
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**S3_OPTIONS, **options}}


@pytest.fixture
def no_local_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    yield settings.MEDIA_ROOT
    assert not settings.MEDIA_ROOT.exists(), "a file was written to MEDIA_ROOT instead of the storage backend"


@pytest.fixture
def s3(monkeypatch):
    """moto's S3 with an empty bucket; the boto3 client to inspect it."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION, aws_access_key_id="testing", aws_secret_access_key="testing")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield client


def use_storage(settings, backend):
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    assert default_storage.__class__.__name__  # the lazy default_storage now wraps the new backend


@pytest.fixture(params=["memory", "s3", "s3-overwrite"])
def remote_storage(request, settings, no_local_media):
    """default_storage without local paths: in memory; S3 (moto) as deployed; S3 with django-storages'
    default file_overwrite=True, which proves our own names never rely on the storage renaming a clash."""
    if request.param.startswith("s3"):
        request.getfixturevalue("s3")
        use_storage(settings, s3_backend(file_overwrite=request.param == "s3-overwrite"))
    else:
        use_storage(settings, memory_backend())
    # Wagtail caches renditions by image id, and ids repeat once each test's transaction rolls back:
    # a rendition cached by an earlier test would name a file in that test's storage.
    for cache in caches.all():
        cache.clear()
    return default_storage
