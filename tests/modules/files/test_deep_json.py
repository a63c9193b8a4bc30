"""Issue 11.4: deeply nested JSON from outside answers a clear refusal (400 / a pack error), never a
RecursionError and a 500. Every untrusted JSON goes through modules/files/json.py."""

import uuid
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from modules.models import H5PActivity, H5PResult

pytestmark = pytest.mark.django_db

DEPTH = 20_000
NESTED = "[" * DEPTH + "]" * DEPTH  # 40 KB


def deep_manifest_zip():
    manifest = '{"format": "elearn-pack", "format_version": 1, "files": [], "modules": ' + NESTED + "}"
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # stored: no zip-bomb ratio to trip first
        archive.writestr("manifest.json", manifest)
    return buffer.getvalue()


def test_deep_xapi_statement_is_a_400_not_a_500(learner_client):
    sha = uuid.uuid4().hex * 2
    activity = H5PActivity.objects.create(
        title="Deep", main_library="H5P.MultiChoice 1.16", package_sha256=sha, package_storage_name=f"h5p/{sha}.h5p",
        content_storage_prefix=f"h5p/content/{sha}/", h5p_json={"mainLibrary": "H5P.MultiChoice"},
        content_json={"answers": []}, status=H5PActivity.READY)
    body = '{"statement": ' + NESTED + "}"
    assert len(body) < 64 * 1024
    response = learner_client.post(f"/h5p/activities/{activity.key}/xapi/", data=body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "nested" in response.json()["error"]
    assert not H5PResult.objects.exists()


def test_deep_pack_manifest_is_a_clear_pack_error_from_import_pack(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "deep.zip"
    path.write_bytes(deep_manifest_zip())
    with pytest.raises(CommandError, match="nested"):
        call_command("import_pack", str(path))
    assert not (tmp_path / "media").exists() or not any(p.is_file() for p in (tmp_path / "media").rglob("*"))


def test_deep_pack_manifest_is_a_clear_refusal_in_the_admin(client, maintainer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(maintainer)
    upload = SimpleUploadedFile("deep.zip", deep_manifest_zip(), "application/zip")
    response = client.post("/admin/kit-packs/import/", {"pack": upload}, follow=True)
    # The check runs as a background job; its page gives the reason.
    assert response.context["job"].status == "failed" and "nested" in response.content.decode()
