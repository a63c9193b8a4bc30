"""The development server publishes Wagtail's images and nothing else from the media folder: H5P
packages carry untrusted script and must never be served from the site's own origin."""

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import elearn.urls


@pytest.fixture
def debug_urls(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in ["h5p/libraries/H5P.Evil-1.0/icon.svg", "original_images/alps.png", "packs/itg-t1/1.0.0/upload.zip"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    with override_settings(DEBUG=True):
        importlib.reload(elearn.urls)
        clear_url_caches()
        yield
    importlib.reload(elearn.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_only_images_are_published_from_media(client, debug_urls):
    assert client.get("/media/original_images/alps.png").status_code == 200
    assert client.get("/media/h5p/libraries/H5P.Evil-1.0/icon.svg").status_code == 404
    assert client.get("/media/packs/itg-t1/1.0.0/upload.zip").status_code == 404
