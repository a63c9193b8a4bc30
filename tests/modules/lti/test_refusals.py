"""Every refusal: a clear page in the learner's language, and nothing stored."""

import base64
import json

import pytest
from django.contrib.auth import get_user_model
from jwcrypto.jwk import JWK
from lti_tool.models import LtiDeployment, LtiUser

from modules.lti.models import LtiGradeLink
from modules.models import ItemProgress

from .platform import LEARNER


def stored():
    return (
        get_user_model().objects.count(), LtiUser.objects.count(), LtiGradeLink.objects.count(),
        LtiDeployment.objects.count(), ItemProgress.objects.count(),
    )


def refused(response, text, status=403):
    assert response.status_code == status
    body = response.content.decode()
    assert "This launch from your learning platform was refused" in body and "Nothing was saved" in body
    assert text in body, body[body.find("<main"):][:1500]
    return body


def tampered(token, **changes):
    header, payload, signature = token.split(".")
    padded = payload + "=" * (-len(payload) % 4)
    claims = json.loads(base64.urlsafe_b64decode(padded))
    claims.update(changes)
    encoded = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{encoded}.{signature}"


def test_bad_signature_is_refused(registered, client):
    before = stored()
    path, form = registered.id_token_form(client)
    form["id_token"] = tampered(form["id_token"], sub="someone-else")
    refused(client.post(path, form), "its signature does not match")
    assert stored() == before


def test_token_signed_with_a_key_the_platform_does_not_publish_is_refused(registered, client):
    before = stored()
    intruder = JWK.generate(kty="RSA", size=2048).export_to_pem(private_key=True, password=None).decode()
    path, form = registered.id_token_form(client)
    form["id_token"] = resigned(form["id_token"], intruder)
    refused(client.post(path, form), "its signature does not match")
    assert stored() == before


def test_expired_token_is_refused(registered, client):
    before = stored()
    path, form = registered.id_token_form(client, expiration=-120)
    refused(client.post(path, form), "This launch has expired.")
    assert stored() == before


def test_replayed_launch_is_refused(registered, client):
    path, form = registered.id_token_form(client)
    assert client.post(path, form).status_code == 302
    client.logout()
    before = stored()
    refused(client.post(path, form), "already used")
    assert stored() == before


def test_launch_without_the_state_cookie_is_refused(registered, client):
    from django.test import Client

    path, form = registered.id_token_form(client)
    before = stored()
    refused(Client().post(path, form), "already used")
    assert stored() == before


def test_wrong_state_is_refused(registered, client):
    path, form = registered.id_token_form(client)
    form["state"] = "state-forged"
    before = stored()
    refused(client.post(path, form), "already used")
    assert stored() == before


def resigned(token, private_pem, **changes):
    """The platform signs the claims again, with its own key, after `changes`."""
    import jwt

    header, payload, _signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    kid = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    return jwt.encode({**claims, **changes}, private_pem, algorithm="RS256", headers={"kid": kid})


def test_wrong_audience_is_refused(registered, client):
    path, form = registered.id_token_form(client)
    # A message the platform signed for another tool (another client id) is posted here.
    form["id_token"] = resigned(form["id_token"], registered.private_pem, aud="another-tool", azp="another-tool")
    before = stored()
    refused(client.post(path, form), "meant for another tool")
    assert stored() == before


def test_unknown_deployment_is_refused_and_not_created(registered, client):
    LtiDeployment.objects.filter(registration=registered.record).update(deployment_id="another-deployment")
    before = stored()
    refused(client.post(*registered.id_token_form(client)), "deployment of the tool is not registered")
    assert stored() == before


def test_inactive_deployment_is_refused(registered, client):
    LtiDeployment.objects.filter(registration=registered.record).update(is_active=False)
    before = stored()
    refused(client.post(*registered.id_token_form(client)), "deployment of the tool is not registered")
    assert stored() == before


def test_unknown_platform_is_refused_at_login(platform, client):
    from modules.lti.models import LtiPlatform

    record = LtiPlatform.objects.create(name="Other", issuer="https://other.example.org", client_id="x",
                                        auth_url="https://other.example.org/auth", token_url="https://other.example.org/token",
                                        keyset_url="https://other.example.org/jwks")
    platform.login_url = f"http://testserver/lti/login/{record.uuid}/"
    before = stored()
    refused(platform.login_and_authorize(client, "u-1"), "not registered on this site")
    assert stored() == before


def test_switched_off_platform_is_refused_at_launch(registered, client):
    path, form = registered.id_token_form(client)
    registered.record.is_active = False
    registered.record.save()
    before = stored()
    refused(client.post(path, form), "not registered on this site")
    assert stored() == before


def test_login_without_issuer_is_refused(registered, client):
    response = client.get(registered.login_url.replace("http://testserver", ""))
    refused(response, "did not send its issuer", status=400)


def test_launch_address_without_a_token_is_refused(db, client):
    refused(client.post("/lti/launch/"), "for launches from a learning platform", status=400)
    assert client.get("/lti/launch/").status_code == 405


def test_learner_cannot_open_the_deep_linking_picker(learner_client, client):
    refused(learner_client.get("/lti/deep-link/"), "when a teacher adds an activity")
    refused(client.get("/lti/deep-link/"), "when a teacher adds an activity")


def test_learner_cannot_start_deep_linking(registered, client):
    before = stored()
    refused(registered.launch(client, deep_linking=True, roles=(LEARNER,)), "Only teachers")
    assert stored() == before


@pytest.mark.parametrize("language, text", [
    ("de", "Dieser Start"), ("fr", "Ce lancement"), ("it", "Questo avvio"), ("sl", "Ta zagon"),
])
def test_refusal_page_speaks_the_learners_language(registered, client, language, text):
    path, form = registered.id_token_form(client, expiration=-120)
    response = client.post(path, form, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert text in response.content.decode()
