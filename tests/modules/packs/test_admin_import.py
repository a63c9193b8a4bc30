"""Importing a pack in the admin: upload, preview without writing, apply; permissions; bad files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from modules.models import ImportedKit, KitPage

from .pack_zip import pack_zip
from .pack_zip import renumber

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def outside_zip(manifest_t2):
    manifest = renumber(manifest_t2, slug="from-upstream")
    manifest["modules"] = manifest["modules"][2:3]
    return pack_zip(manifest)


def upload(client, data, name="from-upstream-1.0.0.zip"):
    return client.post("/admin/kit-packs/import/", {"pack": SimpleUploadedFile(name, data, "application/zip")})


def leftovers(media_root):
    folder = media_root / "pack-uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_maintainer_previews_then_applies(client, maintainer, outside_zip, media_root):
    client.force_login(maintainer)
    preview = upload(client, outside_zip)
    html = preview.content.decode()
    assert preview.status_code == 200 and "What importing from-upstream-1.0.0.zip will change" in html
    assert "New (" in html and not KitPage.objects.filter(slug="from-upstream").exists()
    token = preview.context["token"]
    applied = client.post("/admin/kit-packs/import/", {"token": token})
    assert applied.status_code == 200 and "New and updated pages are drafts" in applied.content.decode()
    kit = KitPage.objects.get(slug="from-upstream")
    assert not kit.live and ImportedKit.objects.get(kit=kit).source == "from-upstream-1.0.0.zip"
    assert leftovers(media_root) == []
    assert client.post("/admin/kit-packs/import/", {"token": token}).status_code == 302  # used once only


def test_hostile_upload_is_refused_with_its_reason_and_leaves_nothing(client, maintainer, outside_zip, media_root):
    client.force_login(maintainer)
    response = upload(client, outside_zip[:200])
    assert response.status_code == 400 and "not a readable zip" in response.content.decode()
    assert leftovers(media_root) == [] and not KitPage.objects.filter(slug="from-upstream").exists()
    assert upload(client, b"text", name="notes.txt").status_code == 400


def test_only_maintainers_import(client, trainer, learner, outside_zip):
    for user in (learner, trainer):
        client.force_login(user)
        assert upload(client, outside_zip).status_code in (302, 403)
    assert not KitPage.objects.filter(slug="from-upstream").exists()


def test_pin_toggle_in_admin(client, maintainer, outside_zip):
    client.force_login(maintainer)
    client.post("/admin/kit-packs/import/", {"token": upload(client, outside_zip).context["token"]})
    imported = ImportedKit.objects.get()
    assert client.post("/admin/kit-packs/imported/", {"id": imported.pk, "pinned": "1"}).status_code == 302
    imported.refresh_from_db()
    assert imported.pinned
    assert "Pinned to 1.0.0" in client.get("/admin/kit-packs/imported/").content.decode()


def test_previews_nobody_confirmed_are_swept_once_their_session_has_expired(client, maintainer, outside_zip, media_root, settings):
    import os
    import time

    client.force_login(maintainer)
    assert upload(client, outside_zip).status_code == 200
    [abandoned] = leftovers(media_root)
    assert upload(client, outside_zip).status_code == 200
    assert abandoned in leftovers(media_root)  # still within a session's lifetime: kept
    past = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(abandoned, (past, past))
    assert upload(client, outside_zip).status_code == 200
    remaining = leftovers(media_root)
    assert abandoned not in remaining and len(remaining) == 2
