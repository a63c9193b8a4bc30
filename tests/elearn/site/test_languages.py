"""Choosing a language: prefixed URLs, first visit by Accept-Language, remembered choice, switcher,
lang and hreflang on every page."""

import re

import pytest
from django.conf import settings

HTML = {"HTTP_ACCEPT": "text/html,application/xhtml+xml"}
LANGS = ["en", "de", "fr", "it", "sl"]


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGS)
def test_every_language_has_its_pages_with_the_right_lang(client, code):
    prefix = "" if code == "en" else f"/{code}"
    for path in ["/", "/itg-t1/", "/packs/", "/accounts/login/"]:
        response = client.get(prefix + path)
        assert response.status_code == 200, path
        assert html_lang(response) == code, path


@pytest.mark.django_db
def test_german_interface_strings_are_used_under_de(client):
    body = client.get("/de/accounts/login/").content.decode()
    assert "Registrieren" in body  # "Sign up" in the header, from locale/de
    assert "Sign up" not in body


@pytest.mark.django_db
def test_first_visit_follows_accept_language(client):
    response = client.get("/itg-t1/", HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9,en;q=0.5", **HTML)
    assert response.status_code == 302
    assert response["Location"] == "/de/itg-t1/"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_english_browser_stays_unprefixed(client):
    response = client.get("/itg-t1/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9", **HTML)
    assert response.status_code == 200
    assert html_lang(response) == "en"


@pytest.mark.django_db
def test_a_chosen_language_beats_accept_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/itg-t1/", HTTP_ACCEPT_LANGUAGE="de", **HTML)
    assert response.status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    response = client.get("/itg-t1/", HTTP_ACCEPT_LANGUAGE="de", **HTML)
    assert response["Location"] == "/it/itg-t1/"


@pytest.mark.django_db
def test_machine_endpoints_are_never_redirected(client):
    for path in ["/api/packs/", "/packs/feed.atom"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200, path
    assert client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="fr", **HTML).status_code == 200


@pytest.mark.django_db
def test_switcher_keeps_the_page_and_remembers_the_choice(client):
    response = client.get("/language/fr/", {"next": "/itg-t1/"})
    assert response.status_code == 302 and response["Location"] == "/fr/itg-t1/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    back = client.get("/language/en/", {"next": "/fr/itg-t1/"})
    assert back["Location"] == "/itg-t1/"
    assert client.get("/itg-t1/", HTTP_ACCEPT_LANGUAGE="de", **HTML).status_code == 200  # English chosen: stays


@pytest.mark.django_db
def test_switcher_refuses_foreign_next_and_unknown_language(client):
    response = client.get("/language/de/", {"next": "https://evil.example/"})
    assert response["Location"] == "/de/"
    response = client.get("/language/xx/", {"next": "/itg-t1/"})
    assert response["Location"] == "/itg-t1/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.django_db
def test_signed_in_choice_is_saved_in_the_profile_only_by_post(client, learner):
    client.force_login(learner)
    client.get("/language/sl/", {"next": "/"})
    learner.refresh_from_db()
    assert learner.language == ""
    client.post("/language/sl/", {"next": "/itg-t1/"})
    learner.refresh_from_db()
    assert learner.language == "sl"
    # A new device (no cookie): the profile language opens the site in Slovenian.
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    assert client.get("/my-learning/", **HTML)["Location"] == "/sl/my-learning/"


@pytest.mark.django_db
def test_switch_by_post_needs_csrf(learner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post("/language/de/", {"next": "/"}).status_code == 403
    learner.refresh_from_db()
    assert learner.language == ""


@pytest.mark.django_db
def test_pages_list_hreflang_alternates_and_the_switcher(client):
    body = client.get("/de/itg-t1/").content.decode()
    for code in LANGS:
        prefix = "" if code == "en" else f"/{code}"
        assert f'hreflang="{code}" href="http://testserver{prefix}/itg-t1/"' in body
    assert 'hreflang="x-default" href="http://testserver/itg-t1/"' in body
    assert 'lang="sl"' in body and "Slovenščina" in body
    # Links inside the page stay in the language.
    assert 'href="/de/itg-t2/"' in body


@pytest.mark.django_db
def test_each_page_and_host_gets_its_own_alternates_when_they_are_remembered(client):
    """The switcher's entries are kept per path and language (languages._languages_of): a page read
    after another never links to the other's translations, and the absolute alternates follow the host."""
    first = client.get("/de/itg-t1/").content.decode()
    second = client.get("/de/itg-t2/?from=search").content.decode()
    again = client.get("/fr/itg-t1/", HTTP_HOST="localhost").content.decode()
    assert 'hreflang="it" href="http://testserver/it/itg-t1/"' in first
    assert 'hreflang="it" href="http://testserver/it/itg-t2/?from=search"' in second and "/it/itg-t1/" not in second
    assert 'hreflang="de" href="http://localhost/de/itg-t1/"' in again and 'lang="fr"' in again
