"""A domain error a view lets through is answered in one place (elearn/site/errors.py): a page with
the error's status and message, in the site's or the admin's look, or JSON for a script."""

import json

import pytest
from django.urls import path

from elearn import urls as site_urls
from modules.errors import ElearnError
from modules.library.actions import LibraryActionError
from modules.packs.errors import PackContentError

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def refuse_pack(request):
    raise PackContentError("The quiz has no questions.", entry="modules/sh-1/quiz.yaml")


def conflict(request):
    raise LibraryActionError("“ITG T2” already contains “SH-1”.", status=409)


def missing(request):
    raise ElearnError("No such release.", status=404)


def broken(request):
    raise RuntimeError("not a domain error")


# The site's URLs behind three views that fail, so the whole middleware stack answers.
urlpatterns = [
    path("admin/test-errors/conflict/", conflict),
    path("test-errors/pack/", refuse_pack),
    path("api/test-errors/pack/", refuse_pack),
    path("test-errors/missing/", missing),
    path("test-errors/broken/", broken),
    *site_urls.urlpatterns,
]


def test_an_error_on_a_page_is_a_page_with_its_status_and_message(client):
    response = client.get("/test-errors/pack/")
    html = response.content.decode()
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    assert "modules/sh-1/quiz.yaml: The quiz has no questions." in html
    assert "Something went wrong" in html and 'class="site-footer"' in html  # the site's own page
    assert response.headers["Content-Security-Policy"]  # still through the response middleware


def test_a_script_gets_json_with_the_status_and_message(client):
    response = client.get("/test-errors/pack/", headers={"Accept": "application/json"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"error": "modules/sh-1/quiz.yaml: The quiz has no questions."}
    response = client.post("/test-errors/pack/", data="{}", content_type="application/json")
    assert response.status_code == 400 and "error" in response.json()
    assert client.get("/api/test-errors/pack/").json()["error"].endswith("The quiz has no questions.")


def test_an_error_in_the_admin_keeps_the_admin_look_and_the_error_status(client, trainer):
    client.force_login(trainer)
    response = client.get("/admin/test-errors/conflict/")
    html = response.content.decode()
    assert response.status_code == 409 and "already contains" in html and "Something went wrong" in html
    assert 'class="site-footer"' not in html and "wagtail" in html.lower()


def test_other_exceptions_are_not_swallowed(client):
    with pytest.raises(RuntimeError):
        client.get("/test-errors/broken/")


def test_a_missing_thing_is_headed_as_such(client, settings):
    response = client.get("/test-errors/missing/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()
    assert "No such release." in response.content.decode()


def test_every_domain_base_carries_a_status_and_a_message():
    from elearn.backup.errors import BackupError
    from modules.h5p.types import H5PError
    from modules.h5p.xapi import ActivityNotFound, XAPIError
    from modules.models.releases import ImmutableError
    from modules.packs.errors import PackError

    for base in (PackError, H5PError, XAPIError, ImmutableError, LibraryActionError, BackupError):
        assert issubclass(base, ElearnError)
        error = base("Refused.")
        assert error.status == 400 and error.message == "Refused." and str(error) == "Refused."
    assert ActivityNotFound("No such activity.").status == 404
    assert LibraryActionError("Locked.", status=409).status == 409
