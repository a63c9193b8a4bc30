"""The sandboxed H5P player and its files: signed expiring URLs are the only way in, every file goes
out under a sandboxing CSP with nosniff and an allowed type, and a content origin serves nothing else."""

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core import signing

from modules.h5p.signing import check_token, read_token, sign_activity
from modules.models import H5PActivity, LessonPage

from .builders import elearn_check_files, library_json
from .factories import store_activity

pytestmark = pytest.mark.django_db
CONTENT_ORIGIN = "http://elearn-h5p.example.net"


def play_url(activity, user=None):
    return f"/h5p/play/{sign_activity(activity, user)}/"


def file_url(activity, path):
    return f"/h5p/files/{sign_activity(activity)}/{path}"


def directives(response):
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split(";"))


def later(monkeypatch, seconds):
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + seconds)


# Tokens


def test_token_names_the_activity_and_is_bound_to_the_user_without_naming_them(check_activity, learner, other_learner):
    token = sign_activity(check_activity, learner)
    assert check_token(token) == check_activity.key
    grant = read_token(token)
    assert grant.is_for(check_activity, learner) and not grant.is_for(check_activity, other_learner)
    # Opaque: the readable payload is the activity key, a nonce and a keyed digest, never the user id.
    payload = signing.b64_decode(token.split(":", 1)[0].encode()).decode()
    assert set(json.loads(payload)) == {"a", "n", "b"} and '"u"' not in payload
    assert sign_activity(check_activity, learner) != token   # a fresh nonce each time: tokens are unlinkable
    assert not read_token(sign_activity(check_activity)).is_for(check_activity, learner)  # a visitor's token


def test_tampered_expired_and_foreign_tokens_are_refused(check_activity, monkeypatch):
    token = sign_activity(check_activity)
    rest = token.split(":", 1)[1]
    other = sign_activity(store_activity(elearn_check_files(content={"question": "<p>Other</p>", "answers": []})))
    with pytest.raises(signing.BadSignature):
        check_token(other.split(":", 1)[0] + ":" + rest)  # another activity's payload under this signature
    with pytest.raises(signing.BadSignature):
        check_token(signing.dumps({"a": check_activity.key.hex, "u": None}))  # signed, but not with the player's salt
    later(monkeypatch, 3601)
    with pytest.raises(signing.SignatureExpired):
        check_token(token)


# The player page


def test_player_page_loads_the_player_from_static_files_only(client, check_activity):
    response = client.get(play_url(check_activity))
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert [s.rsplit("/", 1)[-1] for s in scripts] == ["storage.js", "main.bundle.js", "player.js"]
    assert all(s.startswith("http://testserver/static/") for s in scripts)
    config = json.loads(re.search(r'<script id="h5p-config" type="application/json">(.*?)</script>', html, re.DOTALL).group(1))
    player = config["player"]
    assert player["embedType"] == "div" and player["librariesPath"] == player["h5pJsonPath"] + "/libraries"
    assert player["h5pJsonPath"].startswith("http://testserver/h5p/files/")
    assert player["xAPIObjectIRI"].endswith(f"/h5p/activities/{check_activity.key}/")
    assert config["parentOrigin"] == "http://testserver"
    assert not response.cookies and "X-Frame-Options" not in response  # framing is up to frame-ancestors


def test_player_csp_is_strict(client, check_activity):
    token = sign_activity(check_activity)
    response = client.get(f"/h5p/play/{token}/")
    csp = directives(response)
    assert csp["default-src"] == "'none'" and csp["sandbox"] == "allow-scripts"
    assert csp["frame-ancestors"] == "http://testserver"
    files = f"http://testserver/h5p/files/{token}/"
    # eval for H5P.QuestionSet's template engine (EJS); never inline script, never this site's origin.
    assert csp["script-src"].split() == ["http://testserver/static/h5p-standalone/", "http://testserver/static/h5p/", files, "'unsafe-eval'"]
    assert csp["connect-src"] == files
    assert "'unsafe-inline'" not in csp["script-src"] and "'self'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", ["/h5p/play/", "/h5p/play/not-a-token/", "/h5p/files/not-a-token/h5p.json"])
def test_missing_or_bad_tokens_are_refused(client, check_activity, url):
    assert client.get(url).status_code in (403, 404)


def test_tampered_token_is_forbidden(client, check_activity):
    token = sign_activity(check_activity)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/h5p/play/{tampered}/").status_code == 403
    assert client.get(f"/h5p/files/{tampered}/h5p.json").status_code == 403


