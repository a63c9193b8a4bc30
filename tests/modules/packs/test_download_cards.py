"""The catalogue's three download cards per release (issue 15.8): "Use it in your LMS" (the one-zip LMS
bundle per language, SCORM and Moodle XML saying what each carries, Common Cartridge and cmi5),
"Read it offline" (the pack), "Adapt it on your own server" (how to import); files grouped under
their language's name; checksums folded away; a ready attribution line; kits without a release
named; the same number of queries however many releases there are; in every interface language."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.models import KitPage, ReleaseFile

from .release_rows import SH1, stored_release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SH2 = {"id": "0d7f3c1e-8a44-4b1f-9c55-3e2a6b7d8f90", "code": "SH-2", "slug": "sh-2", "title": "Quadruple helix <basics>"}


def bilingual_files(slug="itg-t1", version="1.0.0"):
    """The files cut_release builds for a kit in English with SH-1 translated into German."""
    base = f"{slug}-{version}"
    return [
        (ReleaseFile.PACK, f"{base}.zip", b"PK pack " * 64, "application/zip", None),
        (ReleaseFile.SCORM, f"{base}-sh-1-scorm12.zip", b"PK scorm 1 " * 32, "application/zip", SH1),
        (ReleaseFile.SCORM, f"{base}-sh-2-scorm12.zip", b"PK scorm 2 " * 32, "application/zip", SH2),
        (ReleaseFile.MOODLE_XML, f"{base}-moodle.xml", b"<quiz/>", "application/xml", None),
        (ReleaseFile.LMS_BUNDLE, f"{base}-lms.zip", b"PK bundle " * 80, "application/zip", None),
        (ReleaseFile.COMMON_CARTRIDGE, f"{base}-cc11.imscc", b"PK cartridge " * 16, "application/zip", None),
        (ReleaseFile.CMI5, f"{base}-cmi5.zip", b"PK cmi5 " * 16, "application/zip", None),
        (ReleaseFile.SCORM, f"{base}-sh-1-scorm12-de.zip", b"PK scorm de " * 32, "application/zip", SH1, "de"),
        (ReleaseFile.MOODLE_XML, f"{base}-moodle-de.xml", b"<quiz lang='de'/>", "application/xml", None, "de"),
        (ReleaseFile.LMS_BUNDLE, f"{base}-lms-de.zip", b"PK bundle de " * 40, "application/zip", None, "de"),
        (ReleaseFile.COMMON_CARTRIDGE, f"{base}-cc11-de.imscc", b"PK cartridge de " * 16, "application/zip", None, "de"),
        (ReleaseFile.CMI5, f"{base}-cmi5-de.zip", b"PK cmi5 de " * 16, "application/zip", None, "de"),
    ]


def bilingual_release(**kwargs):
    return stored_release(files=bilingual_files(kwargs.get("slug", "itg-t1"), kwargs.get("version", "1.0.0")), languages="en,de",
                          manifest={"languages": ["en", "de"], "authors": [{"name": "S3-4AlpClusters project partners"}]}, **kwargs)


def section(page, start_marker, end_marker):
    start = page.index(start_marker)
    return page[start:page.index(end_marker, start)]


def card(page, release, name):
    return section(page, f'id="r-{release.pk}-{name}"', "</section>")


def language_group(lms_card, language):
    return section(lms_card, f"<h5>{language}</h5>", "</ul>")


def href(release, filename):
    return f'href="/packs/{release.kit_slug}/{release.version}/{filename}" download'


@pytest.mark.parametrize("who", ["anonymous", "learner"])
def test_cards_offer_each_file_under_its_language(client, learner, who):
    if who == "learner":
        client.force_login(learner)
    release = bilingual_release()
    response = client.get("/packs/")
    assert response.status_code == 200
    page = response.content.decode()
    lms, offline, adapt = card(page, release, "lms"), card(page, release, "offline"), card(page, release, "adapt")
    assert "Use it in your LMS" in lms and "Read it offline" in offline and "Adapt it on your own server" in adapt
    # What each format carries.
    assert "its lessons and its graded quiz" in lms and "The Moodle XML file carries the quiz questions only" in lms

    # English first, then German; each group holds its own language's bundle and files, nothing else.
    assert lms.index("<h5>English</h5>") < lms.index("<h5>German</h5>")
    english, german = language_group(lms, "English"), language_group(lms, "German")
    assert href(release, "itg-t1-1.0.0-lms.zip") in english and "Everything for your LMS (English)" in english
    for name in ("sh-1-scorm12.zip", "sh-2-scorm12.zip", "moodle.xml", "cc11.imscc", "cmi5.zip"):
        assert href(release, f"itg-t1-1.0.0-{name}") in english, name
    assert "-de." not in english and "itg-t1-1.0.0-lms-de.zip" not in english
    assert href(release, "itg-t1-1.0.0-lms-de.zip") in german and "Everything for your LMS (German)" in german
    for name in ("sh-1-scorm12-de.zip", "moodle-de.xml", "cc11-de.imscc", "cmi5-de.zip"):
        assert href(release, f"itg-t1-1.0.0-{name}") in german, name
    assert "sh-2" not in german  # SH-2 is not translated: no German package for it
    # Module titles beside their codes, escaped once.
    assert 'download><span class="code">SH-1</span> The S3-4AlpClusters project &amp; its programme</a>' in english
    assert 'download><span class="code">SH-2</span> Quadruple helix &lt;basics&gt;</a>' in english
    # With a bundle the files one by one are folded away; without one (below) they are open.
    assert '<details class="file-details">' in english
    assert "IMS Common Cartridge 1.1" in english and "cmi5 course package" in english

    # The pack is the offline card's, with every language it carries, and what to open.
    assert href(release, "itg-t1-1.0.0.zip") in offline and "English, German" in offline
    assert "offline/index.html" in offline and "README.txt" in offline
    assert "itg-t1-1.0.0.zip" not in lms
    # How to import: the admin screen and the real command, with the pack's public URL.
    assert "Kit packs › Import a pack" in adapt
    assert "python manage.py import_pack http://127.0.0.1:8000/packs/itg-t1/1.0.0/itg-t1-1.0.0.zip --dry-run" in adapt

    # Checksums only inside the folded <details>, one per file.
    details = section(page, '<details class="checksums">', "</details>")
    cards = section(page, 'class="download-cards"', 'class="attribution"')
    for item in release.files.all():
        assert item.sha256 not in cards and f'{item.filename}: <code class="checksum">{item.sha256}</code>' in details

    # A ready CC BY 4.0 attribution line: title, version, authors and project, source, licence and its deed.
    attribution = section(page, f'id="attribution-{release.pk}"', "</textarea>")
    assert ("“Kit ITG-T1”, version 1.0.0, by S3-4AlpClusters project partners (S3-4AlpClusters project, Interreg Alpine Space), "
            "http://127.0.0.1:8000/packs/#itg-t1-1.0.0, licensed under CC BY 4.0: https://creativecommons.org/licenses/by/4.0/") in attribution
    assert f'<label for="attribution-{release.pk}">Attribution to copy (CC BY 4.0)</label>' in page
    assert f'data-copy="attribution-{release.pk}"' in page  # the copy button, shown by site.js


def test_release_cut_before_the_bundle_lists_its_files_one_by_one(client):
    release = stored_release()  # pack, one SCORM, Moodle XML, Common Cartridge: no LMS bundle
    page = client.get("/packs/").content.decode()
    lms = card(page, release, "lms")
    assert "Everything for your LMS" not in lms and '<details class="file-details" open>' in lms
    assert href(release, "itg-t1-1.0.0-sh-1-scorm12.zip") in lms and href(release, "itg-t1-1.0.0-moodle.xml") in lms


def test_kits_without_a_release_say_so(client):
    released = KitPage.objects.get(slug="itg-t1", locale__language_code="en")
    bilingual_release(kit_key=released.translation_key)
    page = client.get("/packs/").content.decode()
    unreleased = section(page, 'id="unreleased"', "</section>")
    other = KitPage.objects.get(slug="itg-t2", locale__language_code="en")
    assert "Kits without a release yet" in unreleased and "nothing can be downloaded" in unreleased
    assert f">{other.title}</a>: not released yet" in unreleased and released.title not in unreleased


def test_no_release_at_all(client):
    page = client.get("/packs/").content.decode()
    assert "No release has been published yet." in page
    unreleased = section(page, 'id="unreleased"', "</section>")
    for kit in KitPage.objects.live().filter(locale__language_code="en"):
        assert kit.title in unreleased


TEXT = {
    "de": ("In Ihrem LMS nutzen", "Offline lesen", "Auf dem eigenen Server anpassen", "Alles für Ihr LMS (Deutsch)",
           "Namensnennung zum Kopieren (CC BY 4.0)", "lizenziert unter CC BY 4.0", "Kits noch ohne Version", "Paket herunterladen"),
    "fr": ("L’utiliser dans votre LMS", "Le lire hors ligne", "L’adapter sur votre propre serveur", "Tout pour votre LMS (Allemand)",
           "Attribution à copier (CC BY 4.0)", "sous licence CC BY 4.0", "Kits sans version publiée", "Télécharger le pack"),
    "it": ("Usarlo nel Suo LMS", "Leggerlo offline", "Adattarlo sul proprio server", "Tutto per il Suo LMS (Tedesco)",
           "Attribuzione da copiare (CC BY 4.0)", "con licenza CC BY 4.0", "Kit senza ancora una versione", "Scaricare il pacchetto"),
    "sl": ("Uporaba v vašem LMS", "Branje brez povezave", "Prilagoditev na lastnem strežniku", "Vse za vaš LMS (Nemščina)",
           "Navedba avtorstva za kopiranje (CC BY 4.0)", "z licenco CC BY 4.0", "Kompleti še brez izdaje", "Prenesi paket"),
}


@pytest.mark.parametrize("code", list(TEXT))
def test_cards_in_every_language(client, code):
    release = bilingual_release()
    page = client.get(f"/{code}/packs/").content.decode()
    lms_heading, offline_heading, adapt_heading, german_bundle, label, licensed, unreleased, pack = TEXT[code]
    assert lms_heading in card(page, release, "lms") and german_bundle in card(page, release, "lms")
    assert offline_heading in card(page, release, "offline") and pack in card(page, release, "offline")
    assert adapt_heading in card(page, release, "adapt")
    assert label in page and licensed in page and unreleased in page
    # No English left in the cards' own sentences.
    for english in ("Use it in your LMS", "Read it offline", "Everything for your LMS", "Attribution to copy", "licensed under",
                    "carries the quiz questions only", "Kits without a release yet"):
        assert english not in page, english


def queries_for(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/packs/").status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_releases(client):
    bilingual_release()
    client.get("/packs/")  # warm the site's caches (site root paths, settings)
    one = queries_for(client)
    for version in ("1.1.0", "1.2.0", "2.0.0"):
        bilingual_release(version=version)
    bilingual_release(slug="itg-t9", version="1.0.0")
    page = client.get("/packs/").content.decode()
    assert len(re.findall(r'class="download-cards"', page)) == 5
    assert queries_for(client) == one
