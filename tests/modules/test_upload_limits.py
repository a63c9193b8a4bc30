"""Every upload has a size limit with a clear message, and an upload over it stores nothing: H5P
activities, pack imports, images and documents in the admin."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from modules.models import H5PActivity, ImportedKit
from tests.factories import stored_files
from tests.modules.h5p.builders import elearn_check

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def png(size=(400, 300)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (40, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def admin_client(client, maintainer):
    client.force_login(maintainer)
    return client


def test_h5p_upload_over_the_limit_is_refused(admin_client, settings, media_root):
    package = elearn_check()
    settings.H5P_MAX_PACKAGE_BYTES = len(package) - 1
    response = admin_client.post("/admin/snippets/modules/h5pactivity/add/", {
        "title": "", "licence": "", "authors": "", "required_score": 100,
        "package": SimpleUploadedFile("check.h5p", package, "application/zip")})
    assert response.status_code == 200
    assert f"The file is larger than the {len(package) - 1} bytes allowed." in response.content.decode()
    assert not H5PActivity.objects.exists() and stored_files(media_root) == []


def test_pack_upload_over_the_limit_is_refused(admin_client, settings, media_root):
    settings.ELEARN_PACK_MAX_BYTES = 1000
    response = admin_client.post("/admin/kit-packs/import/", {"pack": SimpleUploadedFile("itg-t1.zip", b"PK" + b"\0" * 2000, "application/zip")})
    assert response.status_code in (200, 400)
    assert "The file is larger than the 1000 bytes allowed." in response.content.decode()
    assert not ImportedKit.objects.exists() and stored_files(media_root) == []


def test_image_upload_over_the_limit_is_refused(admin_client, settings, media_root):
    data = png()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(data) - 1
    before = get_image_model().objects.count()
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("alps.png", data, "image/png")})
    body = response.json()
    assert body["success"] is False and "This file is too big" in body["error_message"]
    assert get_image_model().objects.count() == before and stored_files(media_root) == []


def test_image_upload_under_the_limit_is_stored(admin_client, media_root):
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("alps.png", png(), "image/png")})
    assert response.json()["success"] is True
    assert [name.rsplit("/", 1)[-1] for name in stored_files(media_root)] == ["alps.png"]


def test_document_upload_over_the_limit_is_refused(admin_client, settings, media_root):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    before = get_document_model().objects.count()
    response = admin_client.post("/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n" + b"x" * 500, "application/pdf")})
    body = response.json()
    assert body["success"] is False and "This file is too big" in body["error_message"]
    assert get_document_model().objects.count() == before and stored_files(media_root) == []


def test_learners_cannot_upload_at_all(client, learner, media_root):
    client.force_login(learner)
    response = client.post("/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("alps.png", png(), "image/png")})
    assert response.status_code in (302, 403)
    assert stored_files(media_root) == []
