"""Maintainers release everything one upload brought in with one click; the listing's queries do not
grow with the number of libraries or waiting activities."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.models import H5PActivity, H5PLibrary

from .builders import elearn_check_files, h5p_json, library_json, zip_files
from .factories import upload, uploaded_by
from .builders import MAIN_DEP, helper_library

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
URL = "/admin/h5p-libraries/"
HELPER = {"machineName": "H5P.Helper", "majorVersion": 1, "minorVersion": 0}


def with_helper(title="Helix check with a helper"):
    files = elearn_check_files(meta=h5p_json(title=title, preloadedDependencies=[MAIN_DEP, HELPER]),
                               library=library_json(preloadedDependencies=[HELPER]))
    files.update(helper_library("H5P.Helper"))
    return zip_files(files)


@pytest.fixture
def waiting_activity(client, trainer):
    activity = uploaded_by(client, trainer, with_helper())
    assert activity.status == H5PActivity.PENDING and activity.libraries.filter(approved=False).count() == 2
    return activity


def test_maintainer_sees_what_each_activity_waits_for(client, maintainer, waiting_activity):
    client.force_login(maintainer)
    page = client.get(URL).content.decode()
    assert "Activities waiting for approval" in page and "Helix check with a helper" in page
    assert "H5P.ElearnCheck 1.0.0" in page and "H5P.Helper 1.0.0" in page
    assert "Approve its 2 content types" in page


def test_one_click_approves_all_the_activitys_libraries_and_releases_it(client, maintainer, waiting_activity):
    client.force_login(maintainer)
    response = client.post(URL, {"activity": waiting_activity.pk}, follow=True)
    assert "2 content types of “Helix check with a helper” approved. 1 activity can now be played." in response.content.decode()
    assert not H5PLibrary.objects.filter(approved=False).exists()
    assert set(H5PLibrary.objects.values_list("approved_by", flat=True)) == {maintainer.pk}
    assert H5PActivity.objects.get().is_playable


def test_trainers_cannot_approve(client, trainer, waiting_activity):
    client.force_login(trainer)
    assert client.post(URL, {"activity": waiting_activity.pk}).status_code in (302, 403)  # Wagtail: back to the dashboard
    assert H5PLibrary.objects.filter(approved=False).count() == 2
    assert "Approve its" not in client.get(URL).content.decode()


def test_ready_or_unknown_activities_are_not_found(client, maintainer, waiting_activity):
    client.force_login(maintainer)
    H5PActivity.objects.filter(pk=waiting_activity.pk).update(status=H5PActivity.READY)
    assert client.post(URL, {"activity": waiting_activity.pk}).status_code == 404
    assert client.post(URL, {"activity": 999999}).status_code == 404
    assert H5PLibrary.objects.filter(approved=False).count() == 2


def test_listing_queries_do_not_grow_with_libraries_and_activities(client, trainer, maintainer):
    def queries():
        client.force_login(maintainer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    client.force_login(trainer)
    upload(client, with_helper("First"))
    few = queries()
    client.force_login(trainer)
    for index, name in enumerate(["H5P.Extra", "H5P.More", "H5P.Other"]):
        dep = {"machineName": name, "majorVersion": 1, "minorVersion": 0}
        files = elearn_check_files(meta=h5p_json(title=f"Variant {index}", preloadedDependencies=[MAIN_DEP, dep]),
                                   library=library_json(preloadedDependencies=[dep]), content=None)
        files["content/content.json"] = json.dumps({"question": f"<p>Variant {index}</p>", "answers": [{"text": "Yes", "correct": True}],
                                                    "checkLabel": "Check"}).encode()
        files.update(helper_library(name))
        assert upload(client, zip_files(files)).status_code == 302
    # Each variant's ElearnCheck differs in its dependencies, so it is a library of its own (content hash).
    assert H5PActivity.objects.count() == 4 and H5PLibrary.objects.count() == 8
    assert queries() == few
