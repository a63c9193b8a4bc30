"""Data rights and certificates agree: once the holder deleted their account (elearn.accounts.
data_rights.erase_account, which calls learning.records.record_account_erased), the verification
page, the Open Badge check and the credential all say the holder deleted the record, and none of
them carries the erased name."""

import pytest

from elearn.accounts.data_rights import erase_account
from modules.credentials import badges
from modules.credentials.status_list import bit_is_set

from .builders import issued_certificate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
CODE = "7KQD-M3XA-RT9F"
LANGUAGES = ["en", "de", "fr", "it", "sl"]


@pytest.fixture
def erased_certificate(learner, kit_t1):
    certificate = issued_certificate(learner, kit_t1, code=CODE)
    token = badges.sign_credential(certificate)  # what the holder downloaded before deleting the account
    erase_account(learner)
    certificate.refresh_from_db()
    return certificate, token


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_verify_page_says_the_holder_deleted_the_record_in_every_language(client, erased_certificate, language):
    from django.utils import translation

    prefix = "" if language == "en" else f"/{language}"
    body = client.get(f"{prefix}/certificates/{CODE}/").content.decode()
    with translation.override(language):
        expected = translation.gettext("The holder deleted this record.")
    assert expected in body
    assert "Lena" not in body and "Huber" not in body
    assert translation.gettext("This certificate is valid.") not in body


def test_a_credential_signed_after_erasure_names_nobody(erased_certificate):
    certificate, _token = erased_certificate
    assert certificate.learner_name == "" and certificate.holder_erased
    credential = badges.build_credential(certificate)
    assert credential["credentialSubject"]["identifier"] == []
    assert "Lena" not in badges.sign_credential(certificate)


def test_the_holders_old_credential_checks_as_deleted_by_the_holder_without_the_name(client, erased_certificate):
    certificate, token = erased_certificate
    verdict = badges.verify_credential(token)
    assert verdict.status == "revoked" and verdict.certificate.holder_erased
    page = client.post("/certificates/credential/", {"credential": token})
    body = page.content.decode()
    assert page.status_code == 200
    assert "The holder deleted this record." in body and "This Open Badge is valid." not in body
    assert "Lena" not in body


def test_the_status_list_marks_an_erased_holders_certificate(client, erased_certificate):
    import jwt as pyjwt

    from modules.credentials import keys

    certificate, _token = erased_certificate
    token = client.get("/credentials/status/revocation/").content.decode()
    claims = pyjwt.decode(token, pyjwt.PyJWK(keys.published_key_set()["keys"][0]).key, algorithms=["RS256"])
    assert bit_is_set(claims["vc"]["credentialSubject"]["encodedList"], certificate.status_index)


def test_an_erased_account_gets_no_credential_download(client, erased_certificate, learner):
    client.force_login(learner)  # even a session that survived (erasure makes it invalid) gets nothing
    response = client.get(f"/learn/certificates/{CODE}/credential/")
    assert response.status_code in (302, 404)
    assert "Lena" not in response.content.decode()
