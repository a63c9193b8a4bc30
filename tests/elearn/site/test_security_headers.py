"""Response hardening: the site's Content-Security-Policy and security headers, production transport
security (HSTS, secure cookies, HTTPS redirect) with the values production.py really sets, and the
request-size cap in front of every upload."""

import base64
import hashlib
import importlib
import re

import pytest
from django.test import override_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION_KEYS = [
    "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "DEBUG",
]


def directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture
def production():
    """The transport settings exactly as elearn/settings/production.py computes them."""
    module = importlib.import_module("elearn.settings.production")
    with override_settings(**{key: getattr(module, key) for key in PRODUCTION_KEYS}):
        yield module


@pytest.mark.parametrize("path", ["/", "/itg-t1/", "/itg-t1/sh-1/", "/accounts/login/", "/packs/"])
def test_public_pages_carry_the_strict_site_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"] and csp["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_pages_need_no_inline_script_or_style(learner_client):
    """A strict policy only holds if our own templates obey it: no inline handlers or style attributes."""
    for path in ["/", "/itg-t1/", "/itg-t1/sh-1/", "/my-learning/", "/accounts/profile/"]:
        html = learner_client.get(path, follow=True).content.decode()
        for forbidden in (" onclick=", " onload=", " onsubmit=", " style=\"", "<script>"):
            assert forbidden not in html, f"{forbidden.strip()} in {path}"


def test_the_admin_gets_its_own_policy_scripts_still_only_from_this_site(client, maintainer):
    client.force_login(maintainer)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" in csp["style-src"]  # Wagtail's editor positions panels with inline styles
    assert csp["frame-ancestors"] == ["'self'"]  # Wagtail previews pages in frames of this site


def test_transport_security_in_production(client, production):
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/accounts/login/"
    response = client.get("/accounts/login/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_session_cookie_is_secure_and_http_only_in_production(client, production, learner):
    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_proxy_header_marks_requests_secure_only_from_the_proxy(client, production):
    """Behind the TLS proxy, X-Forwarded-Proto: https means the request was secure: no redirect loop."""
    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200 and "Strict-Transport-Security" in response


@override_settings(ELEARN_MAX_REQUEST_BYTES=50_000)
def test_oversized_bodies_are_refused_before_they_are_read(client, maintainer):
    client.force_login(maintainer)
    big = b"x" * 60_000
    response = client.post("/admin/images/multiple/add/", {"files[]": big}, format="multipart")
    assert response.status_code == 413
    assert "too large" in response.content.decode()


@override_settings(ELEARN_MAX_REQUEST_BYTES=50_000)
def test_bodies_under_the_cap_reach_the_view(client, learner):
    response = client.post("/accounts/login/", {"login": learner.email, "password": "x" * 100})
    assert response.status_code == 200  # the login form, with its error: the request got through


def test_the_cap_covers_every_upload_limit(settings):
    assert settings.ELEARN_MAX_REQUEST_BYTES > max(
        settings.ELEARN_PACK_MAX_BYTES, settings.H5P_MAX_PACKAGE_BYTES,
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
    )


def test_admin_allows_exactly_wagtails_date_widget_initialisers(client, maintainer):
    from modules.models import LessonPage

    client.force_login(maintainer)
    lesson = LessonPage.objects.live().first()
    response = client.get(f"/admin/pages/{lesson.pk}/edit/")
    sources = directives(response)["script-src"]
    html = response.content.decode()
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert inline and all(script.startswith("initDateTimeChooser(") for script in inline)
    expected = {"'sha256-%s'" % base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() for script in inline}
    assert sources[0] == "'self'" and set(sources[1:]) == expected


@pytest.mark.parametrize("script", [
    "alert(document.cookie)",
    'initDateTimeChooser("id_go_live_at", {});alert(1)',
    'initDateTimeChooser("id_x", {"a": 1}); fetch("/admin/")',
    'initDateChooser("id_x" + alert(1), {})',
])
def test_no_other_inline_script_gets_a_hash(script):
    from django.http import HttpResponse

    from elearn.site.security import wagtail_init_hashes

    assert wagtail_init_hashes(HttpResponse(f"<html><script>{script}</script></html>")) == []
