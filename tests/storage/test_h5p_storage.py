"""H5P on storages without local paths: an admin upload stores the package, its content and its
libraries through the storage API, and the player serves them back from there through signed URLs."""

import json

import pytest

from modules.h5p.signing import sign_activity
from modules.h5p.storage import read_package_file
from modules.models import H5PActivity, H5PLibrary
from tests.modules.h5p.builders import CHECK_JS, check_content, elearn_check, elearn_check_files
from tests.modules.h5p.factories import upload

from .content import read, walk

pytestmark = pytest.mark.django_db
LIBRARY_FILES = ["elearncheck.css", "elearncheck.js", "library.json", "semantics.json"]


def body(response):
    return b"".join(response.streaming_content)


def test_uploaded_activity_is_stored_and_played_from_storage(remote_storage, client, maintainer):
    data = elearn_check()
    client.force_login(maintainer)
    assert upload(client, data).status_code == 302
    activity = H5PActivity.objects.get()
    library = activity.libraries.get()
    assert read_package_file(activity) == data
    assert walk(remote_storage, activity.content_storage_prefix) == ["content/content.json", "h5p.json"]
    assert walk(remote_storage, library.storage_prefix) == LIBRARY_FILES

    token = sign_activity(activity, maintainer)
    assert client.get(f"/h5p/play/{token}/").status_code == 200
    served = {}
    for path in ("h5p.json", "content/content.json", "libraries/H5P.ElearnCheck-1.0/elearncheck.js"):
        response = client.get(f"/h5p/files/{token}/{path}")
        assert response.status_code == 200, path
        served[path] = body(response)
    assert served["h5p.json"] == read(remote_storage, f"{activity.content_storage_prefix}/h5p.json")
    assert json.loads(served["h5p.json"])["mainLibrary"] == "H5P.ElearnCheck"
    assert json.loads(served["content/content.json"])["answers"][0]["text"] == "Civil society"
    assert served["libraries/H5P.ElearnCheck-1.0/elearncheck.js"] == CHECK_JS.encode()


def test_a_second_package_reuses_the_stored_library_and_keeps_the_first_content(remote_storage, client, maintainer):
    client.force_login(maintainer)
    assert upload(client, elearn_check()).status_code == 302
    first = H5PActivity.objects.get()
    first_content = read(remote_storage, f"{first.content_storage_prefix}/content/content.json")
    library_prefix = H5PLibrary.objects.get().storage_prefix
    before = {name: read(remote_storage, f"{library_prefix}/{name}") for name in LIBRARY_FILES}

    other = elearn_check(content=check_content(question="<p>Which region leads the cluster?</p>"))
    assert upload(client, other, name="region.h5p").status_code == 302
    second = H5PActivity.objects.exclude(pk=first.pk).get()
    assert H5PLibrary.objects.count() == 1 and second.content_storage_prefix != first.content_storage_prefix
    # Same content-addressed names: nothing renamed, nothing written twice, the first activity intact.
    assert walk(remote_storage, "h5p/libraries") == [f"{library_prefix.rsplit('/', 1)[1]}/{name}" for name in LIBRARY_FILES]
    assert {name: read(remote_storage, f"{library_prefix}/{name}") for name in LIBRARY_FILES} == before
    assert read(remote_storage, f"{first.content_storage_prefix}/content/content.json") == first_content
    assert read_package_file(second) == other


def test_a_file_missing_from_storage_is_a_404_not_an_error(remote_storage, client, maintainer):
    client.force_login(maintainer)
    assert upload(client, elearn_check()).status_code == 302
    activity = H5PActivity.objects.get()
    remote_storage.delete(f"{activity.content_storage_prefix}/content/content.json")
    token = sign_activity(activity)
    for path in ("content/content.json", "content", "libraries/H5P.ElearnCheck-1.0", "libraries/H5P.ElearnCheck-1.0/missing.js"):
        response = client.get(f"/h5p/files/{token}/{path}")
        assert response.status_code == 404 and response.content == b"Not found.", path
    assert client.get(f"/h5p/files/{token}/h5p.json").status_code == 200


def test_a_refused_package_leaves_nothing_in_storage(remote_storage, client, maintainer):
    client.force_login(maintainer)
    files = elearn_check_files()
    del files["content/content.json"]
    from tests.modules.h5p.builders import zip_files

    response = upload(client, zip_files(files))
    assert response.status_code == 200 and "refused" in response.content.decode()
    assert walk(remote_storage, "h5p") == [] and not H5PActivity.objects.exists()
