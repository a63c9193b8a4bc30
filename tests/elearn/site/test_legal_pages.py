"""The privacy notice, imprint and accessibility statement: linked from every page's footer, in every
language, with the operator's details from the settings."""

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PAGES = {"/privacy/": "Privacy notice", "/imprint/": "Imprint and contact", "/accessibility/": "Accessibility statement"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_served_in_each_language(client, language, path):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    response = client.get(prefix + path)
    assert response.status_code == 200
    with translation.override(language):
        assert f"<h1>{translation.gettext(PAGES[path])}</h1>" in response.content.decode()


def test_the_footer_of_every_page_links_them(client):
    html = client.get("/itg-t1/").content.decode()
    for path in PAGES:
        assert f'href="{path}"' in html


def test_the_operator_comes_from_the_settings(client, settings):
    settings.ELEARN_OPERATOR = {**settings.ELEARN_OPERATOR, "name": "Agenzia Esempio", "privacy_email": "dpo@esempio.it"}
    html = client.get("/privacy/").content.decode()
    assert "Agenzia Esempio" in html and "mailto:dpo@esempio.it" in html


def test_the_notice_says_there_are_no_tracking_cookies(client):
    assert "no tracking or advertising cookies" in client.get("/privacy/").content.decode()


def test_the_notice_says_what_the_lrs_receives_only_when_one_is_configured(client, settings):
    assert "learning record store" not in client.get("/privacy/").content.decode()
    settings.ELEARN_LRS_ENDPOINT = "https://lrs.example.org/xapi/"
    assert "never by your name or e-mail address" in client.get("/privacy/").content.decode()


def test_the_accessibility_statement_gives_the_date_of_the_last_check(client, settings):
    settings.ELEARN_OPERATOR = {**settings.ELEARN_OPERATOR, "accessibility_checked": "2026-11-30"}
    assert "30 November 2026" in client.get("/accessibility/").content.decode()


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "sl"])
def test_an_unset_operator_is_said_to_be_unset_in_the_readers_language(client, settings, language):
    """The default named no operator in English on every page ("The operator of this site (not configured)"
    on the German privacy notice); it is now the interface's own string, in the reader's language."""
    settings.ELEARN_OPERATOR = {**settings.ELEARN_OPERATOR, "name": ""}
    prefix = "" if language == "en" else f"/{language}"
    with translation.override(language):
        unset = translation.gettext("The operator of this site (not configured)")
    if language != "en":
        assert unset != "The operator of this site (not configured)"
    for path in ("/privacy/", "/imprint/"):
        html = client.get(prefix + path).content.decode()
        assert unset in html and (language == "en" or "not configured" not in html), (language, path)
