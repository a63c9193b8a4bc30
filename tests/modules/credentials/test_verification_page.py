"""/certificates/: a form for the code, a clear "no certificate" answer, and no fast guessing."""

import pytest

from elearn.accounts.data_rights import erase_account
from modules.learning.records import record_certificate_revoked

from .builders import issued_certificate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
CODE = "7KQD-M3XA-RT9F"


def test_the_form_is_linked_from_every_footer(client):
    page = client.get("/certificates/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="code"' in body and 'action="/certificates/"' in body
    assert 'href="/certificates/"' in client.get("/").content.decode()


def test_a_typed_code_leads_to_the_certificate(client, learner, kit_t1):
    issued_certificate(learner, kit_t1, code=CODE)
    response = client.get("/certificates/", {"code": "7kqd m3xa rt9f"})
    assert response.status_code == 302 and response["Location"] == f"/certificates/{CODE}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "This certificate is valid." in page.content.decode() and "Lena Huber" in page.content.decode()


def test_a_sloppy_code_in_the_url_redirects_to_the_canonical_one(client, learner, kit_t1):
    issued_certificate(learner, kit_t1, code=CODE)
    response = client.get("/certificates/7kqdm3xart9f/")
    assert response.status_code == 302 and response["Location"] == f"/certificates/{CODE}/"


@pytest.mark.parametrize("language, answer", [
    ("en", "No certificate with this code."), ("de", "Kein Zertifikat mit diesem Code."),
    ("fr", "Aucun certificat ne correspond à ce code."), ("it", "Nessun attestato con questo codice."),
    ("sl", "Ni potrdila s to kodo."),
])
def test_an_unknown_code_says_so_in_the_readers_language_with_404(client, language, answer):
    prefix = "" if language == "en" else f"/{language}"
    for url in (f"{prefix}/certificates/?code=ZZZZ-ZZZZ-ZZZZ", f"{prefix}/certificates/ZZZZ-ZZZZ-ZZZZ/"):
        response = client.get(url)
        assert response.status_code == 404
        assert answer in response.content.decode()


def test_an_empty_code_asks_again(client):
    response = client.get("/certificates/", {"code": "  "})
    assert response.status_code == 400 and 'name="code"' in response.content.decode()


def test_guessing_is_stopped_after_a_few_misses_per_address(client, learner, kit_t1, settings):
    settings.ELEARN_CERTIFICATE_LOOKUP_MISSES = 3
    issued_certificate(learner, kit_t1, code=CODE)
    for _ in range(3):
        assert client.get("/certificates/", {"code": "ZZZZ-ZZZZ-ZZZZ"}).status_code == 404
    refused = client.get("/certificates/", {"code": CODE})
    assert refused.status_code == 429 and "Too many codes checked" in refused.content.decode()
    assert client.get(f"/certificates/{CODE}/").status_code == 429
    # Another address is not held up.
    assert client.get(f"/certificates/{CODE}/", REMOTE_ADDR="192.0.2.77").status_code == 200


def test_hits_are_never_counted(client, learner, kit_t1, settings):
    settings.ELEARN_CERTIFICATE_LOOKUP_MISSES = 2
    issued_certificate(learner, kit_t1, code=CODE)
    for _ in range(10):
        assert client.get(f"/certificates/{CODE}/").status_code == 200


def test_a_revoked_certificate_says_revoked(client, learner, kit_t1):
    certificate = issued_certificate(learner, kit_t1, code=CODE)
    assert record_certificate_revoked(certificate, "issued in error") is True
    assert record_certificate_revoked(certificate) is False
    body = client.get(f"/certificates/{CODE}/").content.decode()
    assert "This certificate was revoked." in body and "This certificate is valid." not in body
    assert "issued in error" not in body


def test_a_deleted_holder_still_reads_holder_deleted(client, learner, kit_t1):
    issued_certificate(learner, kit_t1, code=CODE)
    erase_account(learner)
    body = client.get(f"/certificates/{CODE}/").content.decode()
    assert "The holder deleted this record." in body and "Lena" not in body


def test_the_certificate_page_links_the_badge_and_linkedin(learner_client, learner, kit_t1):
    from urllib.parse import parse_qs, urlsplit

    from tests.modules.helpers import complete_kit

    complete_kit(learner_client, kit_t1)
    page = learner_client.get("/itg-t1/certificate/")
    body = page.content.decode()
    certificate = learner.certificates.get()
    assert f'href="/learn/certificates/{certificate.code}/credential/"' in body
    link = next(part.split('"')[0] for part in body.split('href="') if part.startswith("https://www.linkedin.com/profile/add?"))
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == [f"{kit_t1.code} · {kit_t1.title}"]
    assert query["organizationName"] == ["S3-4AlpClusters"]
    assert query["issueYear"] == [str(certificate.issued_at.year)] and query["issueMonth"] == [str(certificate.issued_at.month)]
    assert query["certUrl"] == [f"http://testserver/certificates/{certificate.code}/"] and query["certId"] == [certificate.code]
