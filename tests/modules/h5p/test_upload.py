"""Uploading H5P activities in the admin: stored once, libraries shared, new libraries approved by
a maintainer, hostile packages refused with nothing stored, replacement keeps the activity's id."""

import json

import pytest

from modules.models import H5PActivity, H5PLibrary
from tests.factories import stored_files

from .builders import check_content, elearn_check, elearn_check_files, zip_files
from .factories import upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
def test_maintainer_upload_is_ready_to_play(client, maintainer, media_root):
    client.force_login(maintainer)
    response = upload(client, elearn_check())
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = H5PActivity.objects.get()
    assert activity.title == "Which helix does the quadruple helix add?" and activity.is_playable
    assert activity.main_library == "H5P.ElearnCheck 1.0" and activity.licence == "CC BY 4.0"
    assert activity.authors == "S3-4AlpClusters training team"
    library = H5PLibrary.objects.get()
    assert library.approved and library.folder_name == "H5P.ElearnCheck-1.0"
    assert any(name.endswith("elearncheck.js") for name in stored_files(media_root))


def test_trainer_upload_needing_a_new_library_waits_for_a_maintainer(client, trainer, maintainer):
    client.force_login(trainer)
    response = upload(client, elearn_check())
    assert response.status_code == 302
    activity = H5PActivity.objects.get()
    assert activity.status == H5PActivity.PENDING and "H5P.ElearnCheck 1.0.0" in activity.status_message
    notice = client.get(response["Location"]).content.decode()
    assert "It uses content types this site does not run yet (H5P.ElearnCheck 1.0.0)" in notice
    assert "once a maintainer approves them" in notice
    library = H5PLibrary.objects.get()
    assert client.post("/admin/h5p-libraries/", {"id": library.pk}).status_code in (302, 403)
    assert not H5PLibrary.objects.get().approved
    client.force_login(maintainer)
    assert client.post("/admin/h5p-libraries/", {"id": library.pk}).status_code == 302
    assert H5PActivity.objects.get().is_playable


def test_identical_upload_is_stored_once(client, maintainer, media_root):
    client.force_login(maintainer)
    upload(client, elearn_check())
    before = stored_files(media_root)
    response = upload(client, elearn_check())
    assert response.status_code == 200 and "already in the library" in response.content.decode()
    assert H5PActivity.objects.count() == 1 and stored_files(media_root) == before


def test_libraries_are_shared_between_activities(client, maintainer):
    client.force_login(maintainer)
    upload(client, elearn_check())
    other = elearn_check(content=check_content(question="<p>Who leads the EDP?</p>"))
    assert upload(client, other, name="edp.h5p").status_code == 302
    assert H5PActivity.objects.count() == 2 and H5PLibrary.objects.count() == 1
    assert all(a.libraries.get() == H5PLibrary.objects.get() for a in H5PActivity.objects.all())


@pytest.mark.parametrize("breakage", ["traversal", "php", "no_h5p_json", "bad_json"])
def test_hostile_package_is_refused_in_the_form_and_nothing_is_stored(client, maintainer, media_root, breakage):
    files = elearn_check_files()
    if breakage == "traversal":
        files["../../evil.js"] = b"alert(1)"
    elif breakage == "php":
        files["content/shell.php"] = b"<?php system($_GET['c']);"
    elif breakage == "no_h5p_json":
        del files["h5p.json"]
    else:
        files["h5p.json"] = b"{not json"
    client.force_login(maintainer)
    response = upload(client, zip_files(files))
    assert response.status_code == 200 and "The package was refused" in response.content.decode()
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists() and stored_files(media_root) == []


def test_replacing_the_package_keeps_the_activity_id(client, maintainer):
    client.force_login(maintainer)
    upload(client, elearn_check())
    activity = H5PActivity.objects.get()
    newer = elearn_check(content=check_content(question="<p>Which helix did Carayannis and Campbell add?</p>"))
    edit_url = f"/admin/snippets/modules/h5pactivity/edit/{activity.pk}/"
    response = upload(client, newer, url=edit_url, title=activity.title, required_score=80)
    assert response.status_code == 302, response.content.decode()[:2000]
    replaced = H5PActivity.objects.get()
    assert replaced.key == activity.key and replaced.required_score == 80
    assert "Carayannis" in json.dumps(replaced.content_json) and replaced.package_sha256 != activity.package_sha256


def test_content_html_is_sanitised_on_upload(client, maintainer):
    client.force_login(maintainer)
    hostile = check_content(question='<p>Quadruple <strong>helix</strong><script>steal()</script><img src=x onerror="alert(1)"></p>')
    upload(client, elearn_check(content=hostile))
    question = H5PActivity.objects.get().content_json["question"]
    assert "<script" not in question and "onerror" not in question and "<strong>helix</strong>" in question


def test_learners_cannot_reach_the_upload(client, learner):
    client.force_login(learner)
    assert upload(client, elearn_check()).status_code == 302
    assert not H5PActivity.objects.exists()