def test_expired_token_is_forbidden(client, check_activity, monkeypatch):
    url, files = play_url(check_activity), file_url(check_activity, "h5p.json")
    later(monkeypatch, 3601)
    response = client.get(url)
    assert response.status_code == 403 and b"expired" in response.content
    assert client.get(files).status_code == 403


def test_unplayable_or_deleted_activity_is_not_found(client, check_activity):
    url = play_url(check_activity)
    H5PActivity.objects.filter(pk=check_activity.pk).update(status=H5PActivity.PENDING)
    assert client.get(url).status_code == 404
    check_activity.delete()
    assert client.get(url).status_code == 404


def test_player_and_files_answer_only_get(client, check_activity):
    assert client.post(play_url(check_activity)).status_code == 405
    assert client.post(file_url(check_activity, "h5p.json")).status_code == 405


# Files


def assert_locked_down(response):
    csp = directives(response)
    assert "sandbox" in csp and csp["default-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path, content_type", [
    ("h5p.json", "application/json"),
    ("content/content.json", "application/json"),
    ("libraries/H5P.ElearnCheck-1.0/library.json", "application/json"),
    ("libraries/H5P.ElearnCheck-1.0/elearncheck.js", "text/javascript; charset=utf-8"),
    ("libraries/H5P.ElearnCheck-1.0/elearncheck.css", "text/css; charset=utf-8"),
])
def test_player_files_are_served_with_their_type(client, check_activity, path, content_type):
    response = client.get(file_url(check_activity, path))
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert response["Access-Control-Allow-Origin"] == "*"  # the player's origin is opaque
    assert "attachment" not in response.get("Content-Disposition", "")
    assert_locked_down(response)
    assert not response.cookies


def test_files_come_from_storage(client, check_activity):
    content = json.loads(b"".join(client.get(file_url(check_activity, "content/content.json")).streaming_content))
    assert content["answers"][0]["text"] == "Civil society"


def media_activity():
    files = elearn_check_files()
    files.update({
        "content/images/helix.png": b"\x89PNG\r\n\x1a\n", "content/audio/intro.mp3": b"ID3",
        "content/notes.html": b"<script>alert(document.domain)</script>", "content/images/logo.svg": b"<svg onload='alert(1)'/>",
        "H5P.ElearnCheck-1.0/icons/check.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        "H5P.ElearnCheck-1.0/README.md": b"# notes",
    })
    return store_activity(files)


@pytest.mark.parametrize("path, content_type", [
    ("content/images/helix.png", "image/png"),
    ("content/audio/intro.mp3", "audio/mpeg"),
    ("libraries/H5P.ElearnCheck-1.0/icons/check.svg", "image/svg+xml"),
])
def test_allowed_media_types_are_inline(client, h5p_media, path, content_type):
    response = client.get(file_url(media_activity(), path))
    assert response.status_code == 200 and response["Content-Type"] == content_type
    assert_locked_down(response)


def test_folders_are_not_files(client, h5p_media):
    activity = media_activity()
    for folder in ["content/images", "libraries/H5P.ElearnCheck-1.0/icons"]:
        assert client.get(file_url(activity, folder)).status_code == 404


@pytest.mark.parametrize("path", ["content/notes.html", "content/images/logo.svg", "libraries/H5P.ElearnCheck-1.0/README.md"])
def test_other_types_are_attachments(client, h5p_media, path):
    response = client.get(file_url(media_activity(), path))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert_locked_down(response)


def test_libraries_outside_the_activitys_dependencies_are_not_found(client, check_activity):
    # Stored on this server for another activity, approved, but not a dependency of this one.
    dependency = {"machineName": "H5P.Other", "majorVersion": 1, "minorVersion": 0}
    other = elearn_check_files(library=library_json(machine_name="H5P.Other"),
                               meta={"title": "Other", "mainLibrary": "H5P.Other", "preloadedDependencies": [dependency]})
    other = {name.replace("H5P.ElearnCheck-1.0", "H5P.Other-1.0"): data for name, data in other.items()}
    store_activity(other)
    assert client.get(file_url(check_activity, "libraries/H5P.Other-1.0/library.json")).status_code == 404
    assert client.get(file_url(check_activity, "libraries/H5P.ElearnCheck-1.0/library.json")).status_code == 200


