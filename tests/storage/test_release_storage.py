"""Releases on storages without local paths: the snapshot reads media from storage, every download
(pack with offline copy, SCORM, Moodle XML) is written there, and the catalogue streams it back."""

import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest

from modules.models import Job, KitPage, KitRelease, ReleaseFile
from modules.packs.errors import PackContentError
from modules.packs.releases import cut_release
from tests.admin_jobs import RELEASES_URL, job_of
from tests.modules.packs.release_rows import stored_release

from .content import PDF, lesson_with_media, png, read, sha256, walk

pytestmark = pytest.mark.django_db


def download(client, item):
    return client.get(f"/packs/{item.release.kit_slug}/{item.release.version}/{item.filename}")


def test_release_is_built_from_storage_and_downloaded_from_it(remote_storage, client):
    lesson, image, document, activity, h5p = lesson_with_media()
    release = cut_release(KitPage.objects.get(slug="itg-t1"), "1.0.0", "Storage test.")
    items = list(release.files.select_related("release"))
    assert sorted(item.kind for item in items) == ["cmi5", "common_cartridge", "lms_bundle", "moodle_xml", "pack"] + ["scorm"] * 6
    assert sorted(walk(remote_storage, "packs/itg-t1/1.0.0")) == sorted(item.filename for item in items)

    downloads = {}
    for item in items:
        stored = read(remote_storage, item.storage_name)
        assert sha256(stored) == item.sha256 and len(stored) == item.size
        response = download(client, item)
        assert response.status_code == 200 and response["Content-Length"] == str(item.size)
        assert response["X-Checksum-SHA256"] == item.sha256
        downloads[item.kind, item.module_code] = data = b"".join(response.streaming_content)
        assert data == stored

    with zipfile.ZipFile(io.BytesIO(downloads["pack", ""])) as pack:
        manifest = json.loads(pack.read("manifest.json"))
        media = {entry["path"]: pack.read(entry["path"]) for entry in manifest["files"] if entry["path"].startswith("media/")}
        names = set(pack.namelist())
    assert sorted(media.values()) == sorted([png(), PDF, h5p])
    assert "offline/index.html" in names and any(name.startswith("offline/h5p/libraries/H5P.ElearnCheck-1.0/") for name in names)
    assert manifest == KitRelease.objects.get(pk=release.pk).manifest

    module_code = next(m["code"] for m in manifest["modules"] if any(l["slug"] == lesson.slug for l in m["lessons"]))
    with zipfile.ZipFile(io.BytesIO(downloads["scorm", module_code])) as scorm:
        image_path = next(path for path, data in media.items() if data == png())
        assert scorm.read(image_path) == png() and "imsmanifest.xml" in scorm.namelist()
    assert ET.fromstring(downloads["moodle_xml", ""]).tag == "quiz"
    with zipfile.ZipFile(io.BytesIO(downloads["common_cartridge", ""])) as cartridge:
        assert cartridge.read(image_path) == png() and "imsmanifest.xml" in cartridge.namelist()


def test_a_download_missing_from_storage_is_a_404(remote_storage, client):
    release = cut_release(KitPage.objects.get(slug="itg-t1"), "1.0.0")
    pack = release.file("pack")
    remote_storage.delete(pack.storage_name)
    response = client.get(f"/packs/itg-t1/1.0.0/{pack.filename}")
    assert response.status_code == 404
    assert client.get(f"/packs/itg-t1/1.0.0/{release.file('moodle_xml').filename}").status_code == 200


def test_media_missing_from_storage_stops_the_release_with_its_name(remote_storage, client, administrator):
    _lesson, image, _document, _activity, _h5p = lesson_with_media()
    remote_storage.delete(image.file.name)
    with pytest.raises(PackContentError, match="image “Alpine Space map” is missing from storage"):
        cut_release(KitPage.objects.get(slug="itg-t1"), "1.0.0")
    client.force_login(administrator)
    kit = KitPage.objects.get(slug="itg-t1")
    response = client.post(RELEASES_URL, {"kit": kit.pk, "version": "1.0.0", "notes": ""}, follow=True)
    job = job_of(response)
    assert job.status == Job.FAILED and "is missing from storage" in job.error
    assert "is missing from storage" in response.content.decode()
    assert not KitRelease.objects.exists() and walk(remote_storage, "packs") == []


def test_a_failed_release_removes_what_it_stored(remote_storage, monkeypatch):
    from modules.packs import releases

    def broken_moodle(manifest):
        raise RuntimeError("Moodle export failed")

    monkeypatch.setattr(releases, "build_moodle_xml", broken_moodle)
    with pytest.raises(RuntimeError):
        cut_release(KitPage.objects.get(slug="itg-t1"), "1.0.0")
    assert walk(remote_storage, "packs") == [] and not KitRelease.objects.exists()


def test_head_conditional_and_range_requests_read_remote_storage(remote_storage, client):
    """HEAD, 304 and 206 work the same when the file is an object in S3 (or memory): no local path."""
    data = bytes(range(256)) * 1024 + b"end"
    stored_release(files=[(ReleaseFile.PACK, "itg-t1-1.0.0.zip", data, "application/zip", None)])
    url = "/packs/itg-t1/1.0.0/itg-t1-1.0.0.zip"
    head = client.head(url)
    assert head.status_code == 200 and head["Content-Length"] == str(len(data)) and head.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH=head["ETag"]).status_code == 304
    response = client.get(url, HTTP_RANGE=f"bytes={len(data) - 10}-{len(data) + 10}")
    assert response.status_code == 206 and response["Content-Range"] == f"bytes {len(data) - 10}-{len(data) - 1}/{len(data)}"
    assert b"".join(response.streaming_content) == data[-10:]
    response = client.get(url, HTTP_RANGE="bytes=70000-70099")
    assert b"".join(response.streaming_content) == data[70000:70100]
    assert client.get(url, HTTP_RANGE=f"bytes={len(data)}-").status_code == 416
