"""Open Badges 3.0 credentials: signed VC-JWT, verified by jwcrypto (our page) and independently by
PyJWT against the published key set; revocation through the Bitstring Status List."""

import base64
import gzip
import json

import jwt as pyjwt
import pytest

from elearn.accounts.data_rights import erase_account
from modules.credentials import badges, keys
from modules.credentials.status_list import bit_is_set, encode_bits
from modules.learning.records import record_certificate_revoked

from .builders import issued_certificate

pytestmark = pytest.mark.django_db
CODE = "7KQD-M3XA-RT9F"


def download(client, code=CODE):
    response = client.get(f"/learn/certificates/{code}/credential/")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == f'attachment; filename="open-badge-{code}.jwt"'
    assert response["Cache-Control"] == "private, no-store"
    return response.content.decode()


def independent_verify(client, token):
    """PyJWT (not the library that signed) with the key set the site publishes."""
    key_set = pyjwt.PyJWKSet.from_dict(json.loads(client.get("/credentials/jwks.json").content))
    kid = pyjwt.get_unverified_header(token)["kid"]
    key = next(k for k in key_set.keys if k.key_id == kid)
    return pyjwt.decode(token, key.key, algorithms=["RS256"], options={"verify_aud": False})


def tamper(token, change):
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return ".".join([header, forged, signature])


