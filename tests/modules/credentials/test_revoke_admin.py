"""The kit maintainers' certificate screen (/admin/certificates/): find by code, revoke with a reason
and a confirmation (POST, CSRF); trainers and learners are refused; the verification page and the
Open Badges status list then say revoked."""

import jwt as pyjwt
import pytest
from django.test import Client

from modules.credentials import keys
from modules.credentials.status_list import bit_is_set
from modules.models import Certificate

from .builders import issued_certificate

pytestmark = pytest.mark.django_db
CODE = "7KQD-M3XA-RT9F"
INDEX = "/admin/certificates/"
REVOKE = f"/admin/certificates/{CODE}/revoke/"
CONFIRMED = {"reason": "Issued in error", "confirm": "on"}


@pytest.fixture
def certificate(learner, kit_t1):
    return issued_certificate(learner, kit_t1, code=CODE)


def status_bit(client, certificate):
    token = client.get("/credentials/status/revocation/").content.decode()
    claims = pyjwt.decode(token, pyjwt.PyJWK(keys.published_key_set()["keys"][0]).key, algorithms=["RS256"])
    return bit_is_set(claims["vc"]["credentialSubject"]["encodedList"], certificate.status_index)


def test_a_maintainer_finds_a_certificate_and_revokes_it_with_a_reason(client, maintainer, certificate):
    client.force_login(maintainer)
    assert '"url": "/admin/certificates/"' in client.get("/admin/").content.decode(), "the menu shows the screen"
    found = client.get(INDEX, {"code": "7kqd m3xa rt9f"})
    assert found.status_code == 200
    body = found.content.decode()
    assert "Lena Huber" in body and f'href="{REVOKE}"' in body
    confirm = client.get(REVOKE)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "csrfmiddlewaretoken" in page and 'name="reason"' in page and 'name="confirm"' in page
    assert not status_bit(client, certificate)

    response = client.post(REVOKE, CONFIRMED)
    assert response.status_code == 302 and response["Location"] == f"{INDEX}?code={CODE}"
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoked_reason == "Issued in error"
    assert status_bit(client, certificate)
    public = client.get(f"/certificates/{CODE}/").content.decode()
    assert "This certificate was revoked." in public and "Issued in error" not in public
    listing = client.get(INDEX).content.decode()
    assert CODE in listing and "Issued in error" in listing
    # Revoking again changes nothing (the first date and reason stay).
    first = certificate.revoked_at
    assert client.post(REVOKE, {"reason": "Other", "confirm": "on"}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at == first and certificate.revoked_reason == "Issued in error"


@pytest.mark.parametrize("data", [{"reason": "Issued in error"}, {"confirm": "on"}, {"reason": "   ", "confirm": "on"},
                                  {"reason": "x" * 256, "confirm": "on"}])
def test_without_a_reason_or_the_confirmation_nothing_is_revoked(client, maintainer, certificate, data):
    client.force_login(maintainer)
    response = client.post(REVOKE, data)
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None and certificate.revoked_reason == ""


def test_the_revocation_needs_a_csrf_token(maintainer, certificate):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(maintainer)
    assert strict.post(REVOKE, CONFIRMED).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_trainers_learners_and_anonymous_visitors_are_refused(client, trainer, learner, certificate):
    for user in (None, learner, trainer):
        client.logout()
        if user is not None:
            client.force_login(user)
        for response in (client.get(INDEX), client.get(REVOKE), client.post(REVOKE, CONFIRMED)):
            assert response.status_code in (302, 403), (user, response.status_code)
            if response.status_code == 302:
                # Wagtail sends a trainer's refusal to the admin home with a message, the others to the login.
                assert response["Location"] == "/admin/" if user is trainer else "/login/" in response["Location"]
        if user is trainer:
            assert '"url": "/admin/certificates/"' not in client.get("/admin/").content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_an_unknown_or_sloppy_code_is_not_found(client, maintainer, certificate):
    client.force_login(maintainer)
    assert client.get("/admin/certificates/NOPE-NOPE-NOPE/revoke/").status_code == 404
    assert client.post("/admin/certificates/7kqd-m3xa-rt9f/revoke/", CONFIRMED).status_code == 404
    assert "No certificate with this code." in client.get(INDEX, {"code": "2345-6789-ABCD"}).content.decode()
    assert not Certificate.objects.filter(revoked_at__isnull=False).exists()


def test_the_revoked_list_costs_the_same_queries_with_more_certificates(client, maintainer, kit_t1, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from modules.learning.records import record_certificate_revoked
    from tests.factories import make_user

    client.force_login(maintainer)

    def revoke_some(count, start):
        for n in range(start, start + count):
            record_certificate_revoked(issued_certificate(make_user(f"holder{n}"), kit_t1), "fraud")

    revoke_some(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(INDEX).status_code == 200
    revoke_some(10, 2)
    with django_assert_max_num_queries(len(few)):
        assert client.get(INDEX).status_code == 200
