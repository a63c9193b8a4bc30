"""LTI launches inside the platform's frame (modules/lti/framing.py): who may frame which page, the
cookies of a framed session, the cookie check at login, CSRF on the framed quiz."""

import pytest
from django.test import Client

from modules.lti.framing import COOKIE_CHECK, FRAME_SESSION
from modules.lti.models import LtiScore
from tests.factories import make_user
from tests.modules.helpers import right_answers

from .platform import Login

FRAMED = {"HTTP_SEC_FETCH_DEST": "iframe"}


def sh1(kit):
    return next(m for m in kit.live_modules() if m.slug.startswith("sh-1"))


def custom(kit, module):
    return {"kit": str(kit.translation_key), "module": str(module.translation_key), "lang": "en"}


def framed_launch(platform, client, kit, origin=None, claims=None, headers=FRAMED):
    path, form = platform.id_token_form(client, custom=custom(kit, sh1(kit)), claims=claims)
    return client.post(path, form, HTTP_ORIGIN=origin or platform.issuer, **headers)


def login_start(platform):
    """The address of the OIDC login the platform's page opens (in the frame, here)."""
    login = Login(None, platform.conf())
    login.set_lti_message_hint(user="platform-user-1")
    return login.initiate_login("platform-user-1").replace("http://testserver", "")


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("frame-ancestors"))


def refuses_frames(response):
    return response.get("X-Frame-Options") == "DENY" and frame_ancestors(response) == "frame-ancestors 'none'"


def test_framed_launch_lets_only_the_platform_frame_the_module_and_its_quiz(registered, client, kit_t1, sh1_quiz):
    response = framed_launch(registered, client, kit_t1)
    assert response.status_code == 302
    module_page = client.get(response["Location"])
    assert module_page.status_code == 200
    assert frame_ancestors(module_page) == f"frame-ancestors {registered.issuer}"
    assert "X-Frame-Options" not in module_page
    started = client.post(f"/learn/quizzes/{sh1_quiz.translation_key}/start/")
    attempt_page = client.get(started["Location"])
    assert frame_ancestors(attempt_page) == f"frame-ancestors {registered.issuer}"
    result = client.post(started["Location"], right_answers(sh1_quiz), follow=True)
    assert result.status_code == 200 and frame_ancestors(result) == f"frame-ancestors {registered.issuer}"
    assert LtiScore.objects.count() == 1


def test_framed_session_keeps_every_other_page_unframeable(registered, client, kit_t1):
    framed_launch(registered, client, kit_t1)
    for path in ("/en/", "/en/my-learning/", "/en/accounts/profile/"):
        response = client.get(path, follow=True)
        assert refuses_frames(response), path


def test_framed_session_cookies_are_samesite_none_secure_partitioned(registered, client, kit_t1):
    response = framed_launch(registered, client, kit_t1)
    cookie = response.cookies["sessionid"].output()
    assert "SameSite=None; Partitioned" in cookie and "Secure" in cookie and "HttpOnly" in cookie
    page = client.get(response["Location"])
    csrf = page.cookies.get("csrftoken")
    if csrf is not None:  # set when the page carries a form
        assert "SameSite=None; Partitioned" in csrf.output() and "Secure" in csrf.output()


def test_launch_in_a_window_stays_unframeable_with_lax_cookies(registered, client, kit_t1):
    response = framed_launch(registered, client, kit_t1, headers={"HTTP_SEC_FETCH_DEST": "document"})
    assert FRAME_SESSION not in client.session
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert refuses_frames(client.get(response["Location"]))


def test_old_browser_follows_the_document_target_claim(registered, client, kit_t1):
    presentation = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"document_target": "iframe"}}
    response = framed_launch(registered, client, kit_t1, claims=presentation, headers={})
    assert frame_ancestors(client.get(response["Location"])) == f"frame-ancestors {registered.issuer}"


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:1", "javascript:alert(1)"])
def test_framed_launch_posted_from_a_stranger_is_never_frameable(registered, client, kit_t1, origin):
    response = framed_launch(registered, client, kit_t1, origin=origin)
    assert response.status_code == 302  # the launch itself is valid: it just opens unframed
    assert FRAME_SESSION not in client.session
    assert refuses_frames(client.get(response["Location"]))


def test_return_url_signed_by_the_platform_names_its_framing_host(registered, client, kit_t1):
    """Canvas: the course page (and the launch form) are on the school's host, not the issuer's."""
    claims = {"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"return_url": "https://school.example.edu/courses/1"}}
    response = framed_launch(registered, client, kit_t1, origin="https://school.example.edu", claims=claims)
    assert frame_ancestors(client.get(response["Location"])) == "frame-ancestors https://school.example.edu"


def test_frame_ancestors_is_never_wider_than_the_launching_platform(registered, client, kit_t1):
    response = framed_launch(registered, client, kit_t1)
    policy = frame_ancestors(client.get(response["Location"]))
    assert policy.split() == ["frame-ancestors", registered.issuer]
    assert "*" not in policy and "'self'" not in policy


def test_session_without_lti_launch_is_never_frameable(client, kit_t1):
    client.force_login(make_user("plain-learner"))
    module = sh1(kit_t1)
    assert refuses_frames(client.get(kit_t1.url + module.slug + "/", **FRAMED))
    assert refuses_frames(Client().get(kit_t1.url + module.slug + "/", **FRAMED))


def test_framed_quiz_submission_still_needs_the_csrf_token(registered, kit_t1, sh1_quiz):
    browser = Client(enforce_csrf_checks=True)
    framed_launch(registered, browser, kit_t1)
    module_page = browser.get(kit_t1.url + sh1(kit_t1).slug + "/")
    assert module_page.status_code == 200
    refused = browser.post(f"/learn/quizzes/{sh1_quiz.translation_key}/start/", HTTP_ORIGIN="http://testserver")
    assert refused.status_code == 403
    token = browser.cookies["csrftoken"].value
    started = browser.post(f"/learn/quizzes/{sh1_quiz.translation_key}/start/", {"csrfmiddlewaretoken": token})
    assert started.status_code == 302
    refused = browser.post(started["Location"], right_answers(sh1_quiz))
    assert refused.status_code == 403 and not LtiScore.objects.exists()


def test_framed_login_checks_cookies_and_offers_a_new_window(registered, client):
    start = login_start(registered)
    response = client.get(start, **FRAMED)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Open in a new window" in body and "new_window=1" in body
    assert registered.url("/auth") in body.replace("&amp;", "&")
    # Every other page refuses to be framed, so the header's links open a window of their own; only
    # "Continue here" (no script) stays in the frame.
    assert '<base target="_blank">' in body and 'target="_self">Continue here' in body
    check = response.cookies[COOKIE_CHECK].output()
    assert "SameSite=None; Partitioned" in check and "Secure" in check
    state = next(m for name, m in response.cookies.items() if name.startswith("lti1p3-state"))
    assert "SameSite=None; Partitioned" in state.output()
    assert frame_ancestors(response).split()[1:] == [registered.issuer]
    again = client.get(start + "&new_window=1", **FRAMED)
    assert again.status_code == 302 and again["Location"].startswith(registered.url("/auth"))


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "sl"])
def test_cookie_check_page_speaks_the_learners_language(registered, client, language):
    start = login_start(registered)
    client.cookies["django_language"] = language
    body = client.get(start, **FRAMED).content.decode()
    if language != "en":
        assert "Open in a new window" not in body
    assert f'lang="{language}"' in body
