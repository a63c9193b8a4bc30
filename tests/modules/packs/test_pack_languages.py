"""Packs carry languages (issue 12 point 5): the manifest lists them and holds every live translation
by stable id and language; per-language downloads; the offline copy's language switcher; a release
with two languages round-trips into a fresh database; and (issue 14 point 4) a release of a whole kit
in its five languages is valid in each and round-trips too."""

import io
import json
import zipfile
from html import unescape
from uuid import UUID

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings

from modules.models import KitPage, ReleaseFile
from modules.packs.loader import load_pack_folder
from modules.packs.manifest import FORMAT_VERSION, validate_manifest
from modules.packs.moodle_xml import build_moodle_xml
from modules.packs.offline import write_offline_copy
from modules.packs.pack_translations import localise, translated_languages
from modules.packs.releases import cut_release
from tests.funding import STATEMENTS

from .fresh_site import manage
from .moodle_checks import check_moodle_bank
from .scorm_checks import check_package
from .snapshots import LANGUAGES, load_german_sh1, snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

SNAPSHOT = """
import json
from modules.models import KitPage
from modules.packs.manifest import build_kit_snapshot
from modules.packs.media import MediaCollector
from modules.packs.pack_translations import build_translations
kit = KitPage.objects.get(slug="itg-t1", locale__language_code="en")
kit_data, modules = build_kit_snapshot(kit, MediaCollector())
print(json.dumps({"kit": kit_data, "modules": modules, "translations": build_translations(kit_data, modules, "en")}))
"""


@pytest.fixture
def release_de():
    load_german_sh1()
    return cut_release(KitPage.objects.get(slug="itg-t1", locale__language_code="en"), "1.0.0", "With German SH-1.")


def sh1(manifest):
    return next(module for module in manifest["modules"] if module["code"] == "SH-1")


def read(release_file):
    with default_storage.open(release_file.storage_name, "rb") as handle:
        return handle.read()


def test_release_lists_its_languages_and_carries_every_live_translation(release_de):
    manifest = release_de.manifest
    validate_manifest(manifest)
    assert manifest["format_version"] == FORMAT_VERSION == 2
    assert manifest["languages"] == ["en", "de"] == release_de.language_list
    assert manifest["metadata"]["inLanguage"] == ["en", "de"]
    module = sh1(manifest)
    german = manifest["translations"]["de"]
    # Keyed by the items' stable ids: the module, its translated lessons and its quiz.
    assert german[module["id"]]["kind"] == "module"
    assert german[module["id"]]["fields"]["title"] == "Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm"
    assert german[module["quiz"]["id"]]["kind"] == "quiz"
    assert set(german) <= {module["id"], module["quiz"]["id"], *[lesson["id"] for lesson in module["lessons"]]}
    assert len(german) == 2 + len(module["lessons"])   # SH-1 is German in full: the module, every lesson, the quiz
    title = next(s for s in german[module["id"]]["segments"] if s["context"] == "title")
    assert title == {"context": "title", "source": module["title"], "translation": "Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm"}


def test_a_release_without_translations_stays_in_one_language(settings):
    release = cut_release(KitPage.objects.get(slug="itg-t2", locale__language_code="en"), "1.0.0")
    assert release.manifest["languages"] == ["en"] and release.manifest["translations"] == {}
    assert {f.language for f in release.files.all()} == {"en"}


def test_downloads_per_language_keep_the_english_names(release_de):
    files = {f.filename: f for f in release_de.files.all()}
    # English downloads keep their names (and so their URLs); German ones only where German exists.
    assert "itg-t1-1.0.0-sh-1-scorm12.zip" in files and "itg-t1-1.0.0-moodle.xml" in files
    assert files["itg-t1-1.0.0-sh-1-scorm12-de.zip"].language == "de"
    assert files["itg-t1-1.0.0-moodle-de.xml"].language == "de"
    assert [name for name, f in files.items() if f.language == "de"] == [
        "itg-t1-1.0.0-sh-1-scorm12-de.zip", "itg-t1-1.0.0-moodle-de.xml", "itg-t1-1.0.0-lms-de.zip", "itg-t1-1.0.0-cc11-de.imscc",
        "itg-t1-1.0.0-cmi5-de.zip"]
    assert files["itg-t1-1.0.0-cc11.imscc"].language == files["itg-t1-1.0.0-cmi5.zip"].language == "en"
    assert release_de.file(ReleaseFile.COMMON_CARTRIDGE, language="de").filename == "itg-t1-1.0.0-cc11-de.imscc"
    assert release_de.file(ReleaseFile.CMI5, language="de").filename == "itg-t1-1.0.0-cmi5-de.zip"
    module_key = files["itg-t1-1.0.0-sh-1-scorm12-de.zip"].module_key
    assert release_de.file(ReleaseFile.SCORM, module_key).filename == "itg-t1-1.0.0-sh-1-scorm12.zip"
    assert release_de.file(ReleaseFile.SCORM, module_key, "de").filename == "itg-t1-1.0.0-sh-1-scorm12-de.zip"


