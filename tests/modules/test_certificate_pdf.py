"""The certificate as a PDF download: only for the learner who completed the kit, streamed, never stored."""

import io

import pytest

from modules.models import Certificate

from tests.modules.helpers import complete_module

pytestmark = pytest.mark.django_db


def pdf_text(data):
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is pinned in constraints.txt
        return data.decode("latin-1")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_learner_who_completed_the_kit_gets_a_pdf(learner_client, learner, kit_t1, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    for module in kit_t1.live_modules():
        complete_module(learner_client, module)
    response = learner_client.get("/itg-t1/certificate/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    assert data.startswith(b"%PDF")
    certificate = Certificate.objects.get(user=learner, kit_key=kit_t1.translation_key)
    text = " ".join(pdf_text(data).split())
    assert "Lena Huber" in text
    assert kit_t1.code in text and kit_t1.title in text
    assert certificate.code in text
    assert f"http://testserver/certificates/{certificate.code}/" in text
    assert certificate.issued_at.strftime("%Y") in text
    assert settings.ELEARN_FUNDING["acronym"] in text
    assert " ".join(settings.ELEARN_FUNDING["statement"].split()) in text
    assert not any(tmp_path.iterdir()), "the PDF must not be stored"

    page = learner_client.get("/itg-t1/certificate/").content.decode()
    assert 'href="/itg-t1/certificate/pdf/"' in page and "Download as PDF" in page


def test_a_learner_who_has_not_completed_the_kit_gets_403(learner_client, other_learner, kit_t1, client):
    assert learner_client.get("/itg-t1/certificate/pdf/").status_code == 403
    for module in kit_t1.live_modules():
        complete_module(learner_client, module)
    # Someone else's completion gives no certificate to another learner.
    client.force_login(other_learner)
    assert client.get("/itg-t1/certificate/pdf/").status_code == 403
    assert not Certificate.objects.filter(user=other_learner).exists()


def test_anonymous_pdf_request_goes_to_login(client):
    response = client.get("/itg-t1/certificate/pdf/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "certificate/pdf/" in response["Location"]


def test_names_from_every_alpine_country_print_correctly(learner_client, learner, kit_t2):
    learner.first_name, learner.last_name = "Živa", "Čebašek-Müller"
    learner.save()
    for module in kit_t2.live_modules():
        complete_module(learner_client, module)
    text = pdf_text(learner_client.get("/itg-t2/certificate/pdf/").content)
    assert "Živa Čebašek-Müller" in text


def test_the_pdf_names_the_release_completed_and_stays_after_new_content(learner_client, learner, kit_t2):
    from modules.models import KitRelease, ModulePage

    from tests.modules.helpers import complete_kit, publish_lesson

    KitRelease.objects.create(kit=kit_t2, kit_key=kit_t2.translation_key, kit_slug=kit_t2.slug, kit_title=kit_t2.title, version="1.0.0",
                              major=1, minor=0, patch=0, licence=kit_t2.licence, languages=kit_t2.languages, manifest={}, manifest_sha256="0" * 64)
    complete_kit(learner_client, kit_t2)
    assert "Release 1.0.0" in " ".join(pdf_text(learner_client.get("/itg-t2/certificate/pdf/").content).split())
    publish_lesson(ModulePage.objects.get(code="SH-2"), "published-later")
    response = learner_client.get("/itg-t2/certificate/pdf/")
    assert response.status_code == 200 and "Release 1.0.0" in " ".join(pdf_text(response.content).split())


def test_the_pdf_in_each_language_parses_and_its_qr_code_opens_the_verify_page(learner_client, learner, kit_t1, client):
    """One page that pypdf parses, in the holder's language (the page's language, /de/… in German):
    name, kit, code and the funding statement of that language as text; its QR code, read back from
    the drawing by an independent decoder, is the verification URL, and that URL says valid."""
    from urllib.parse import urlsplit

    from pypdf import PdfReader

    from tests.funding import STATEMENTS
    from tests.modules.helpers import complete_kit
    from tests.modules.qr_reader import qr_text_in_pdf

    complete_kit(learner_client, kit_t1)
    assert learner_client.get("/itg-t1/certificate/").status_code == 200  # issues it
    certificate = Certificate.objects.get(user=learner, kit_key=kit_t1.translation_key)
    verify_url = f"http://testserver/certificates/{certificate.code}/"
    for language, statement in STATEMENTS.items():
        prefix = "" if language == "en" else f"/{language}"
        response = learner_client.get(f"{prefix}/itg-t1/certificate/pdf/")
        assert response.status_code == 200, (language, response.status_code)
        reader = PdfReader(io.BytesIO(response.content))
        assert len(reader.pages) == 1
        assert reader.trailer["/Root"]["/Lang"] == language
        assert kit_t1.code in reader.metadata.title and reader.metadata.author == "S3-4AlpClusters"
        text = " ".join(pdf_text(response.content).split())
        assert "Lena Huber" in text and certificate.code in text, language
        assert kit_t1.code in text, language
        assert statement in text, language
        assert all(other not in text for lang, other in STATEMENTS.items() if lang != language), language
        assert qr_text_in_pdf(response.content) == verify_url, language
    page = client.get(urlsplit(verify_url).path)
    assert page.status_code == 200 and "This certificate is valid." in page.content.decode()


def test_the_qr_reader_rejects_a_damaged_code(learner, kit_t1):
    """The decoder is strict: one flipped module of the format information is a failure, not a guess."""
    from datetime import datetime, timezone
    from types import SimpleNamespace

    from modules.certificates import render_certificate_pdf
    from tests.modules.qr_reader import decode_qr, qr_matrix_from_pdf

    certificate = SimpleNamespace(kit_code="ITG-T1", kit_title="S3", learner_name="Lena Huber", release_version="",
                                  issued_at=datetime(2026, 12, 2, tzinfo=timezone.utc), code="7KQD-M3XA-RT9F")
    matrix = qr_matrix_from_pdf(render_certificate_pdf(certificate, "https://elearn.example.org/certificates/7KQD-M3XA-RT9F/"))
    assert decode_qr(matrix) == "https://elearn.example.org/certificates/7KQD-M3XA-RT9F/"
    matrix[8][0] = not matrix[8][0]
    with pytest.raises((ValueError, UnicodeDecodeError)):
        decode_qr(matrix)


ISSUED = {"en": "3 December 2026", "de": "3. Dezember 2026", "fr": "3 décembre 2026", "it": "3 dicembre 2026", "sl": "3. december 2026"}


@pytest.mark.parametrize("language", sorted(ISSUED))
def test_the_issue_date_is_written_as_the_language_writes_it(learner_client, learner, kit_t1, language, settings, tmp_path):
    """German and Slovenian put a full stop after the day ("3. Dezember 2026"); the page, the PDF and the
    verification page say the same date (elearn/formats). Italian writes the month in lower case
    ("3 dicembre 2026"), not as Django's own catalogue has it (elearn/formats/month_names.py)."""
    import datetime

    settings.MEDIA_ROOT = str(tmp_path)
    for module in kit_t1.live_modules():
        complete_module(learner_client, module)
    assert learner_client.get("/itg-t1/certificate/").status_code == 200  # issues the certificate
    certificate = Certificate.objects.get(user=learner, kit_key=kit_t1.translation_key)
    Certificate.objects.filter(pk=certificate.pk).update(issued_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC))
    prefix = "" if language == "en" else f"/{language}"
    page = learner_client.get(f"{prefix}/itg-t1/certificate/").content.decode()
    assert ISSUED[language] in page
    assert ISSUED[language] in " ".join(pdf_text(learner_client.get(f"{prefix}/itg-t1/certificate/pdf/").content).split())
    assert ISSUED[language] in learner_client.get(f"{prefix}/certificates/{certificate.code}/").content.decode()
