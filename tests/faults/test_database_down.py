"""The database going away: every page answers a friendly 503 (Retry-After, the funding statement,
no database needed to render it) instead of a 500, and the next request after the database is back
succeeds without restarting anything. Runs on SQLite and PostgreSQL alike (the connection raises
the way a dead server makes it raise); test_database_down_server.py does it with a real server."""

import logging

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db
FUNDING = "The project S3-4AlpClusters was implemented with financial assistance"


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as if the server had gone away; undo() brings it back."""

    class Outage:
        def __init__(self, error=OperationalError):
            self.error = error

        def start(self):
            def refuse(*args, **kwargs):
                raise self.error("server closed the connection unexpectedly")

            monkeypatch.setattr(connection, "ensure_connection", refuse)

        def undo(self):
            monkeypatch.undo()

    return Outage()


def assert_friendly_503(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert "temporarily unavailable" in html and "Nothing you saved before is lost" in html
    assert FUNDING in html and "Traceback" not in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_anonymous_page_answers_503_then_recovers(database_down, error, kit_t1, caplog):
    client = Client(raise_request_exception=False)
    assert client.get(kit_t1.url).status_code == 200
    assert client.get("/glossary/").status_code == 200
    database_down.error = error
    database_down.start()
    # A page anonymous visitors get from the page cache still answers; one that is never cached says
    # the site is unavailable.
    assert client.get(kit_t1.url).status_code == 200
    with caplog.at_level(logging.ERROR, logger="elearn.site.middleware"):
        assert_friendly_503(client.get("/glossary/"))
    assert "Database unavailable" in caplog.text
    database_down.undo()
    assert client.get("/glossary/").status_code == 200


def test_signed_in_learner_answers_503_from_session_and_auth(database_down, learner):
    """The session and the user are read by middleware (before any view): the error surfaces there."""
    client = Client(raise_request_exception=False)
    client.force_login(learner)
    assert client.get("/my-learning/").status_code == 200
    database_down.start()
    assert_friendly_503(client.get("/my-learning/"))
    database_down.undo()
    assert client.get("/my-learning/").status_code == 200


def test_admin_answers_503(database_down, maintainer):
    client = Client(raise_request_exception=False)
    client.force_login(maintainer)
    database_down.start()
    assert_friendly_503(client.get("/admin/"))
    database_down.undo()
    assert client.get("/admin/").status_code == 200


def test_other_errors_stay_500(monkeypatch, kit_t1):
    """Only a lost database is a 503; a bug is still a 500 (and logged as one)."""
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(type(kit_t1), "get_context", broken)
    response = Client(raise_request_exception=False).get(kit_t1.url)
    assert response.status_code == 500 and "Something went wrong" in response.content.decode()
