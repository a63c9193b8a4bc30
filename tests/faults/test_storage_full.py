"""A full disk or an unwritable media folder during an upload, an import or a release: the person
gets a clear message (a form error, a command error; never a 500 with a traceback), no row is
created, every file stored before stays exactly as it was and nothing half-written is left."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from modules.models import H5PActivity, H5PLibrary, ImportedKit, Job, KitRelease, ReleaseFile
from tests.admin_jobs import apply_pack, check_pack, job_of
from tests.modules.h5p.builders import elearn_check, h5p_json

from .conftest import reason_text, snapshot
from .packs import outside_pack, png

pytestmark = pytest.mark.django_db


def rows():
    return (Page.objects.count(), get_image_model().objects.count(), H5PActivity.objects.count(), H5PLibrary.objects.count(),
            ImportedKit.objects.count(), KitRelease.objects.count(), ReleaseFile.objects.count())


@pytest.fixture
def previous_state(media_root, maintainer, client):
    """A release already cut and an H5P activity already uploaded: what a failure must keep."""
    call_command("release_kit", "itg-t1", "1.0.0", stdout=io.StringIO())
    client.force_login(maintainer)
    response = client.post("/admin/snippets/modules/h5pactivity/add/", {
        "title": "", "licence": "", "authors": "", "required_score": 100,
        "package": SimpleUploadedFile("check.h5p", elearn_check(), "application/zip")})
    assert response.status_code == 302
    assert any(name.startswith("h5p/") for name in snapshot(media_root)) and any(name.startswith("packs/") for name in snapshot(media_root))
    return client


def unchanged(media_root, files_before, rows_before):
    assert snapshot(media_root) == files_before  # no partial file, no journal entry, old files intact
    assert rows() == rows_before


def test_h5p_upload_in_admin(previous_state, broken_media, media_root):
    client, before = previous_state, (snapshot(media_root), rows())
    kind = broken_media()
    response = client.post("/admin/snippets/modules/h5pactivity/add/", {
        "title": "", "licence": "", "authors": "", "required_score": 100,
        "package": SimpleUploadedFile("other.h5p", elearn_check(meta=h5p_json(title="Another check")), "application/zip")})
    assert response.status_code == 200  # the form again, with the error on the package field
    assert reason_text(kind) in response.content.decode() and "Nothing was changed" in response.content.decode()
    unchanged(media_root, *before)


def test_pack_import_command(previous_state, broken_media, media_root, tmp_path):
    pack = tmp_path / "alpine-fork-1.0.0.zip"
    pack.write_bytes(outside_pack())
    before = (snapshot(media_root), rows())
    kind = broken_media()
    with pytest.raises(CommandError) as caught:
        call_command("import_pack", str(pack), stdout=io.StringIO())
    assert reason_text(kind) in str(caught.value)
    unchanged(media_root, *before)


def upload_pack(client):
    return check_pack(client, outside_pack(), name="alpine-fork-1.0.0.zip")


def test_pack_upload_in_admin_preview(previous_state, broken_media, media_root):
    client, before = previous_state, (snapshot(media_root), rows())
    kind = broken_media()
    response = upload_pack(client)
    assert response.status_code == 400 and reason_text(kind) in response.content.decode()  # storing the upload: the form's error
    unchanged(media_root, *before)


def test_pack_upload_in_admin_apply(previous_state, broken_media, media_root):
    client = previous_state
    preview = upload_pack(client)
    assert job_of(preview).status == Job.SUCCEEDED
    before = (snapshot(media_root), rows())
    upload = [name for name in before[0] if name.startswith("pack-uploads/")]
    kind = broken_media()
    response = apply_pack(client, preview)
    assert job_of(response).status == Job.FAILED and reason_text(kind) in response.content.decode()
    assert rows() == before[1] and not Page.objects.filter(slug="alpine-fork").exists()
    # The stored upload is used once and removed, as after any apply; everything else is as before.
    expected = {name: sha for name, sha in before[0].items() if name not in upload}
    assert snapshot(media_root) == expected


def test_release_command(previous_state, broken_media, media_root):
    before = (snapshot(media_root), rows())
    kind = broken_media()
    with pytest.raises(CommandError) as caught:
        call_command("release_kit", "itg-t1", "1.1.0", stdout=io.StringIO())
    assert reason_text(kind) in str(caught.value)
    unchanged(media_root, *before)
    assert list(KitRelease.objects.values_list("version", flat=True)) == ["1.0.0"]


def test_release_in_admin(previous_state, broken_media, media_root, kit_t1):
    client, before = previous_state, (snapshot(media_root), rows())
    kind = broken_media()
    response = client.post("/admin/kit-releases/", {"kit": kit_t1.pk, "version": "1.1.0", "notes": ""}, follow=True)
    # The release is cut by a background job: its page says why it failed.
    assert job_of(response).status == Job.FAILED and reason_text(kind) in response.content.decode()
    unchanged(media_root, *before)


def test_wagtail_image_upload(previous_state, broken_media, media_root, administrator, client):
    client.force_login(administrator)
    before = (snapshot(media_root), rows())
    kind = broken_media()
    client.raise_request_exception = False
    response = client.post("/admin/images/add/", {"title": "A picture", "file": SimpleUploadedFile("picture.png", png(3), "image/png")})
    assert response.status_code in (200, 503), response.status_code
    assert reason_text(kind) in response.content.decode()
    assert rows() == before[1]
    after = snapshot(media_root)
    assert {name: after.get(name) for name in before[0]} == before[0]  # previous files intact
    # Wagtail's own upload view stores through Django's FileSystemStorage, which leaves the part it
    # wrote before the disk filled up (no row points at it). Our own writers remove theirs (above).
    assert set(after) - set(before[0]) <= ({"original_images/picture.png"} if kind == "full-disk" else set())