@pytest.mark.parametrize("path", [
    "content/../h5p.json", "content/%2e%2e/%2e%2e/h5p.json", "libraries/H5P.ElearnCheck-1.0/../../h5p.json",
    "content/.hidden", "content", "libraries/H5P.ElearnCheck-1.0", "semantics.json", "content/missing.png",
])
def test_paths_outside_the_activity_or_missing_are_not_found(client, check_activity, path):
    assert client.get(file_url(check_activity, path)).status_code == 404


# A separate content origin


@pytest.fixture
def content_origin(settings):
    settings.H5P_CONTENT_ORIGIN = CONTENT_ORIGIN
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "elearn-h5p.example.net"]
    settings.SITE_BASE_URL = "http://testserver"
    return CONTENT_ORIGIN


def test_content_origin_serves_the_player_and_nothing_else(client, check_activity, content_origin):
    on_content_host = {"HTTP_HOST": "elearn-h5p.example.net"}
    response = client.get(play_url(check_activity), **on_content_host)
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == "http://testserver"
    assert client.get(file_url(check_activity, "h5p.json"), **on_content_host).status_code == 200
    for page in ["/", "/my-learning/", "/admin/", "/accounts/login/", "/itg-t1/"]:
        assert client.get(page, **on_content_host).status_code == 404, page


def test_site_host_does_not_serve_the_player_when_a_content_origin_is_set(client, check_activity, content_origin):
    assert client.get(play_url(check_activity)).status_code == 404
    assert client.get(file_url(check_activity, "h5p.json")).status_code == 404
    assert client.get("/").status_code == 200


# The lesson block


@pytest.fixture
def h5p_lesson(check_activity):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    block = {"type": "h5p", "id": str(uuid.uuid4()), "value": {"activity": check_activity.pk, "intro": "Try it yourself."}}
    lesson.body = json.dumps([*lesson.body.raw_data, block])
    lesson.save_revision().publish()
    return "/itg-t1/sh-1/project-at-a-glance/"


def iframe(html):
    match = re.search(r"<iframe data-h5p-player[^>]*>", html)
    return match.group(0) if match else None


def test_lesson_embeds_the_activity_in_a_sandboxed_iframe(client, h5p_lesson, check_activity):
    html = client.get(h5p_lesson).content.decode()
    tag = iframe(html)
    assert 'sandbox="allow-scripts"' in tag and "allow-same-origin" not in tag and " allow=" not in tag
    assert 'referrerpolicy="no-referrer"' in tag and 'title="Interactive activity: Which helix' in tag
    token = re.search(r'src="/h5p/play/([^/"]+)/"', tag).group(1)
    assert check_token(token) == check_activity.key
    assert "data-xapi-url" not in tag  # anonymous visitors play, nothing is recorded
    assert "/static/h5p/lesson.js" in html and "Try it yourself." in html


def test_learners_get_a_token_of_their_own_and_the_xapi_url(learner_client, learner, h5p_lesson, check_activity):
    response = learner_client.get(h5p_lesson)
    tag = iframe(response.content.decode())
    assert f'data-xapi-url="/h5p/activities/{check_activity.key}/xapi/"' in tag
    token = re.search(r'/h5p/play/([^/"]+)/', tag).group(1)
    assert read_token(token).is_for(check_activity, learner) and f'data-xapi-token="{token}"' in tag
    assert "csrftoken" in response.cookies


def test_lesson_iframe_points_at_the_content_origin(client, h5p_lesson, content_origin):
    assert f'src="{CONTENT_ORIGIN}/h5p/play/' in iframe(client.get(h5p_lesson).content.decode())


def test_activity_waiting_for_approval_shows_a_note(client, h5p_lesson, check_activity):
    H5PActivity.objects.filter(pk=check_activity.pk).update(status=H5PActivity.PENDING)
    html = client.get(h5p_lesson).content.decode()
    assert iframe(html) is None and "is not available yet" in html


@pytest.mark.parametrize("origin", ["https://elearn-h5p.example.net/h5p", "elearn-h5p.example.net", "http://127.0.0.1:8000"])
def test_settings_refuse_a_content_origin_that_is_not_another_origin(origin):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "H5P_CONTENT_ORIGIN": origin,
           "ELEARN_BASE_URL": "http://127.0.0.1:8000"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=Path(__file__).resolve().parents[3], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0 and "H5P_CONTENT_ORIGIN must be" in result.stderr