def test_the_holder_downloads_a_signed_open_badges_3_credential(learner_client, learner, kit_t1, settings):
    issued_certificate(learner, kit_t1, code=CODE, release_version="1.0.0")
    token = download(learner_client)
    claims = independent_verify(learner_client, token)
    base = settings.SITE_BASE_URL
    credential = claims["vc"]
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert credential["type"] == ["VerifiableCredential", "AchievementCredential"]
    assert credential["id"] == claims["jti"] == f"{base}/certificates/{CODE}/"
    assert credential["issuer"]["id"] == claims["iss"] == f"{base}/credentials/issuer/"
    assert credential["issuer"]["type"] == ["Profile"]
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"] == "Lena Huber"
    assert learner.email not in token
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["name"] == kit_t1.title and achievement["humanCode"] == kit_t1.code
    assert achievement["version"] == "1.0.0" and achievement["criteria"]["narrative"]
    status = credential["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry" and status["statusPurpose"] == "revocation"
    assert status["statusListCredential"] == f"{base}/credentials/status/revocation/"
    # The issuer profile and the achievement resolve.
    assert learner_client.get("/credentials/issuer/").json()["id"] == credential["issuer"]["id"]
    assert learner_client.get(f"/credentials/achievements/{kit_t1.translation_key}/").json()["name"] == kit_t1.title


def test_the_library_verifier_accepts_it_and_rejects_a_tampered_one(learner, kit_t1):
    certificate = issued_certificate(learner, kit_t1, code=CODE)
    token = badges.sign_credential(certificate, kit_t1)
    assert badges.verify_credential(token).status == "valid"
    forged = tamper(token, lambda c: c["vc"]["credentialSubject"]["identifier"][0].update(identityHash="Mallory"))
    assert badges.verify_credential(forged).status == "tampered"
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt.decode(forged, pyjwt.PyJWK(keys.published_key_set()["keys"][0]).key, algorithms=["RS256"])
    assert badges.verify_credential("not a credential").status == "malformed"
    assert badges.verify_credential("a.b.c").status == "malformed"


def test_a_credential_signed_by_another_key_is_not_genuine(learner, kit_t1):
    from jwcrypto import jwk, jwt

    certificate = issued_certificate(learner, kit_t1, code=CODE)
    claims = {"iss": badges.issuer_id(), "vc": badges.build_credential(certificate)}
    stranger = jwk.JWK.generate(kty="RSA", size=2048)
    token = jwt.JWT(header={"alg": "RS256", "kid": keys.ensure_signing_key().kid}, claims=claims)
    token.make_signed_token(stranger)
    assert badges.verify_credential(token.serialize()).status == "tampered"


def test_revocation_and_deletion_flip_the_status_list_bit(client, learner, other_learner, kit_t1):
    revoked = issued_certificate(learner, kit_t1, code=CODE)
    erased = issued_certificate(other_learner, kit_t1, code="2345-6789-ABCD")

    def bit(certificate):
        token = client.get("/credentials/status/revocation/").content.decode()
        claims = pyjwt.decode(token, pyjwt.PyJWK(keys.published_key_set()["keys"][0]).key, algorithms=["RS256"])
        assert claims["vc"]["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        return bit_is_set(claims["vc"]["credentialSubject"]["encodedList"], certificate.status_index)

    token = badges.sign_credential(revoked)
    assert not bit(revoked) and not bit(erased)
    record_certificate_revoked(revoked)
    assert bit(revoked) and not bit(erased)
    assert badges.verify_credential(token).status == "revoked"
    erase_account(other_learner)
    assert bit(erased)
    assert badges.verify_credential(badges.sign_credential(erased)).status == "revoked"


def test_the_status_list_is_at_least_16_kilobytes_and_left_to_right():
    encoded = encode_bits([0, 9])
    data = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(data) == 16384 and data[0] == 0x80 and data[1] == 0x40
    assert bit_is_set(encoded, 9) and not bit_is_set(encoded, 1)


def test_our_verification_page_says_valid_revoked_or_not_genuine(client, learner, kit_t1):
    from django.core.files.uploadedfile import SimpleUploadedFile

    certificate = issued_certificate(learner, kit_t1, code=CODE)
    token = badges.sign_credential(certificate)
    page = client.post("/certificates/credential/", {"credential": token})
    assert page.status_code == 200 and "This Open Badge is valid." in page.content.decode()
    upload = client.post("/certificates/credential/", {"file": SimpleUploadedFile("badge.jwt", token.encode())})
    assert "This Open Badge is valid." in upload.content.decode()
    forged = tamper(token, lambda c: c["vc"].update(name="Something else"))
    page = client.post("/certificates/credential/", {"credential": forged})
    assert page.status_code == 400 and "This Open Badge is not genuine." in page.content.decode()
    assert client.post("/certificates/credential/", {"credential": ""}).status_code == 400
    record_certificate_revoked(certificate)
    assert "This Open Badge was revoked." in client.post("/certificates/credential/", {"credential": token}).content.decode()


def test_only_the_holder_downloads_the_credential(client, learner, other_learner, kit_t1):
    issued_certificate(learner, kit_t1, code=CODE)
    anonymous = client.get(f"/learn/certificates/{CODE}/credential/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(other_learner)
    assert client.get(f"/learn/certificates/{CODE}/credential/").status_code == 404
    client.force_login(learner)
    assert client.get("/learn/certificates/NOPE-NOPE-NOPE/credential/").status_code == 404
    assert client.get(f"/learn/certificates/{CODE}/credential/").status_code == 200


def test_keys_are_made_on_first_use_and_rotation_keeps_old_credentials_valid(learner, kit_t1):
    from modules.models import CredentialKey

    assert not CredentialKey.objects.exists()
    certificate = issued_certificate(learner, kit_t1, code=CODE)
    token = badges.sign_credential(certificate)
    assert CredentialKey.objects.count() == 1
    report = keys.rotate_keys(grace_days=30)
    assert report.retired == 0 and len(keys.published_key_set()["keys"]) == 2
    assert badges.verify_credential(token).status == "valid"
    assert pyjwt.get_unverified_header(badges.sign_credential(certificate))["kid"] == report.new_kid
    assert all("d" not in key for key in keys.published_key_set()["keys"]), "no private part is published"


def test_a_replaced_key_is_retired_only_after_the_grace_period(learner, kit_t1):
    from datetime import timedelta

    from django.utils import timezone

    from modules.models import CredentialKey

    certificate = issued_certificate(learner, kit_t1, code=CODE)
    old_token = badges.sign_credential(certificate)
    new_kid = keys.rotate_keys(grace_days=30).new_kid
    assert keys.retire_replaced_keys(grace_days=30) == 0, "the new key is younger than the grace period"
    CredentialKey.objects.filter(kid=new_kid).update(created_at=timezone.now() - timedelta(days=31))
    CredentialKey.objects.exclude(kid=new_kid).update(created_at=timezone.now() - timedelta(days=60))
    assert keys.retire_replaced_keys(grace_days=30) == 1
    assert [key["kid"] for key in keys.published_key_set()["keys"]] == [new_kid]
    assert badges.verify_credential(old_token).status != "valid", "a retired key's credentials no longer verify"
    assert pyjwt.get_unverified_header(badges.sign_credential(certificate))["kid"] == new_kid
