"""The public catalogue page (/packs/): which file for which platform (Common Cartridge beside SCORM
and Moodle XML), module titles beside their codes, checksums folded away, languages by name; in every
interface language."""

import re

import pytest

from .release_rows import stored_release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CARD = {
    "en": ("Which file for your platform", "Moodle, Canvas, Brightspace, Sakai and Schoology import it", "SHA-256 checksums", "German"),
    "de": ("Welche Datei für Ihre Plattform", "Moodle, Canvas, Brightspace, Sakai und Schoology importieren es", "SHA-256-Prüfsummen", "Deutsch"),
    "fr": ("Quel fichier pour votre plateforme", "Moodle, Canvas, Brightspace, Sakai et Schoology l’importent", "Sommes de contrôle SHA-256", "Allemand"),
    "it": ("Quale file per la Sua piattaforma", "Lo importano Moodle, Canvas, Brightspace, Sakai e Schoology", "Checksum SHA-256", "Tedesco"),
    "sl": ("Katera datoteka za vašo platformo", "Uvozijo ga Moodle, Canvas, Brightspace, Sakai in Schoology", "Kontrolne vsote SHA-256", "Nemščina"),
}


@pytest.mark.parametrize("code", list(CARD))
def test_catalogue_explains_the_formats_and_folds_checksums_away(client, code):
    release = stored_release(manifest={"languages": ["en", "de"]}, languages="en")
    page = client.get(("" if code == "en" else f"/{code}") + "/packs/").content.decode()
    heading, cartridge, checksums, german = CARD[code]
    assert heading in page and cartridge in page and "cc2olx" in page
    formats = page[page.index('id="formats"'):page.index('class="panel"')]
    assert formats.count("<li>") == 4 and "IMS Common Cartridge 1.1" in formats
    # The module's title beside its code, escaped once.
    assert '<span class="code">SH-1</span> The S3-4AlpClusters project &amp; its programme' in page
    # Every checksum is inside the <details>, none in the download cards.
    table = page[page.index('class="download-cards"'):page.index('class="attribution"')]
    start = page.index('<details class="checksums">')
    details = page[start:page.index("</details>", start)]
    assert f"<summary>{checksums}</summary>" in details
    for item in release.files.all():
        assert item.sha256 not in table and f"{item.filename}: <code class=\"checksum\">{item.sha256}</code>" in details
    assert re.search(rf"· [^·<]*, {german} ·", page)  # the manifest's languages, by name in the page's language


def test_catalogue_without_release(client):
    page = client.get("/packs/").content.decode()
    assert "No release has been published yet." in page and "Which file for your platform" in page


def test_a_translated_kit_is_listed_under_its_title_in_the_readers_language(client, kit_t1):
    import polib
    from wagtail.models import Locale

    from modules.packs.translations import apply_po

    stored_release(kit_key=kit_t1.translation_key, title=kit_t1.title)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    po.append(polib.POEntry(msgctxt="title", msgid=kit_t1.title, msgstr="S3 und Cluster für regionale Entscheidungsträger"))
    apply_po(kit_t1, Locale.objects.get(language_code="de"), po)
    assert '<h2 id="kit-itg-t1">S3 und Cluster für regionale Entscheidungsträger</h2>' in client.get("/de/packs/").content.decode()
    # Not translated into French: the release's own title.
    assert f'<h2 id="kit-itg-t1">{kit_t1.title}</h2>' in client.get("/fr/packs/").content.decode()
