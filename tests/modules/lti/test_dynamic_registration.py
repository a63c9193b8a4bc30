"""LTI Dynamic Registration against the platform of tests/modules/lti/platform.py (its OpenID
configuration and registration endpoint follow the spec's JSON; lti1p3platform has no DR): a
maintainer's one-time link, the exchange, the stored registration, and every refusal."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiRegistration

from modules.lti.models import LtiPlatform, LtiRegistrationLink
from modules.lti.registration import registration_url

from .platform import TOOL_CONFIGURATION


@pytest.fixture
def link(maintainer):
    return LtiRegistrationLink.objects.create(name="Moodle Lombardia", created_by=maintainer)


def register(platform, client, link):
    return client.get(platform.registration_start(registration_url(link)))


def assert_nothing_stored(link):
    assert not LtiRegistration.objects.exists() and not LtiDeployment.objects.exists()
    link.refresh_from_db()
    assert link.used_at is None and link.platform is None


def test_platform_registers_itself_and_waits_for_a_maintainer(platform, client, link):
    response = register(platform, client, link)

    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    assert "data-lti-registration-done" in page and "waits for a maintainer" in page
    assert f"frame-ancestors {platform.issuer}" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    record = LtiPlatform.objects.get()
    assert (record.name, record.issuer, record.client_id, record.is_active) == ("Moodle Lombardia", platform.issuer, "elearn-tool", False)
    assert (record.auth_url, record.token_url, record.keyset_url) == (platform.url("/auth"), platform.url("/token"), platform.url("/jwks"))
    assert list(LtiDeployment.objects.filter(registration=record).values_list("deployment_id", flat=True)) == ["course-deployment-1"]
    link.refresh_from_db()
    assert link.used_at is not None and link.platform_id == record.pk

    tool = platform.registered_tool
    assert tool["initiate_login_uri"].endswith(f"/lti/login/{record.uuid}/")
    assert tool["redirect_uris"] == [tool[TOOL_CONFIGURATION]["target_link_uri"]] and tool["redirect_uris"][0].endswith("/lti/launch/")
    assert tool["jwks_uri"].endswith("/lti/jwks/") and tool["token_endpoint_auth_method"] == "private_key_jwt"
    assert set(tool["scope"].split()) == {
        "https://purl.imsglobal.org/spec/lti-ags/scope/score", "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    }  # result.readonly is not offered by this platform, so not asked for
    assert {m["type"] for m in tool[TOOL_CONFIGURATION]["messages"]} == {"LtiResourceLinkRequest", "LtiDeepLinkingRequest"}
    assert {"sub", "name", "given_name", "family_name"} <= set(tool[TOOL_CONFIGURATION]["claims"])


def test_a_registered_platform_launches_once_a_maintainer_activates_it(platform, client, link):
    register(platform, client, link)
    record = LtiPlatform.objects.get()
    platform.refresh_tool_keys(client)
    refused = platform.login_and_authorize(client, "platform-user-1")
    assert refused.status_code == 403 and "was refused" in refused.content.decode()

    LtiPlatform.objects.filter(pk=record.pk).update(is_active=True)
    response = platform.launch(client)
    assert response.status_code == 302 and response["Location"] == "/my-learning/"


def test_a_link_made_to_activate_at_once_gives_an_active_platform(platform, client, maintainer):
    link = LtiRegistrationLink.objects.create(name="Canvas", activate_at_once=True)
    response = register(platform, client, link)
    assert "can now launch" in response.content.decode()
    assert LtiPlatform.objects.get().is_active


def test_a_link_works_once(platform, client, link):
    register(platform, client, link)
    again = register(platform, client, link)
    assert again.status_code == 403 and "already used" in again.content.decode()
    assert LtiRegistration.objects.count() == 1


@pytest.mark.parametrize("token", ["unknown-token", ""])
def test_unknown_link_is_refused(platform, client, link, token):
    response = client.get(platform.registration_start(f"/lti/register/{token or 'x'}/"))
    assert response.status_code == 403 and "registration link is unknown" in response.content.decode()
    assert platform.registered_tool is None
    assert_nothing_stored(link)


def test_expired_link_is_refused(platform, client, link):
    LtiRegistrationLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = register(platform, client, link)
    assert response.status_code == 403 and platform.registered_tool is None
    assert_nothing_stored(link)


def test_link_opened_without_the_platform_parameters_is_refused(client, link):
    response = client.get(registration_url(link).split("127.0.0.1:8000", 1)[-1])
    assert response.status_code == 400 and "The registration of this tool was refused" in response.content.decode()
    assert_nothing_stored(link)


@pytest.mark.parametrize("address", [
    "ftp://127.0.0.1/.well-known/openid-configuration",
    "https://10.1.2.3/.well-known/openid-configuration",
    "https://169.254.169.254/latest/meta-data/",
    "https://user:pw@example.org/.well-known/openid-configuration",
])
def test_configuration_addresses_other_than_public_https_are_refused(client, link, address):
    response = client.get(reverse("lti_register", args=[link.token]), {"openid_configuration": address, "registration_token": "x"})
    assert response.status_code == 400 and "is not allowed" in response.content.decode()
    assert_nothing_stored(link)


def test_plain_http_even_to_loopback_is_refused_outside_the_tests(platform, client, link, settings):
    settings.ELEARN_LTI_REGISTRATION_ALLOW_HTTP_LOOPBACK = False
    response = register(platform, client, link)
    assert response.status_code == 400 and platform.registered_tool is None
    assert_nothing_stored(link)


@pytest.mark.parametrize("overrides, reason", [
    ({"issuer": "https://other.example.org"}, "does not match"),
    ({"registration_endpoint": "https://10.0.0.5/register"}, "is not allowed"),
    ({"token_endpoint": 42}, "no valid “token_endpoint”"),
    ({"https://purl.imsglobal.org/spec/lti-platform-configuration": None}, "does not describe an LTI platform"),
    ({"id_token_signing_alg_values_supported": ["HS256"]}, "RS256"),
    ({"padding": "x" * 70_000}, "could not be read"),
])
def test_a_bad_platform_configuration_is_refused(platform, client, link, overrides, reason):
    platform.openid_overrides = overrides
    response = register(platform, client, link)
    assert response.status_code == 400 and reason in response.content.decode()
    assert platform.registered_tool is None
    assert_nothing_stored(link)


def test_a_platform_that_refuses_our_configuration_leaves_nothing_stored(platform, client, link):
    platform.registration_status = 400
    response = register(platform, client, link)
    assert response.status_code == 400 and "did not accept the registration" in response.content.decode()
    assert_nothing_stored(link)


def test_a_wrong_registration_token_is_refused_by_the_platform_and_nothing_is_stored(platform, client, link):
    url = platform.registration_start(registration_url(link)).replace("reg-token-123", "forged")
    response = client.get(url)
    assert response.status_code == 400 and "HTTP 401" in response.content.decode()
    assert_nothing_stored(link)


def test_the_same_platform_and_client_id_cannot_register_twice(platform, client, link, maintainer):
    register(platform, client, link)
    second = LtiRegistrationLink.objects.create(name="Again")
    response = register(platform, client, second)
    assert response.status_code == 409 and LtiRegistration.objects.count() == 1
    second.refresh_from_db()
    assert second.used_at is None


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_refusal_page_speaks_the_platform_administrators_language(client, link, language):
    response = client.get(reverse("lti_register", args=["nope"]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert response.content.decode().count("<h1>") == 1
    assert "The registration of this tool was refused" not in response.content.decode()


# --- the links in the admin ----------------------------------------------------------------------

def test_anonymous_learners_and_trainers_make_no_registration_link(client, learner, trainer):
    url = reverse("lti_registration_links:add")
    assert client.post(url, {"name": "X"}).status_code == 302
    for user in (learner, trainer):
        client.force_login(user)
        assert client.post(url, {"name": "X"}).status_code in (302, 403)
        assert client.get(reverse("lti_registration_links:index")).status_code in (302, 403)
    assert not LtiRegistrationLink.objects.exists()


def test_maintainer_makes_a_one_time_link_and_reads_its_address(client, maintainer):
    client.force_login(maintainer)
    response = client.post(reverse("lti_registration_links:add"), {"name": "Moodle Lombardia", "activate_at_once": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    link = LtiRegistrationLink.objects.get()
    assert link.created_by == maintainer and len(link.token) >= 40 and not link.activate_at_once
    assert link.expires_at > timezone.now() + timedelta(days=6)
    edit = client.get(reverse("lti_registration_links:edit", args=[link.pk])).content.decode()
    assert f"/lti/register/{link.token}/" in edit