def test_download_urls_of_both_languages_work(client, release_de):
    for name in ("itg-t1-1.0.0-sh-1-scorm12.zip", "itg-t1-1.0.0-sh-1-scorm12-de.zip", "itg-t1-1.0.0-moodle-de.xml"):
        response = client.get(f"/packs/itg-t1/1.0.0/{name}")
        assert response.status_code == 200, name
    catalogue = client.get("/packs/").content.decode()
    assert "itg-t1-1.0.0-sh-1-scorm12-de.zip" in catalogue and "German" in catalogue   # languages by name (i16)
    for name in ("itg-t1-1.0.0-cc11-de.imscc", "itg-t1-1.0.0-cmi5-de.zip"):
        assert name in catalogue and client.get(f"/packs/itg-t1/1.0.0/{name}").status_code == 200
    # The API says each download's language, and the languages the pack carries.
    release = client.get("/api/packs/").json()["kits"][0]["releases"][0]
    assert release["languages"] == ["en", "de"]
    languages = {d["filename"]: (d["language"], d["languages"]) for d in release["downloads"]}
    assert languages["itg-t1-1.0.0.zip"] == ("en", ["en", "de"])
    assert languages["itg-t1-1.0.0-cc11-de.imscc"] == languages["itg-t1-1.0.0-cmi5-de.zip"] == ("de", ["de"])
    assert languages["itg-t1-1.0.0-cc11.imscc"] == ("en", ["en"])
    # The feed: hreflang on every enclosure but the pack's, and the language in its title.
    feed = client.get("/packs/feed.atom").content.decode()
    assert 'hreflang="de"' in feed and "IMS Common Cartridge 1.1 · German" in feed


def test_german_moodle_bank_is_german_and_graded_like_the_english(release_de):
    german = read(release_de.file(ReleaseFile.MOODLE_XML, language="de")).decode()
    english = read(release_de.file(ReleaseFile.MOODLE_XML)).decode()
    source = sh1(release_de.manifest)["quiz"]
    quiz = release_de.manifest["translations"]["de"][source["id"]]
    english_texts = {a["feedback"] for q in source["questions"] for a in q["answers"]}
    feedback = next(a["feedback"] for q in sh1(localise(release_de.manifest, "de"))["quiz"]["questions"] for a in q["answers"]
                    if a["feedback"] and a["feedback"] not in english_texts)
    assert quiz["fields"]["questions"]
    assert feedback[:40] in german and feedback[:40] not in english
    # Same questions, same ids, same fractions: the rule does not depend on the language.
    assert german.count("<idnumber>") == english.count("<idnumber>")
    assert german.count('fraction="100"') == english.count('fraction="100"')
    assert german == build_moodle_xml(localise(release_de.manifest, "de")).decode()


def test_localise_overlays_text_and_keeps_structure_and_answer_keys(release_de):
    manifest = release_de.manifest
    german = localise(manifest, "de")
    assert localise(manifest, "en") is manifest
    assert german["kit"]["languages"][0] == "de" and translated_languages(manifest) == ["de"]
    for source, translated in zip(manifest["modules"], german["modules"]):
        assert [lesson["id"] for lesson in source["lessons"]] == [lesson["id"] for lesson in translated["lessons"]]
        for a, b in zip(source["lessons"], translated["lessons"]):
            assert [(x["id"], x["type"]) for x in a["blocks"]] == [(x["id"], x["type"]) for x in b["blocks"]]
        if source["quiz"]:
            keys = [[(a["id"], a["correct"]) for a in q["answers"]] for q in source["quiz"]["questions"]]
            assert keys == [[(a["id"], a["correct"]) for a in q["answers"]] for q in translated["quiz"]["questions"]]
            assert translated["quiz"]["pass_mark"] == source["quiz"]["pass_mark"]
    assert sh1(german)["title"] == "Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm"
    assert sh1(german)["quiz"]["title"] != sh1(manifest)["quiz"]["title"]
    # An untranslated module stays in English.
    assert german["modules"][1]["title"] == manifest["modules"][1]["title"]
    validate_manifest(german)


