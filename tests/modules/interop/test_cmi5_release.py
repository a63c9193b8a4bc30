"""Cutting a release stores its cmi5 course package beside the pack and the SCORM packages."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from modules.models import KitRelease

pytestmark = pytest.mark.django_db


def test_a_release_stores_the_cmi5_package_and_lists_it_in_the_catalogue(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("release_kit", "itg-t2", "1.0.0", "--notes", "First.", stdout=io.StringIO())
    item = KitRelease.objects.get(kit_slug="itg-t2").file("cmi5")
    assert item.filename == "itg-t2-1.0.0-cmi5.zip" and item.content_type == "application/zip"
    with default_storage.open(item.storage_name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        assert "cmi5.xml" in archive.namelist()
    page = client.get("/packs/").content.decode()
    assert "itg-t2-1.0.0-cmi5.zip" in page and "cmi5 course package" in page
