"""The funding statement in the reader's language (issue 16 leftover, DESIGN.md §7): every public page,
the error pages and the certificate PDF state the ERDF / Interreg Alpine Space funding with the
acronym in the glossary's wording of their language (the packs: tests/modules/packs/, interop/)."""

import io
import re
from datetime import datetime, timezone
from html import unescape
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

from modules.certificates import render_certificate_pdf
from modules.funding import funding_in
from tests.funding import ACRONYMS, STATEMENTS

LANGUAGES = ["en", "de", "fr", "it", "sl"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_statement_has_the_glossary_wording_of_each_language(language):
    facts = funding_in(language)
    assert facts["statement"] == STATEMENTS[language] and ACRONYMS[language] in facts["statement"]
    assert facts["acronym"] == "S3-4AlpClusters"  # a name: never translated
    with translation.override(language):
        assert funding_in() == facts  # the active language by default
    assert settings.ELEARN_FUNDING["statement"] == STATEMENTS["en"]  # the setting itself stays as it is


def test_a_statement_without_translation_is_shown_as_it_is():
    own = {"acronym": "X", "statement": "Funded by our region.", "programme": "", "fund": "Regional fund"}
    assert funding_in("de", own) == own


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_states_it_in_the_readers_language(client, language):
    prefix = "" if language == "en" else f"/{language}"
    for path in ("/", "/itg-t1/", "/packs/", "/accounts/login/"):
        response = client.get(prefix + path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        html = response.content.decode()
        # The footer's statement (an untranslated kit's own English summary may quote the English one).
        footer = re.search(r'<p class="funding-statement">(.*?)</p>', html).group(1)
        assert unescape(footer) == STATEMENTS[language] and "S3-4AlpClusters" in html, path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unavailable_page_states_it_in_the_readers_language(language):
    from elearn.site.middleware import unavailable_response

    with translation.override(language):
        html = unavailable_response().content.decode()
    assert STATEMENTS[language] in unescape(html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_certificate_pdf_states_it_in_the_holders_language(language):
    from pypdf import PdfReader

    certificate = SimpleNamespace(kit_code="ITG-T1", kit_title="S3 and clusters", learner_name="Žana Šušteršič", release_version="1.0.0",
                                  issued_at=datetime(2026, 12, 2, tzinfo=timezone.utc), code="ABCD-1234")
    with translation.override(language):
        data = render_certificate_pdf(certificate, "https://elearn.example.org/certificates/ABCD-1234/")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())
    assert STATEMENTS[language] in text and "S3-4AlpClusters" in text