def test_offline_copy_has_a_language_switcher_and_opens_in_the_browsers_language(release_de):
    with zipfile.ZipFile(io.BytesIO(read(release_de.file(ReleaseFile.PACK)))) as archive:
        names = set(archive.namelist())
        english = archive.read("offline/index.html").decode()
        german = archive.read("offline/de/index.html").decode()
        german_lesson = archive.read("offline/de/sh-1/project-at-a-glance.html").decode()
        german_untranslated = archive.read(f"offline/de/{release_de.manifest['modules'][1]['slug']}/index.html").decode()
        script = archive.read("offline/assets/language.js").decode()
    assert "offline/assets/language.js" in names
    assert '<html lang="en" data-choose-language>' in english
    assert 'href="de/index.html" hreflang="de" lang="de">Deutsch</a>' in english
    assert '<html lang="de">' in german and 'href="../index.html" hreflang="en" lang="en">English</a>' in german
    # The same page in the other language, one level up.
    assert 'href="../../sh-1/project-at-a-glance.html" hreflang="en"' in german_lesson
    assert "Das Projekt im Überblick" in german_lesson and "fallback-note" not in german_lesson
    assert "fallback-note" in german_untranslated and "Diese Seite ist noch nicht auf Deutsch verfügbar" in german_untranslated
    assert "navigator.languages" in script and "localStorage" in script
    # The funding statement in the page's language (docs/glossary.md), the English one only in English.
    assert STATEMENTS["de"] in unescape(german) and STATEMENTS["de"] in unescape(german_lesson) and STATEMENTS["en"] not in unescape(german_lesson)
    assert STATEMENTS["en"] in unescape(english)
    german_scorm = next(f for f in release_de.files.all() if f.kind == ReleaseFile.SCORM and f.language == "de")
    with zipfile.ZipFile(io.BytesIO(read(german_scorm))) as sco:
        page, metadata = sco.read("index.html").decode(), sco.read("imsmanifest.xml").decode()
    page, metadata = unescape(page), unescape(metadata)
    assert STATEMENTS["de"] in page and STATEMENTS["de"] in metadata and STATEMENTS["en"] not in page
    # Every file of the copy is listed in the manifest with its checksum.
    listed = {entry["path"] for entry in release_de.manifest["files"]}
    assert {name for name in names if name.startswith("offline/")} == listed - {p for p in listed if p.startswith("media/")} - {"README.txt"}


def test_a_pack_with_two_languages_round_trips_into_a_fresh_database(release_de, tmp_path, fresh_site):
    path = tmp_path / "itg-t1.zip"
    path.write_bytes(read(release_de.file(ReleaseFile.PACK)))
    manage(fresh_site, "import_pack", str(path), "--publish")
    fresh = json.loads(manage(fresh_site, "shell", "--no-imports", "-c", SNAPSHOT))
    manifest = release_de.manifest
    assert fresh["kit"] == manifest["kit"]
    assert fresh["modules"] == manifest["modules"]
    # Every German item is back, in the German locale, with the same text and the same segments.
    assert fresh["translations"] == manifest["translations"]


@pytest.mark.browser
def test_offline_copy_opens_in_the_browsers_language_and_remembers_a_choice(tmp_path, offline_chromium):
    load_german_sh1()
    manifest = snapshot_manifest("itg-t1", translations=True)

    def add_file(arcname, data):
        (tmp_path / arcname).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / arcname).write_bytes(data)

    write_offline_copy(manifest, add_file)
    index = (tmp_path / "offline/index.html").as_uri()
    german_title = manifest["translations"]["de"][sh1(manifest)["id"]]["fields"]["title"]

    def german_reader(page):
        from playwright.sync_api import expect

        page.goto(index)
        expect(page).to_have_url((tmp_path / "offline/de/index.html").as_uri())
        expect(page.locator("html")).to_have_attribute("lang", "de")
        page.get_by_role("link", name=f"SH-1 {german_title}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(german_title)
        # The switcher leads to the same page in English, and the choice sticks.
        page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(sh1(manifest)["title"])
        page.goto(index)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        return page.url

    assert offline_chromium.with_page(german_reader, locale="de-DE") == index

    def french_reader(page):
        from playwright.sync_api import expect

        page.goto(index)  # no French in this copy: English, the source
        expect(page.locator("html")).to_have_attribute("lang", "en")
        return page.url

    assert offline_chromium.with_page(french_reader, locale="fr-FR") == index


def test_a_release_of_a_whole_kit_in_five_languages_is_valid_in_each_and_round_trips(client, tmp_path, fresh_site):
    """The one test that loads every translation of a kit (about a minute): ITG T1 as itg_t1/ holds it."""
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        load_pack_folder(settings.ELEARN_KIT_SOURCES[0])
    release = cut_release(KitPage.objects.get(slug="itg-t1", locale__language_code="en"), "1.2.0", "In five languages.")
    manifest = release.manifest
    validate_manifest(manifest)
    assert manifest["languages"] == release.language_list == ["en", *LANGUAGES]
    items = {module["id"] for module in manifest["modules"]} | {lesson["id"] for m in manifest["modules"] for lesson in m["lessons"]} \
        | {module["quiz"]["id"] for module in manifest["modules"] if module["quiz"]}
    with zipfile.ZipFile(io.BytesIO(read(release.file(ReleaseFile.PACK)))) as archive:
        names = set(archive.namelist())
        offline = {name: archive.read(name).decode() for name in names if name.startswith("offline/") and name.endswith(".html")}
    for language in LANGUAGES:
        # Every module, lesson and quiz of the kit is translated: nothing falls back to English.
        assert items <= set(manifest["translations"][language]), language
        localised = localise(manifest, language)
        validate_manifest(localised)
        # A valid SCORM 1.2 package of every module in the language, and a valid Moodle XML bank.
        for module in localised["modules"]:
            scorm = release.file(ReleaseFile.SCORM, UUID(module["id"]), language)  # module_key is a UUIDField
            assert scorm and scorm.filename == f"itg-t1-1.2.0-{module['slug']}-scorm12-{language}.zip"
            with zipfile.ZipFile(io.BytesIO(read(scorm))) as package:
                assert check_package(localised, module, package) == [], (language, module["code"])
        moodle = release.file(ReleaseFile.MOODLE_XML, language=language)
        assert moodle.filename == f"itg-t1-1.2.0-moodle-{language}.xml"
        assert check_moodle_bank(localised, read(moodle)) == [], language
        assert release.file(ReleaseFile.COMMON_CARTRIDGE, language=language) and release.file(ReleaseFile.CMI5, language=language)
        # The offline copy: the kit's index and every page in the language, none a fallback.
        index = offline[f"offline/{language}/index.html"]
        assert f'<html lang="{language}">' in index and localised["kit"]["title"] in unescape(index)
        pages = [name for name in offline if name.startswith(f"offline/{language}/")]
        for module in localised["modules"]:
            assert f"offline/{language}/{module['slug']}/index.html" in pages
            assert all(f"offline/{language}/{module['slug']}/{lesson['slug']}.html" in pages for lesson in module["lessons"])
        assert [name for name in pages if "fallback-note" in offline[name]] == []
    # The catalogue names the release's five languages.
    assert "English, German, French, Italian, Slovenian" in client.get("/packs/").content.decode()

    path = tmp_path / "itg-t1.zip"
    path.write_bytes(read(release.file(ReleaseFile.PACK)))
    manage(fresh_site, "import_pack", str(path), "--publish")
    fresh = json.loads(manage(fresh_site, "shell", "--no-imports", "-c", SNAPSHOT))
    assert fresh["kit"] == manifest["kit"] and fresh["modules"] == manifest["modules"]
    # Every language's pages are back, in their locales, with the same text and the same segments,
    # the self-assessment's included (test_self_assessment_translation_import.py has the small case).
    assert sorted(fresh["translations"]) == sorted(LANGUAGES)
    assert fresh["translations"] == manifest["translations"]
